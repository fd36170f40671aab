"""Editions (articles.editions): each language's pages hold that edition's stories only, and a story has one
address, under its own edition's prefix."""

import re
import xml.etree.ElementTree as ET

import pytest

from articles.models import Article
from tests import factories
from tests.sourcing import factories as sourcing

pytestmark = pytest.mark.django_db

EDITIONS = {"en": "", "mk": "/mk", "sq": "/sq"}


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def stories():
    """One story per edition, all in one section, with one tag and one author, each corrected once."""
    section, tag, author = factories.section(), factories.tag(), factories.author()
    made = {
        language: factories.article(
            language=language,
            headline=f"Ohrid story in {language}",
            section=section,
            tags=[tag],
            authors=[author],
        )
        for language in EDITIONS
    }
    for story in made.values():
        factories.correction(story, text=f"Corrected the {story.language} story.")
    return {"stories": made, "section": section, "tag": tag, "author": author}


def pages_of_an_edition(prefix, world):
    """Every list, feed and sitemap of the edition at `prefix`."""
    section, tag, author = world["section"], world["tag"], world["author"]
    return [
        f"{prefix}/",
        f"{prefix}/sections/{section.slug}/",
        f"{prefix}/tags/{tag.slug}/",
        f"{prefix}/authors/{author.slug}/",
        f"{prefix}/search/?q=Ohrid",
        f"{prefix}/corrections/",
        f"{prefix}/feed/",
        f"{prefix}/feed/atom/",
        f"{prefix}/sections/{section.slug}/feed/",
        f"{prefix}/tags/{tag.slug}/feed/",
        f"{prefix}/authors/{author.slug}/feed/",
        f"{prefix}/sitemap.xml",
        f"{prefix}/news-sitemap.xml",
    ]


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_list_feed_and_sitemap_of_an_edition_holds_only_its_own_stories(client, stories, edition):
    own = stories["stories"][edition]
    for address in pages_of_an_edition(EDITIONS[edition], stories):
        response = client.get(address)
        assert response.status_code == 200, address
        page = response.content.decode()
        for language, story in stories["stories"].items():
            shown = story.slug in page or f"the {language} story" in page
            assert shown == (story == own), (address, language)


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_sitemap_of_an_edition_lists_its_sections_tags_and_authors_under_its_prefix(
    client, stories, edition
):
    prefix = EDITIONS[edition]
    root = ET.fromstring(client.get(f"{prefix}/sitemap.xml").content)
    if root.tag.endswith("sitemapindex"):  # Django's index of the sections' sitemaps when there are several
        pages = [
            client.get(loc.text.removeprefix("http://testserver")).content
            for loc in root.iter()
            if loc.tag.endswith("loc")
        ]
        locations = [
            loc.text for page in pages for loc in ET.fromstring(page).iter() if loc.tag.endswith("loc")
        ]
    else:
        locations = [loc.text for loc in root.iter() if loc.tag.endswith("loc")]
    assert f"http://testserver{prefix}/sections/{stories['section'].slug}/" in locations
    assert f"http://testserver{prefix}/tags/{stories['tag'].slug}/" in locations


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_story_answers_301_from_every_other_prefix_to_its_own(client, stories, edition):
    story = stories["stories"][edition]
    own = f"{EDITIONS[edition]}/articles/{story.slug}/"
    assert client.get(own).status_code == 200
    for other, prefix in EDITIONS.items():
        if other == edition:
            continue
        response = client.get(f"{prefix}/articles/{story.slug}/", {"utm_source": "newsletter"})
        assert response.status_code == 301
        assert response["Location"] == f"{own}?utm_source=newsletter"


def test_links_to_a_story_from_any_page_use_its_one_address(stories):
    story = stories["stories"]["mk"]
    assert story.get_absolute_url() == f"/mk/articles/{story.slug}/"


