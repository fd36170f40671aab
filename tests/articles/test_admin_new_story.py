"""A new story's form in the admin: what a reporter is shown on it, and that what it posts saves."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

ADD_STORY = "admin:articles_article_add"
MANAGEMENT_FIELD = re.compile(
    r'<input type="hidden" name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)" value="(\d*)"'
)


def management_forms(page):
    """The inline formsets' management fields the form holds, as the browser will post them back."""
    return dict(MANAGEMENT_FIELD.findall(page))


def form_errors(response):
    """What the form said about a refused save, field by field and formset by formset."""
    if not response.context or "adminform" not in response.context:
        return response
    formsets = [inline.formset for inline in response.context["inline_admin_formsets"]]
    return [
        response.context["adminform"].form.errors,
        *((f.prefix, f.errors, f.non_form_errors()) for f in formsets),
    ]


def test_a_reporters_new_story_form_has_no_empty_corrections_box(client):
    client.force_login(factories.reporter())
    page = client.get(reverse(ADD_STORY)).content.decode()
    assert 'id="bylines-group"' in page  # the form's inlines are there...
    assert 'id="corrections-group"' not in page  # ...but not corrections, which a reporter may not add
    assert not any(name.startswith("corrections-") for name in management_forms(page))


def test_an_editors_new_story_form_keeps_its_corrections_box(client):
    client.force_login(factories.editor())
    assert 'id="corrections-group"' in client.get(reverse(ADD_STORY)).content.decode()


def test_a_reporter_saves_a_new_story_from_what_its_form_posts(client):
    section = factories.section()
    client.force_login(factories.reporter())
    page = client.get(reverse(ADD_STORY)).content.decode()
    data = {
        **management_forms(page),
        "opened_version": "",
        "headline": "Night buses return to the city's outer districts",
        "kicker": Article.Kicker.NEWS,
        "standfirst": "Three lines run again from Monday.",
        "body": "<p>The city restores three night lines.</p>",
        "section": section.pk,
        "language": "en",
        "dateline": "",
        "byline_override": "",
        "video_url": "",
        "slug": "",
        "seo_title": "",
        "seo_description": "",
        "canonical_url": "",
        "bylines-0-author": factories.author().pk,
        "bylines-0-position": "0",
        "_save": "Save",
    }
    assert data["bylines-TOTAL_FORMS"] == "1"

    response = client.post(reverse(ADD_STORY), data)

    assert response.status_code == 302, form_errors(response)
    story = Article.objects.get(headline="Night buses return to the city's outer districts")
    assert story.status == Article.Status.DRAFT
    assert [byline.author_id for byline in story.bylines.all()] == [data["bylines-0-author"]]
