"""RSS and Atom feeds: they parse, and list only what readers may see."""

import xml.etree.ElementTree as ET

import pytest

from tests import factories
from tests.articles.test_views import hidden_stories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def feed_titles(response, kind):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    if kind == "rss":
        assert root.tag == "rss" and root.get("version") == "2.0"
        return [item.findtext("title") for item in root.iter("item")], root
    assert root.tag == f"{ATOM}feed"
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")], root


FEEDS = [
    ("site", lambda section, tag, author: "/feed/"),
    ("section", lambda section, tag, author: f"{section.get_absolute_url()}feed/"),
    ("tag", lambda section, tag, author: f"{tag.get_absolute_url()}feed/"),
    ("author", lambda section, tag, author: f"{author.get_absolute_url()}feed/"),
]


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize(("scope", "feed_url"), FEEDS, ids=[name for name, _ in FEEDS])
def test_feed_parses_and_lists_only_published_stories(client, kind, scope, feed_url):
    section, tag, author = factories.section(), factories.tag(), factories.author()
    factories.article(headline="Visible story", section=section, tags=[tag], authors=[author])
    factories.article(headline="Somebody else's story")
    hidden_stories(section=section, tags=[tag], authors=[author])
    url = feed_url(section, tag, author) + ("atom/" if kind == "atom" else "")
    titles, _ = feed_titles(client.get(url), kind)
    assert "Visible story" in titles
    assert not any(title.startswith("Hidden") for title in titles)
    assert ("Somebody else's story" in titles) == (scope == "site")


def test_rss_item_carries_link_date_author_categories_and_image(client):
    writer = factories.author(name="Elena Stojanovska")
    story = factories.article(
        headline="Tender annulled",
        standfirst="The court ruled.",
        authors=[writer],
        section=factories.section(name="Courts"),
        tags=[factories.tag(name="Procurement")],
        lead_image=factories.image(),
    )
    _, root = feed_titles(client.get("/feed/"), "rss")
    item = root.find("channel/item")
    assert item.findtext("link") == f"http://testserver{story.get_absolute_url()}"
    assert item.findtext("description") == "The court ruled."
    assert item.findtext("pubDate")
    assert "Elena Stojanovska" in item.findtext(
        "{http://purl.org/dc/elements/1.1/}creator", ""
    ) + item.findtext("author", "")
    assert {c.text for c in item.findall("category")} == {"Courts", "Procurement"}
    guid = item.find("guid")
    assert guid.get("isPermaLink") == "false" and str(story.pk) in guid.text
    image = item.find(f"{MEDIA}content")
    assert image.get("medium") == "image" and image.get("url").endswith(".jpg")


def test_renaming_a_story_keeps_its_feed_identity(client):
    story = factories.article(slug="before")
    _, root = feed_titles(client.get("/feed/atom/"), "atom")
    first_id = root.find(f"{ATOM}entry/{ATOM}id").text
    story.slug = "after"
    story.save()
    _, root = feed_titles(client.get("/feed/atom/"), "atom")
    assert root.find(f"{ATOM}entry/{ATOM}id").text == first_id


@pytest.mark.parametrize("prefix", ["sections", "tags", "authors"])
def test_feed_of_an_unknown_section_tag_or_author_is_404(client, prefix):
    assert client.get(f"/{prefix}/no-such-thing/feed/").status_code == 404
    assert client.get(f"/{prefix}/no-such-thing/feed/atom/").status_code == 404
