"""The article page keeps the story's parts ({% cache %} fragments of templates/articles/article_detail.html)
until content changes, and reads only the story's row while they are kept. With the page cache off, so that
every request renders: each change an editor makes shows at once, and a story that is no longer public is gone
at once, whatever is kept.
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests import factories
from tests.sourcing import factories as sourcing_factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def story():
    return factories.article(
        headline="Budget talks collapse",
        authors=[factories.author(name="Ana Petrovska")],
        tags=[factories.tag(name="Budget")],
        section=factories.section(name="Politics", slug="politics"),
    )


def page(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def rename(model_object, **fields):
    for name, value in fields.items():
        setattr(model_object, name, value)
    model_object.save()


CHANGES = {
    "headline": (
        lambda story: rename(story, headline="Budget talks resume"),
        "<h1>Budget talks resume</h1>",
    ),
    "body": (lambda story: rename(story, body="<p>A paragraph added later.</p>"), "A paragraph added later."),
    "correction": (
        lambda story: factories.correction(story, text="An earlier version gave the wrong date."),
        "An earlier version gave the wrong date.",
    ),
    "quote": (
        lambda story: sourcing_factories.quote(story, text="We will not sign this budget."),
        "We will not sign this budget.",
    ),
    "author's name": (
        lambda story: rename(story.authors.get(), name="Ana Petrovska-Ristova"),
        "Petrovska-Ristova",
    ),
    "tag's name": (lambda story: rename(story.tags.get(), name="State budget"), ">State budget<"),
    "section's name": (
        lambda story: rename(story.section, name="Politics and power"),
        '<p class="kicker"><a href="/sections/politics/">Politics and power</a></p>',
    ),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_kept_story_shows_each_change_at_once(client, story, change):
    make_change, shown = change
    assert shown not in page(client, story)
    assert client.get(story.get_absolute_url()).status_code == 200  # the story's parts are kept now

    make_change(story)

    assert shown in page(client, Article.objects.get(pk=story.pk))


def test_a_translation_published_later_is_linked_at_once(client, story):
    english_page = page(client, story)
    assert '<link rel="alternate" hreflang="mk"' not in english_page

    translation = factories.article(language="mk", translation_of=story, headline="Преговорите пропаднаа")

    english_page = page(client, story)
    assert (
        f'<link rel="alternate" hreflang="mk" href="http://testserver{translation.get_absolute_url()}">'
        in (english_page)
    )
    assert f'<a href="{translation.get_absolute_url()}" hreflang="mk" lang="mk">' in english_page
    footer = english_page[english_page.index('<footer class="site-footer">') :]
    assert translation.get_absolute_url() in footer, "the footer's language menu leads to the translation"


def test_a_story_taken_down_without_a_save_signal_is_gone_at_once(client, story):
    page(client, story)
    # A bulk update sends no signal, so the content generation stays: only the story's own row tells.
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT)

    assert client.get(story.get_absolute_url()).status_code == 404


def test_a_story_whose_unpublish_time_passes_is_gone_at_once(client, story):
    story.unpublish_at = timezone.now() + timedelta(minutes=5)
    story.save()
    page(client, story)

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert client.get(story.get_absolute_url()).status_code == 404


def test_each_story_keeps_its_own_parts(client, story):
    other = factories.article(headline="Floods in the valley")
    page(client, story)

    other_page = page(client, other)

    assert "Floods in the valley" in other_page and "Budget talks collapse" not in other_page


def test_stories_sharing_a_canonical_url_keep_their_own_parts(client, story):
    # A series republished from a partner may name the partner's page as every story's canonical URL.
    partner = "https://partner.example.org/energy-series/"
    other = factories.article(headline="Floods in the valley", canonical_url=partner)
    story.canonical_url = partner
    story.save()
    page(client, story)

    other_page = page(client, other)

    assert "<h1>Floods in the valley</h1>" in other_page and "Budget talks collapse" not in other_page


def test_the_page_under_another_host_names_that_host_when_no_site_address_is_set(client, settings, story):
    # Development (NEWSROOM_SITE_URL unset): links point to the address the page was asked under.
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["testserver", "192.168.1.20"]
    page(client, story)

    response = client.get(story.get_absolute_url(), headers={"host": "192.168.1.20"})

    assert (
        f'<link rel="canonical" href="http://192.168.1.20{story.get_absolute_url()}">'
        in response.content.decode()
    )


def test_a_preview_and_the_public_page_keep_their_own_parts(client, story):
    editor_client = type(client)()
    editor_client.force_login(factories.editor())
    preview = editor_client.get(reverse("articles:preview", args=[story.pk])).content.decode()
    assert "Preview: this is how readers will see the story." in preview

    public = page(client, story)

    assert "Preview:" not in public and 'content="noindex, nofollow"' not in public
