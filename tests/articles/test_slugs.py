"""Rows saved without a slug get one from their own text, unique and within the slug field's length."""

import itertools
from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from articles.models import ArticleSlugRedirect, Author, Section, Tag
from sourcing.models import Event, Person
from tests import factories

pytestmark = pytest.mark.django_db

MARKS = itertools.count(1)  # tag names are unique: these differ only in what a slug leaves out


@pytest.mark.parametrize(
    ("make", "slug"),
    [
        (lambda: Section.objects.create(name="Економија"), "ekonomija"),
        (lambda: Tag.objects.create(name=f"Јавни набавки {'!' * next(MARKS)}"), "javni-nabavki"),
        (lambda: Author.objects.create(name="Марија Илиевска"), "marija-ilievska"),
        (lambda: factories.article(headline="Зеленски потврди"), "zelenski-potvrdi"),
        (lambda: Person.objects.create(name="Христијан Мицкоски"), "hristijan-mickoski"),
        (
            lambda: Event.objects.create(name="Самит во Охрид", date=date(2024, 5, 20)),
            "samit-vo-ohrid-2024-05-20",
        ),
    ],
    ids=["section", "tag", "author", "article", "person", "event"],
)
def test_each_kind_of_row_gets_a_latin_slug_from_its_text_and_a_second_one_another(make, slug):
    first, second = make(), make()

    assert (first.slug, second.slug) == (slug, f"{slug}-2")


def test_a_slug_stays_within_its_field_and_leaves_room_for_a_number():
    tag = Tag.objects.create(name=("word " * 20).strip())  # 99 characters: its column holds 100

    assert len(tag.slug) <= Tag._meta.get_field("slug").max_length - 6
    assert not tag.slug.endswith("-")


def test_a_slug_given_by_the_editor_is_kept():
    assert Author.objects.create(name="Ana Petrova", slug="ana").slug == "ana"


def test_a_story_whose_slug_is_emptied_gets_its_headlines_again_and_that_address_no_longer_redirects(client):
    story = factories.article(headline="Budget passed")
    story.slug = "other"
    story.save()  # /articles/budget-passed/ now redirects to /articles/other/

    story.slug = ""
    story.save()

    assert story.slug == "budget-passed"
    assert not ArticleSlugRedirect.objects.filter(old_slug="budget-passed").exists()
    assert client.get("/articles/other/")["Location"] == "/articles/budget-passed/"


def test_a_text_with_no_letters_gives_the_models_name():
    assert Tag.objects.create(name="!!!").slug == "tag"


@pytest.mark.parametrize(
    ("admin_name", "fields", "slug"),
    [
        ("articles_tag", {"name_en": "Јавни набавки"}, "javni-nabavki"),
        ("articles_author", {"name_en": "Марија Илиевска"}, "marija-ilievska"),
        ("articles_section", {"name_en": "Економија", "order": "0"}, "ekonomija"),
        ("sourcing_person", {"name_en": "Христијан Мицкоски"}, "hristijan-mickoski"),
        ("sourcing_event", {"name_en": "Самит во Охрид", "date": "2024-05-20"}, "samit-vo-ohrid-2024-05-20"),
    ],
    ids=["tag", "author", "section", "person", "event"],
)
def test_an_editor_adds_one_in_the_admins_pop_up_with_no_slug_typed(client, admin_name, fields, slug):
    # The story form's "+" beside tags, bylines and speakers opens these pop-ups; they answered
    # "Slug: This field is required." for tags and authors.
    client.force_login(factories.editor())
    add = reverse(f"admin:{admin_name}_add") + "?_to_field=id&_popup=1"
    response = client.post(add, {**fields, "_to_field": "id", "_popup": "1"})
    assert response.status_code == 200
    assert "admin/popup_response.html" in [template.name for template in response.templates]
    app_label, model_name = admin_name.split("_")
    assert apps.get_model(app_label, model_name).objects.filter(slug=slug).exists()
