"""sitemap.xml and the Google News sitemap list what search engines should find, and nothing else."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories
from tests.articles.test_views import hidden_stories

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def locations(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")], root


def test_sitemap_lists_published_stories_their_sections_and_authors(client):
    writer = factories.author()
    story = factories.article(authors=[writer])
    empty_section = factories.section()
    idle_author = factories.author()
    hidden = hidden_stories()
    elsewhere = factories.article(canonical_url="https://partner.example.org/story")
    urls, _ = locations(client.get("/sitemap.xml"))
    base = "http://testserver"
    assert base + story.get_absolute_url() in urls
    assert base + story.section.get_absolute_url() in urls
    assert base + writer.get_absolute_url() in urls
    assert base + empty_section.get_absolute_url() not in urls
    assert base + idle_author.get_absolute_url() not in urls
    assert base + elsewhere.get_absolute_url() not in urls
    for story in hidden.values():
        assert base + story.get_absolute_url() not in urls


def test_sitemap_lists_the_tags_of_published_stories_with_their_newest_story(client):
    topic = factories.tag(name="Public procurement")
    factories.article(tags=[topic], published_at=timezone.now() - timedelta(days=3))  # older: not its lastmod
    newest = factories.article(tags=[topic], published_at=timezone.now() - timedelta(days=1))
    unused = factories.tag(name="Unused")
    draft_only = factories.tag(name="Draft only")
    factories.article(tags=[draft_only], published=False)
    urls, root = locations(client.get("/sitemap.xml"))
    base = "http://testserver"
    assert base + topic.get_absolute_url() in urls
    assert base + unused.get_absolute_url() not in urls
    assert base + draft_only.get_absolute_url() not in urls
    (entry,) = [
        url
        for url in root.iter(f"{SITEMAP}url")
        if url.findtext(f"{SITEMAP}loc").endswith(topic.get_absolute_url())
    ]
    # The sitemap writes the day in the site's time zone (Europe/Skopje): near midnight that is not the UTC day.
    assert entry.findtext(f"{SITEMAP}lastmod") == timezone.localdate(newest.published_at).isoformat()


def test_sitemap_gives_last_modified_of_updated_stories(client):
    revised = timezone.now() - timedelta(minutes=5)
    story = factories.article(revised_at=revised)
    _, root = locations(client.get("/sitemap.xml"))
    entry = next(
        u
        for u in root.iter(f"{SITEMAP}url")
        if u.findtext(f"{SITEMAP}loc").endswith(story.get_absolute_url())
    )
    assert entry.findtext(f"{SITEMAP}lastmod").startswith(timezone.localdate(revised).isoformat())


def test_news_sitemap_lists_stories_of_the_last_48_hours_with_news_details(client):
    fresh = factories.article(headline="Fresh story", language="mk")
    old = factories.article(
        headline="Old story", language="mk", published_at=timezone.now() - timedelta(hours=49)
    )
    hidden = hidden_stories()
    urls, root = locations(client.get("/mk/news-sitemap.xml"))
    # The Macedonian edition's news sitemap; a Macedonian story's canonical address carries the /mk/ prefix.
    assert f"http://testserver/mk/articles/{fresh.slug}/" in urls
    assert f"http://testserver/mk/articles/{fresh.slug}/" not in locations(client.get("/news-sitemap.xml"))[0]
    assert f"http://testserver{old.canonical_path}" not in urls
    for story in hidden.values():
        assert f"http://testserver{story.canonical_path}" not in urls
    (entry,) = root.iter(f"{SITEMAP}url")
    news = entry.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Newsroom"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "mk"
    assert news.findtext(f"{NEWS}title") == "Fresh story"
    assert news.findtext(f"{NEWS}publication_date").startswith(
        timezone.localtime(fresh.published_at).date().isoformat()
    )


def test_news_sitemap_escapes_headlines(client):
    factories.article(headline="Tom & Jerry <sued>")
    _, root = locations(client.get("/news-sitemap.xml"))
    assert root.find(f"{SITEMAP}url/{NEWS}news/{NEWS}title").text == "Tom & Jerry <sued>"
