"""Public pages name what they show in surrogate keys (xkey, Surrogate-Key, Cache-Tag) and let a proxy in
front keep them (s-maxage, stale-while-revalidate, stale-if-error); private pages carry neither."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def keys(response):
    return set(response["xkey"].split())


@pytest.fixture
def story():
    return factories.article(headline="Bridge reopens", tags=[factories.tag()])


def test_story_page_names_the_story_and_its_translations(client, story):
    response = client.get(story.get_absolute_url())

    assert keys(response) == {f"article-{story.pk}", f"translations-{story.pk}"}


def test_the_three_proxies_read_the_same_keys(client, story):
    response = client.get(story.get_absolute_url())

    assert set(response["Surrogate-Key"].split()) == keys(response)
    assert set(response["Cache-Tag"].split(",")) == keys(response)


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


def test_an_address_with_no_story_yet_is_named_so_a_publish_purges_its_404(client):
    response = client.get(reverse("articles:article", args=["not-out-yet"]))

    assert response.status_code == 404
    assert keys(response) == {"missing-story"}


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