def test_robots_txt_names_each_editions_sitemaps(client):
    robots = client.get("/robots.txt").content.decode()
    for prefix in EDITIONS.values():
        assert f"Sitemap: http://testserver{prefix}/sitemap.xml" in robots
        assert f"Sitemap: http://testserver{prefix}/news-sitemap.xml" in robots


def test_a_feed_of_an_edition_declares_its_language(client, stories):
    assert "<language>mk</language>" in client.get("/mk/feed/").content.decode()


@pytest.mark.parametrize(
    ("prefix", "title"),
    [("/", "Newsroom · English"), ("/mk/", "Newsroom · Македонски"), ("/sq/", "Newsroom · Shqip")],
)
def test_a_reader_tells_the_editions_feeds_apart_by_their_titles(client, stories, settings, prefix, title):
    settings.SITE_NAME = "Newsroom"
    assert ET.fromstring(client.get(f"{prefix}feed/").content).findtext("channel/title") == title
    home = client.get(prefix).content.decode()
    assert f'type="application/rss+xml" title="{title}"' in home
    assert f'type="application/atom+xml" title="{title} (Atom)"' in home
    corrections = ET.fromstring(client.get(f"{prefix}corrections/feed/").content)
    assert corrections.findtext("channel/title").endswith(title)


def test_a_site_with_one_edition_titles_its_feed_with_its_name_alone(client, stories, settings):
    settings.SITE_NAME, settings.NEWSROOM_EDITIONS = "Newsroom", ["en"]
    assert ET.fromstring(client.get("/feed/").content).findtext("channel/title") == "Newsroom"


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


@pytest.mark.parametrize("page", ["home", "section", "tag", "author", "people"])
def test_a_page_every_edition_has_names_its_other_editions_reciprocally(client, stories, page):
    world = stories
    path = {
        "home": "/",
        "section": world["section"].get_absolute_url(),
        "tag": world["tag"].get_absolute_url(),
        "author": world["author"].get_absolute_url(),
        "people": "/people/",
    }[page]
    base = "http://testserver"
    expected = {
        "en": base + path,
        "mk": f"{base}/mk{path}",
        "sq": f"{base}/sq{path}",
        "x-default": base + path,
    }
    for edition in ("", "/mk", "/sq"):
        response = client.get(f"{edition}{path}")
        assert response.status_code == 200, (edition, path)
        assert alternates(response.content.decode()) == expected, (edition, path)


@pytest.mark.parametrize("page", ["section", "tag", "author"])
def test_a_list_names_only_the_editions_that_have_stories_in_it(client, page):
    section, tag, author = factories.section(), factories.tag(), factories.author()
    for language in ("en", "mk"):
        factories.article(language=language, section=section, tags=[tag], authors=[author])
    factories.article(
        language="sq", section=section, tags=[tag], authors=[author], status=Article.Status.DRAFT
    )
    path = {"section": section, "tag": tag, "author": author}[page].get_absolute_url()
    base = "http://testserver"

    expected = {"en": base + path, "mk": f"{base}/mk{path}", "x-default": base + path}
    assert alternates(client.get(path).content.decode()) == expected
    assert alternates(client.get(f"/mk{path}").content.decode()) == expected
    # The Albanian page says "No stories yet": it names no alternates, and none name it.
    assert alternates(client.get(f"/sq{path}").content.decode()) == {}


def test_a_letter_of_an_index_and_a_story_name_no_edition_alternates(client, stories):
    sourcing.quote(stories["stories"]["en"], speaker=sourcing.person(name="Ana Kostovska"))
    assert alternates(client.get("/people/").content.decode())  # the index itself has them
    by_letter = client.get("/people/?letter=A")  # counts this edition's people only
    assert by_letter.status_code == 200 and alternates(by_letter.content.decode()) == {}
    story = stories["stories"]["mk"]
    # A story's alternates are its translations only (none here), not the other editions' home pages.
    assert alternates(client.get(story.get_absolute_url()).content.decode()) == {}
