"""Site search: Cyrillic and Latin words, word beginnings, hidden stories, and queries that find nothing.

Runs on SQLite by default (substring fallback) and on PostgreSQL (full-text search with the GIN index)
when DATABASE_URL points there; the index test only runs on PostgreSQL.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles import views
from articles.models import Article
from tests import factories
from tests.articles.test_views import hidden_stories

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def search(client, query, edition="en"):
    """The search page of an edition (articles.editions): it finds that edition's stories only."""
    response = client.get("/search/" if edition == "en" else f"/{edition}/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def stories():
    return {
        "skopje": factories.article(
            headline="Владата во Скопје ја усвои реформата",
            standfirst="Собранието гласаше синоќа.",
            language="mk",
        ),
        "tirana": factories.article(
            headline="Regional leaders meet in Tirana",
            body="<p>The energy crisis dominated the summit.</p>",
        ),
        "albanian": factories.article(headline="Çështja e energjisë në Tetovë", language="sq"),
    }


def test_search_finds_a_cyrillic_word(client, stories):
    page = search(client, "Скопје", "mk")
    assert stories["skopje"].headline in page and stories["tirana"].headline not in page


def test_search_ignores_case_of_cyrillic_words(client, stories):
    assert stories["skopje"].headline in search(client, "скопје", "mk")
    assert stories["skopje"].headline in search(client, "СОБРАНИЕТО", "mk")


def test_search_finds_a_latin_word_in_the_body(client, stories):
    page = search(client, "summit")
    assert stories["tirana"].headline in page and stories["skopje"].headline not in page


def test_search_finds_albanian_words_with_diacritics(client, stories):
    assert stories["albanian"].headline in search(client, "energjisë", "sq")


def test_search_matches_the_beginning_of_a_word(client, stories):
    # Macedonian words change their endings; a stem must find them without a stemmer.
    assert stories["skopje"].headline in search(client, "Влад", "mk")


def test_search_finds_other_forms_of_a_word():
    # Macedonian and Albanian words change their endings; the reader's form finds the story's (stemming).
    mk = factories.article(headline="Нова болница во Тетово", language="mk")
    sq = factories.article(headline="Spitali i ri hapet sot", language="sq")
    assert list(Article.objects.published().search("болниците")) == [mk]
    assert list(Article.objects.published().search("spitaleve")) == [sq]


def test_every_word_must_match(client, stories):
    assert stories["tirana"].headline in search(client, "Tirana energy")
    assert stories["tirana"].headline not in search(client, "Tirana Скопје")


def test_an_edition_searches_its_own_stories_only(client, stories):
    assert stories["skopje"].headline not in search(client, "Скопје", "en")
    assert stories["skopje"].headline not in search(client, "Скопје", "sq")
    assert stories["tirana"].headline not in search(client, "Tirana", "mk")


def test_search_with_no_results_says_so(client, stories):
    page = search(client, "zzzxqnothing")
    assert "No stories match your search." in page and "0 stories match" in page


def test_empty_search_shows_the_form_only(client, stories):
    page = search(client, "")
    assert 'name="q"' in page and stories["tirana"].headline not in page and "match" not in page


@pytest.mark.parametrize("query", ["a & b | !c", "'\"", "(((", ":*", "\\", "% _", "x" * 5000, "<script>"])
def test_odd_queries_never_fail(client, stories, query):
    assert "<script>" not in search(client, query)


def test_search_never_shows_hidden_stories(client):
    hidden_stories()
    page = search(client, "Hidden")
    assert "0 stories match" in page and "Hidden draft story" not in page


def test_search_results_are_paginated_and_counted(client):
    for number in range(23):
        factories.article(headline=f"Ohrid story {number}")
    assert "23 stories match" in search(client, "Ohrid")
    assert client.get("/search/", {"q": "Ohrid", "page": 2}).status_code == 200
    assert client.get("/search/", {"q": "Ohrid", "page": 3}).status_code == 404


@on_postgresql
def test_headline_matches_rank_above_body_matches(client):
    body_only = factories.article(headline="Weekly round-up", body="<p>Mentions Kumanovo once.</p>")
    headline = factories.article(headline="Kumanovo gets a new hospital")
    results = list(Article.objects.published().search("Kumanovo"))
    assert results == [headline, body_only]


@on_postgresql
def test_search_page_lists_a_headline_match_above_a_newer_body_match(client):
    now = timezone.now()
    factories.article(headline="Kumanovo gets a new hospital", published_at=now - timedelta(days=3))
    factories.article(
        headline="Weekly round-up",
        body="<p>Mentions Kumanovo once.</p>",
        published_at=now - timedelta(hours=1),
    )
    page = search(client, "Kumanovo")
    assert page.index("Kumanovo gets a new hospital") < page.index("Weekly round-up")


@on_postgresql
def test_search_ranks_the_newest_matches_only_and_equal_matches_newest_first(client, monkeypatch):
    # Words common in the archive match thousands of stories: the newest few hundred are ranked, so an old
    # story matching in its headline does not push this week's stories off the first page.
    monkeypatch.setattr(views, "SEARCH_RANKED", 3)
    now = timezone.now()
    factories.article(headline="Lake Ohrid in the 1990s", published_at=now - timedelta(days=900))
    for days, headline in [
        (3, "Fishermen count the trout"),
        (1, "Ferry timetable changes"),
        (2, "Hotels fill up"),
    ]:
        factories.article(
            headline=headline, body="<p>On the shore of Ohrid.</p>", published_at=now - timedelta(days=days)
        )
    page = search(client, "Ohrid")
    assert "More than 3 stories match" in page and "Lake Ohrid in the 1990s" not in page
    positions = [
        page.index(headline)
        for headline in ["Ferry timetable changes", "Hotels fill up", "Fishermen count the trout"]
    ]
    assert positions == sorted(positions)


@on_postgresql
def test_search_uses_the_gin_index():
    factories.article(headline="Струмица")
    with connection.cursor() as cursor:
        # Tiny tables: without these the planner may read the whole table, or walk a b-tree index on the
        # publication time and filter, depending on statistics that other tests changed. A GIN index is
        # read by bitmap scans only, which stay allowed.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = Article.objects.search("Струмица").explain()
    assert "article_search" in plan


@on_postgresql
def test_search_says_exactly_how_many_match_when_all_were_ranked(client, monkeypatch):
    monkeypatch.setattr(views, "SEARCH_RANKED", 3)
    for headline in ["Ohrid ferry", "Ohrid hotels", "Ohrid trout"]:
        factories.article(headline=headline)
    page = search(client, "Ohrid")
    assert "3 stories match" in page and "More than" not in page
