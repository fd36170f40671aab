"""A renamed section, tag, author, person or event keeps its old address: it answers with a 301 to the new one,
in every language and for its feeds, and never in a loop."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import OldSlug, Section, Tag
from tests import factories
from tests.sourcing import factories as sourcing_factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def public_section():
    return factories.article().section


def public_tag():
    tag = factories.tag()
    factories.article(tags=[tag])
    return tag


def public_author():
    author = factories.author()
    factories.article(authors=[author])
    return author


def public_person():
    person = sourcing_factories.person()
    sourcing_factories.quote(factories.article(), speaker=person)
    return person


def public_event():
    event, story = sourcing_factories.event(), factories.article()
    sourcing_factories.quote(story, source=sourcing_factories.source(story, event=event))
    return event


KINDS = {
    "section": (public_section, "/sections/{}/"),
    "tag": (public_tag, "/tags/{}/"),
    "author": (public_author, "/authors/{}/"),
    "person": (public_person, "/people/{}/"),
    "event": (public_event, "/events/{}/"),
}


def rename(row, slug):
    row.slug = slug
    row.save()


@pytest.mark.parametrize("prefix", ["", "/mk", "/sq"], ids=["en", "mk", "sq"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_renamed_rows_old_address_answers_301_to_its_new_one_in_each_language(client, kind, prefix):
    make, address = KINDS[kind]
    row = make()
    rename(row, "the-old-name")
    rename(row, "the-new-name")

    response = client.get(prefix + address.format("the-old-name"))

    assert response.status_code == 301
    assert response["Location"] == prefix + address.format("the-new-name")
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("kind", "feed"),
    [
        ("section", "/sections/{}/feed/"),
        ("section", "/sections/{}/feed/atom/"),
        ("tag", "/tags/{}/feed/"),
        ("tag", "/tags/{}/feed/atom/"),
        ("author", "/authors/{}/feed/"),
        ("author", "/authors/{}/feed/atom/"),
        ("person", "/people/{}/feed/"),
    ],
)
def test_a_renamed_rows_old_feed_address_answers_301_to_its_new_feed(client, kind, feed):
    make, _address = KINDS[kind]
    row = make()
    rename(row, "old-feed-name")
    rename(row, "new-feed-name")

    response = client.get("/mk" + feed.format("old-feed-name"))

    assert response.status_code == 301
    assert response["Location"] == "/mk" + feed.format("new-feed-name")
    assert client.get(response["Location"]).status_code == 200


def test_a_renamed_persons_old_quotes_json_answers_301_that_other_sites_may_read(client):
    person = public_person()
    rename(person, "old-speaker")
    rename(person, "new-speaker")

    response = client.get("/people/old-speaker/quotes.json")

    assert response.status_code == 301
    assert response["Location"] == "/people/new-speaker/quotes.json"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_old_address_keeps_its_query_string(client):
    section = public_section()
    rename(section, "old-section")
    rename(section, "new-section")

    response = client.get("/sections/old-section/?page=1")

    assert response["Location"] == "/sections/new-section/?page=1"


def test_an_address_renamed_twice_leads_straight_to_the_newest(client):
    tag = public_tag()
    for slug in ["first", "second", "third"]:
        rename(tag, slug)

    assert client.get("/tags/first/")["Location"] == "/tags/third/"
    assert client.get("/tags/second/")["Location"] == "/tags/third/"


def test_a_slug_renamed_back_is_the_live_address_again_with_no_loop(client):
    tag = public_tag()
    rename(tag, "original")
    rename(tag, "interim")
    rename(tag, "original")

    assert client.get("/tags/original/").status_code == 200
    response = client.get("/tags/interim/")
    assert response.status_code == 301
    assert response["Location"] == "/tags/original/"


def test_an_old_slug_taken_by_another_row_belongs_to_that_row(client):
    first = public_tag()
    rename(first, "budget")
    rename(first, "budget-2026")
    second = factories.tag(name="Budget", slug="budget")
    factories.article(tags=[second])

    page = client.get("/tags/budget/")

    assert page.status_code == 200
    assert page.context["tag"] == second
    rename(second, "budget-of-the-city")  # its old address is now the second tag's
    assert client.get("/tags/budget/")["Location"] == "/tags/budget-of-the-city/"


def test_an_old_slug_taken_by_another_row_no_longer_leads_to_the_first_when_that_row_is_gone(client):
    first = public_tag()
    rename(first, "budget")
    rename(first, "budget-2026")
    second = factories.tag(name="Budget", slug="budget")

    second.delete()

    assert client.get("/tags/budget/").status_code == 404  # not to the first tag, which left it behind


def test_the_same_old_slug_of_a_section_and_a_tag_leads_each_to_its_own(client):
    section, tag = public_section(), public_tag()
    rename(section, "elections")
    rename(tag, "elections")
    rename(section, "elections-section")
    rename(tag, "elections-tag")

    assert client.get("/sections/elections/")["Location"] == "/sections/elections-section/"
    assert client.get("/tags/elections/")["Location"] == "/tags/elections-tag/"


def test_a_deleted_rows_old_address_is_not_found(client):
    tag = factories.tag(slug="gone-before")
    rename(tag, "gone-after")
    tag.delete()

    assert client.get("/tags/gone-before/").status_code == 404
    assert not OldSlug.objects.exists()


def test_an_address_no_row_ever_had_is_not_found(client):
    assert client.get("/sections/never-was/").status_code == 404
    assert client.get("/people/never-was/quotes.json").status_code == 404


def test_a_rename_in_the_admin_leaves_a_301_from_the_old_address(client):
    section = public_section()
    rename(section, "before-admin")
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "correct horse battery")
    client.force_login(admin)

    client.post(
        f"/admin/articles/section/{section.pk}/change/",
        {"name_en": section.name, "slug": "after-admin", "order": 0},
    )

    assert Section.objects.get(pk=section.pk).slug == "after-admin"
    client.logout()
    assert client.get("/sections/before-admin/")["Location"] == "/sections/after-admin/"


def test_a_save_of_other_fields_only_remembers_nothing():
    tag = factories.tag(slug="kept")
    tag.name = "Kept, renamed"
    tag.save(update_fields=["name"])

    assert not OldSlug.objects.exists()
    assert Tag.objects.get(pk=tag.pk).slug == "kept"
