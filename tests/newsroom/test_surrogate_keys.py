"""Public pages name what they show in surrogate keys (xkey, Surrogate-Key, Cache-Tag) and let a proxy in
front keep them (s-maxage, stale-while-revalidate, stale-if-error); private pages carry neither."""

import pytest
from django.urls import reverse

from tests import factories
from tests.sourcing import factories as sourcing

pytestmark = pytest.mark.django_db


def keys(response):
    """The keys naming what the page shows, but `site`, which every public page carries."""
    return set(response["xkey"].split()) - {"site"}


@pytest.fixture
def story():
    return factories.article(headline="Bridge reopens", tags=[factories.tag()])


def test_story_page_names_the_story_and_its_translations(client, story):
    response = client.get(story.get_absolute_url())

    assert keys(response) == {f"article-{story.pk}", f"translations-{story.pk}"}


def test_the_three_proxies_read_the_same_keys(client, story):
    response = client.get(story.get_absolute_url())

    assert set(response["Surrogate-Key"].split()) == set(response["xkey"].split())
    assert set(response["Cache-Tag"].split(",")) == set(response["xkey"].split())


def test_a_page_kept_by_the_page_cache_keeps_its_keys(client, story):
    first = client.get(story.get_absolute_url())
    second = client.get(story.get_absolute_url())

    assert second["X-Page-Cache"] == "hit"
    assert second["xkey"] == first["xkey"]


def test_home_page_names_its_edition(client, story):
    assert keys(client.get(reverse("articles:home"))) == {"home-en"}
    assert keys(client.get("/mk/")) == {"home-mk"}


def test_section_tag_and_author_pages_name_their_own_in_the_edition(client, story):
    section, tag, author = story.section, story.tags.get(), story.authors.get()

    assert keys(client.get(section.get_absolute_url())) == {f"section-{section.pk}-en"}
    assert keys(client.get(tag.get_absolute_url())) == {f"tag-{tag.pk}-en"}
    assert keys(client.get(author.get_absolute_url())) == {f"author-{author.pk}-en"}


def test_feeds_and_sitemaps_are_named(client, story):
    assert keys(client.get(reverse("articles:feed"))) == {"feed-en"}
    assert keys(client.get(reverse("articles:section_feed", args=[story.section.slug]))) == {
        "feed-en",
        f"section-{story.section.pk}-en",
    }
    assert keys(client.get(reverse("sitemap"))) == {"sitemap-en"}
    assert keys(client.get(reverse("news_sitemap"))) == {"sitemap-en"}


def test_speaker_event_and_quote_pages_name_what_they_show(client, story):
    speaker, event = sourcing.person(name="Ana Kostovska"), sourcing.event(name="Budget hearing")
    sourcing.quote(story, speaker=speaker, source=sourcing.source(story, event=event))

    assert keys(client.get(speaker.get_absolute_url())) == {f"person-{speaker.pk}"}
    assert keys(client.get(reverse("sourcing:person_feed", args=[speaker.slug]))) == {
        "feed-en",
        f"person-{speaker.pk}",
    }
    assert keys(client.get(reverse("sourcing:person_json", args=[speaker.slug]))) == {f"person-{speaker.pk}"}
    assert keys(client.get(event.get_absolute_url())) == {f"event-{event.pk}"}
    assert keys(client.get(reverse("sourcing:quotes"))) == {"quotes-en"}
    assert keys(client.get(reverse("sourcing:people"))) == {"people-en"}
    assert keys(client.get("/mk/quotes/")) == {"quotes-mk"}
    assert keys(client.get(reverse("sourcing:article_json", args=[story.slug]))) == {
        f"article-{story.pk}",
        f"translations-{story.pk}",
    }


def test_every_public_page_also_carries_the_key_a_menu_change_purges(client, story):
    speaker = sourcing.person()
    sourcing.quote(story, speaker=speaker)

    for address in (
        reverse("articles:home"),
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        reverse("articles:corrections"),
        speaker.get_absolute_url(),
        reverse("sourcing:quotes"),
    ):
        assert "site" in client.get(address)["xkey"].split(), address


def test_an_address_with_no_story_yet_is_named_so_a_publish_purges_its_404(client):
    response = client.get(reverse("articles:article", args=["not-out-yet"]))

    assert response.status_code == 404
    assert keys(response) == {"not-found"}


def test_every_not_found_page_is_named_so_a_new_address_purges_it(client, story):
    for address in (
        reverse("articles:section", args=["not-yet"]),
        reverse("articles:tag", args=["not-yet"]),
        reverse("articles:author", args=["not-yet"]),
        reverse("sourcing:person", args=["not-yet"]),
        reverse("sourcing:event", args=["not-yet"]),
        reverse("sourcing:article_json", args=["not-yet"]),
        story.section.get_absolute_url() + "?page=9",  # a page the section has not filled yet
    ):
        response = client.get(address)
        assert response.status_code == 404, address
        assert "not-found" in keys(response), address
        assert "site" in response["xkey"].split(), address


def test_a_renamed_tags_old_address_is_named_so_a_new_tag_there_purges_its_redirect(client, story):
    tag = story.tags.get()
    old = tag.get_absolute_url()
    tag.slug = "renamed"
    tag.save()

    response = client.get(old)

    assert response.status_code == 301
    assert keys(response) == {"not-found"}


def test_public_pages_may_be_kept_by_a_proxy_and_served_stale_on_error(client, story, settings):
    settings.PAGE_CACHE_STALE_IF_ERROR = 3600

    cache_control = client.get(story.get_absolute_url())["Cache-Control"]

    assert "public" in cache_control
    assert "s-maxage=" in cache_control
    assert "stale-while-revalidate=" in cache_control
    assert "stale-if-error=3600" in cache_control


def assert_private(response):
    assert "xkey" not in response and "Surrogate-Key" not in response and "Cache-Tag" not in response
    assert "public" not in response.get("Cache-Control", "")
    assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_the_join_form_is_private(client):
    assert_private(client.get(reverse("membership:join")))


def test_the_admin_is_private(admin_client):
    assert_private(admin_client.get(reverse("admin:index")))


def test_a_signed_in_editor_gets_the_story_page_private(admin_client, story):
    assert_private(admin_client.get(story.get_absolute_url()))


def test_a_post_is_answered_private(client):
    assert_private(client.post(reverse("membership:join"), {}))
