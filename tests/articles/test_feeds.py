"""RSS and Atom feeds: they parse, list only what readers may see, and show what staff typed as text."""

import xml.etree.ElementTree as ET

import html5lib
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


def test_atom_entry_names_each_author_of_a_story_with_their_page(client):
    ana, ilir = factories.author(name="Ana Petrovska"), factories.author(name="Ilir Berisha")
    factories.article(headline="Two bylines", authors=[ana, ilir])
    factories.article(headline="Agency copy", authors=[ana], byline_override="MIA staff")

    _, root = feed_titles(client.get("/feed/atom/"), "atom")
    authors = {
        entry.findtext(f"{ATOM}title"): [
            (author.findtext(f"{ATOM}name"), author.findtext(f"{ATOM}uri"))
            for author in entry.findall(f"{ATOM}author")
        ]
        for entry in root.iter(f"{ATOM}entry")
    }
    assert authors["Two bylines"] == [
        ("Ana Petrovska", f"http://testserver{ana.get_absolute_url()}"),
        ("Ilir Berisha", f"http://testserver{ilir.get_absolute_url()}"),
    ]
    assert authors["Agency copy"] == [("MIA staff", None)]  # the byline as printed, not the account behind it


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


# Markup a reporter or editor might type, on purpose or by pasting: a feed reader must show it as text.
TYPED = "<img src=x onerror=alert(1)> & <script>alert(2)</script><b>bold</b>"
READER_TEXTS = {"title", "description", "subtitle", "summary"}


def as_a_reader_sees(xml_bytes):
    """A feed's titles and descriptions as a feed reader shows them, and the HTML elements it would render.

    Readers take RSS titles and descriptions, and Atom texts of type "html", as HTML; Atom texts without a
    type as plain text. Returns {"channel": {name: text}, "items": [{name: text}, ...], "rendered": [...]}.
    """
    rendered = []

    def texts(parent):
        shown = {}
        for child in parent:
            name = child.tag.rsplit("}", 1)[-1]
            if name not in READER_TEXTS:
                continue
            text = child.text or ""
            if child.tag.startswith(ATOM) and child.get("type", "text") == "text":
                shown[name] = text
                continue
            fragment = html5lib.parseFragment(text, treebuilder="etree", namespaceHTMLElements=False)
            shown[name] = "".join(fragment.itertext())
            rendered.extend((name, element.tag) for element in fragment.iter() if element is not fragment)
        return shown

    root = ET.fromstring(xml_bytes)
    channel = root.find("channel") if root.tag == "rss" else root
    items = channel.findall("item") + channel.findall(f"{ATOM}entry")
    return {"channel": texts(channel), "items": [texts(item) for item in items], "rendered": rendered}


CHANNEL_TEXTS = {
    "site": [],
    "section": [f"Courts {TYPED}", f"About the courts {TYPED}"],
    "tag": [f"Tenders {TYPED}"],
    "author": [f"Elena {TYPED}"],
}


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize(("scope", "feed_url"), FEEDS, ids=[name for name, _ in FEEDS])
def test_markup_typed_by_staff_shows_as_text_in_feed_readers(client, kind, scope, feed_url):
    section = factories.section(name=f"Courts {TYPED}", description=f"About the courts {TYPED}")
    tag = factories.tag(name=f"Tenders {TYPED}")
    author = factories.author(name=f"Elena {TYPED}")
    factories.article(
        headline=f"Headline {TYPED}",
        standfirst=f"Standfirst {TYPED}",
        section=section,
        tags=[tag],
        authors=[author],
    )
    url = feed_url(section, tag, author) + ("atom/" if kind == "atom" else "")
    response = client.get(url)
    assert response.status_code == 200
    seen = as_a_reader_sees(response.content)
    assert seen["rendered"] == []
    [item] = seen["items"]
    assert item["title"] == f"Headline {TYPED}"
    assert item["summary" if kind == "atom" else "description"] == f"Standfirst {TYPED}"
    channel_texts = " | ".join(seen["channel"].values())
    for typed in CHANNEL_TEXTS[scope]:
        assert typed in channel_texts


def test_every_feed_escapes_what_readers_render_as_html():
    """Each feed served, wherever its app is, writes through the generators that escape for feed readers."""
    import inspect

    from django.contrib.syndication.views import Feed
    from django.urls import get_resolver

    from articles.feeds import ReaderTextMixin

    def feeds(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from feeds(pattern.url_patterns)
            elif isinstance(inspect.unwrap(pattern.callback), Feed):  # some answer old addresses first
                yield inspect.unwrap(pattern.callback)

    served = list(feeds(get_resolver().url_patterns))
    assert len(served) >= 9  # the site's, each section's, tag's and author's (RSS and Atom), each speaker's
    for feed in served:
        assert issubclass(feed.feed_type, ReaderTextMixin), type(feed).__name__


def test_sanitized_html_reaches_feed_readers_as_html_and_dropped_characters_join_no_live_link():
    """A description that is HTML on purpose goes through the sanitizer and then as it is, not escaped.

    The sanitizer keeps href="java\\x01script:..." (no browser runs it); dropping the control character XML
    cannot carry would make it "javascript:", so it is replaced instead.
    """
    from articles.feeds import RssFeed
    from articles.sanitizer import safe_html

    feed = RssFeed(title="Site", link="https://example.org/", description="Stories")
    feed.add_item(
        title="Story",
        link="https://example.org/1",
        description=safe_html('<p>Kept <a href="java\x01script:alert(1)">x</a></p><script>alert(2)</script>'),
    )
    seen = as_a_reader_sees(feed.writeString("utf-8").encode())
    assert [element for name, element in seen["rendered"]] == ["p", "a"]
    assert "javascript:" not in feed.writeString("utf-8")


@pytest.mark.parametrize("url", ["/feed/atom/", "/corrections/feed/atom/", "/mk/corrections/feed/atom/"])
def test_atom_feeds_carry_what_rfc_4287_requires_of_a_feed_and_its_entries(client, url):
    """Strict feed readers and validators refuse a feed without them: each entry's <updated>, and an <author>
    for the feed (its entries without one of their own take it)."""
    for language in ("en", "mk"):
        story = factories.article(language=language, authors=[])
        factories.correction(story)

    _, root = feed_titles(client.get(url), "atom")
    entries = list(root.iter(f"{ATOM}entry"))
    assert entries
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Newsroom"
    for entry in entries:
        assert (
            entry.findtext(f"{ATOM}updated")
            and entry.findtext(f"{ATOM}id")
            and entry.findtext(f"{ATOM}title")
        )
