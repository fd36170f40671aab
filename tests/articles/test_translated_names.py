"""Section and tag names in each language (articles.translation): a reader of the Macedonian edition reads
"Политика" where the English one reads "Politics", and the English name where no Macedonian one was written;
editors write every language's name on one admin form."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Author, Section, Tag
from tests import factories

pytestmark = pytest.mark.django_db


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def jsonld(html, kind):
    """The JSON-LD object of `kind` on the page."""
    for script in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(script)
        for item in data if isinstance(data, list) else [data]:
            if item.get("@type") == kind:
                return item
    raise AssertionError(f"no {kind} on the page")


@pytest.fixture
def politics():
    return factories.section(name="Politics", name_mk="Политика", name_sq="Politikë", slug="politika")


@pytest.fixture
def elections():
    return factories.tag(name="Elections", name_mk="Избори", slug="izbori")


def test_the_macedonian_edition_names_the_section_in_macedonian_everywhere_a_reader_meets_it(
    client, politics, elections
):
    story = factories.article(language="mk", section=politics, tags=[elections])
    factories.article(language="mk", section=politics)  # the home page's lead is the other one

    home = page(client, "/mk/")
    assert ">Политика</a>" in home and "Politics" not in home  # the menu and the section's block
    section_page = page(client, "/mk/sections/politika/")
    assert "<h1>Политика</h1>" in section_page and "<title>Политика" in section_page
    assert "Politics" not in section_page
    article_page = page(client, story.get_absolute_url())
    assert ">Политика</a>" in article_page and "Politics" not in article_page  # kicker and menu
    assert jsonld(article_page, "NewsArticle")["articleSection"] == "Политика"
    trail = [item["name"] for item in jsonld(article_page, "BreadcrumbList")["itemListElement"]]
    assert trail[1] == "Политика"


def test_the_english_edition_keeps_the_english_names(client, politics, elections):
    story = factories.article(language="en", section=politics, tags=[elections])

    assert "<h1>Politics</h1>" in page(client, "/sections/politika/")
    article_page = page(client, story.get_absolute_url())
    assert jsonld(article_page, "NewsArticle")["articleSection"] == "Politics"
    assert jsonld(article_page, "NewsArticle")["keywords"] == ["Elections"]
    assert "Политика" not in article_page and "Избори" not in article_page
    assert "<h1>Elections</h1>" in page(client, "/tags/izbori/")


def test_a_name_not_yet_translated_shows_the_default_languages(client, elections):
    world = factories.section(name="World", slug="svet")  # no Macedonian name yet
    factories.article(language="mk", section=world, tags=[elections])
    courts = factories.tag(name="Courts", slug="sudovi")
    story = factories.article(language="mk", section=world, tags=[courts])

    # Marked as English, for screen readers to read it so.
    assert '<h1 lang="en">World</h1>' in page(client, "/mk/sections/svet/")
    assert '<h1 lang="en">Courts</h1>' in page(client, "/mk/tags/sudovi/")
    article_page = page(client, story.get_absolute_url())
    assert jsonld(article_page, "NewsArticle")["articleSection"] == "World"
    assert jsonld(article_page, "NewsArticle")["keywords"] == ["Courts"]


def test_the_macedonian_edition_names_tags_in_macedonian(client, politics, elections):
    story = factories.article(language="mk", section=politics, tags=[elections])

    tag_page = page(client, "/mk/tags/izbori/")
    assert "<h1>Избори</h1>" in tag_page and "Elections" not in tag_page
    article_page = page(client, story.get_absolute_url())
    assert 'rel="tag">Избори</a>' in article_page
    assert '<meta property="article:tag" content="Избори">' in article_page
    assert jsonld(article_page, "NewsArticle")["keywords"] == ["Избори"]


def test_story_cards_name_the_section_in_the_editions_language(client, politics, elections):
    factories.article(language="mk", section=politics, tags=[elections])

    for path in ("/mk/", "/mk/tags/izbori/"):  # the home page's lead, a tag's list
        assert '<p class="kicker">Политика</p>' in page(client, path), path


def test_feeds_of_the_macedonian_edition_name_sections_and_tags_in_macedonian(client, politics, elections):
    factories.article(language="mk", section=politics, tags=[elections])

    site_feed = page(client, "/mk/feed/")
    assert "<category>Политика</category>" in site_feed and "<category>Избори</category>" in site_feed
    assert "Politics" not in site_feed and "Elections" not in site_feed
    assert "<title>Политика ·" in page(client, "/mk/sections/politika/feed/")
    assert "<title>Избори ·" in page(client, "/mk/tags/izbori/feed/")
    assert "<title>Politics ·" in page(client, "/sections/politika/feed/")


def test_sitemaps_list_sections_and_tags_by_their_one_address(client, politics, elections):
    factories.article(language="mk", section=politics, tags=[elections])

    sitemap = page(client, "/mk/sitemap.xml")
    assert "/mk/sections/politika/" in sitemap and "/mk/tags/izbori/" in sitemap


def test_the_article_page_reads_its_tags_and_authors_names_in_every_language_in_its_one_query(
    django_assert_num_queries, elections
):
    # The tags and bylines come inside the story's row (articles.models.queries.article_page_rows): a tag or
    # an author read without its Macedonian name column would load it with one more query each.
    now = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
    ana = factories.author(name="Ana Petrovska", name_mk="Ана Петровска")
    story = factories.article(
        language="mk", tags=[elections], authors=[ana], published_at=now - timedelta(hours=1)
    )

    with translation.override("mk"), django_assert_num_queries(1):
        found = Article.objects.for_article_page().get(pk=story.pk)
        names = [tag.name for tag in found.tags.all()] + [author.name for author in found.ordered_authors]

    assert names == ["Избори", "Ана Петровска"]


def test_every_row_needs_a_name_in_the_default_language():
    section = Section(name_mk="Политика", slug="politika")

    with pytest.raises(ValidationError) as refused:
        section.full_clean()

    assert "name_en" in refused.value.message_dict


@pytest.fixture
def superuser_client(client):
    client.force_login(factories.user(is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("model", [Section, Tag])
def test_the_admin_form_edits_the_name_in_every_language(superuser_client, model):
    form = page(superuser_client, reverse(f"admin:articles_{model._meta.model_name}_add"))

    fields = {name: tag for tag, name in re.findall(r'(<input[^>]*name="(name[^"]*)"[^>]*>)', form)}
    assert sorted(fields) == ["name_en", "name_mk", "name_sq"]
    # The default language's is required: the others show it while they are empty.
    assert [name for name, tag in fields.items() if " required" in tag] == ["name_en"]


def test_an_editor_names_a_tag_in_three_languages_on_one_form(superuser_client):
    response = superuser_client.post(
        reverse("admin:articles_tag_add"),
        {"name_en": "Elections", "name_mk": "Избори", "name_sq": "Zgjedhjet", "slug": ""},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    tag = Tag.objects.get(name_en="Elections")
    assert (tag.name_mk, tag.name_sq) == ("Избори", "Zgjedhjet")
    with translation.override("sq"):
        assert str(tag) == "Zgjedhjet"


def test_a_tag_name_taken_in_one_language_is_refused_with_a_message(superuser_client, elections):
    response = superuser_client.post(
        reverse("admin:articles_tag_add"),
        {"name_en": "Voting", "name_mk": "Избори", "name_sq": "", "slug": ""},
    )

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert not Tag.objects.filter(name_en="Voting").exists()


def test_many_tags_may_lack_a_name_in_a_language(superuser_client):
    for english in ("Courts", "Energy"):
        response = superuser_client.post(
            reverse("admin:articles_tag_add"), {"name_en": english, "name_mk": "", "name_sq": "", "slug": ""}
        )
        assert response.status_code == 302

    assert Tag.objects.filter(name_mk__isnull=True).count() == 2


def test_the_admin_finds_a_tag_by_its_name_in_any_language(superuser_client, elections):
    changelist = page(superuser_client, reverse("admin:articles_tag_changelist") + "?q=Избори")

    assert "/change/" in changelist and str(elections.pk) in changelist


# Authors: a Macedonian reporter's name in Cyrillic in the Macedonian edition, in Latin letters in the others.


@pytest.fixture
def ana():
    return factories.author(
        name="Ana Petrovska",
        name_mk="Ана Петровска",
        role="Investigative reporter",
        role_mk="Истражувачка новинарка",
        slug="ana-petrovska",
    )


def test_the_macedonian_edition_writes_a_bylines_name_in_macedonian(client, ana):
    story = factories.article(language="mk", authors=[ana])

    article_page = page(client, story.get_absolute_url())
    assert 'rel="author">Ана Петровска</a>' in article_page and "Ana Petrovska" not in article_page
    assert [author["name"] for author in jsonld(article_page, "NewsArticle")["author"]] == ["Ана Петровска"]
    author_page = page(client, "/mk/authors/ana-petrovska/")
    assert "<h1>Ана Петровска</h1>" in author_page and "Истражувачка новинарка" in author_page
    assert "<title>Ана Петровска" in author_page
    assert "Ана Петровска" in page(client, "/mk/authors/")
    feed = page(client, "/mk/feed/")
    assert "Ана Петровска" in feed and "Ana Petrovska" not in feed


def test_the_english_edition_keeps_the_authors_english_name(client, ana):
    story = factories.article(language="en", authors=[ana])

    article_page = page(client, story.get_absolute_url())
    assert 'rel="author">Ana Petrovska</a>' in article_page and "Ана" not in article_page
    assert "<h1>Ana Petrovska</h1>" in page(client, "/authors/ana-petrovska/")


def test_the_authors_index_sorts_by_the_names_readers_see(client, ana):
    # Boris has no Macedonian name yet: the Macedonian edition shows and sorts him by his English one.
    boris = factories.author(name="Boris Trajkov", slug="boris-trajkov")
    zoran = factories.author(name="Zoran Ilievski", name_mk="Зоран Илиевски", slug="zoran-ilievski")
    factories.article(language="mk", authors=[zoran, boris, ana])
    factories.article(language="en", authors=[zoran, boris, ana])

    mk_index = page(client, "/mk/authors/")  # the edition's alphabet first, then Latin names
    assert (
        mk_index.index("Ана Петровска") < mk_index.index("Зоран Илиевски") < mk_index.index("Boris Trajkov")
    )
    en_index = page(client, "/authors/")
    assert (
        en_index.index("Ana Petrovska") < en_index.index("Boris Trajkov") < en_index.index("Zoran Ilievski")
    )


def test_an_editor_writes_an_authors_name_in_every_language_and_finds_them_by_either(superuser_client):
    response = superuser_client.post(
        reverse("admin:articles_author_add"),
        {
            "name_en": "Ana Petrovska", "name_mk": "Ана Петровска", "name_sq": "",
            "role_en": "Reporter", "role_mk": "Новинарка", "role_sq": "Gazetare",
            "bio_en": "", "bio_mk": "", "bio_sq": "", "slug": "", "links": "",
        },
    )  # fmt: skip

    assert response.status_code == 302, response.content.decode()[:3000]
    author = Author.objects.get(name_en="Ana Petrovska")
    assert author.slug == "ana-petrovska"  # from the default language's name
    with translation.override("sq"):
        assert (author.name, author.role) == ("Ana Petrovska", "Gazetare")  # no Albanian name: the English
    for query in ("Ана", "Petrovska"):
        changelist = page(superuser_client, reverse("admin:articles_author_changelist") + f"?q={query}")
        assert "Ana Petrovska" in changelist, query
