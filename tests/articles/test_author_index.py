"""The authors index (/authors/): everyone with a byline on the edition's published stories, A to Z, with
their photo, role and story count, each leading to their own page."""

import pytest

from articles import views
from tests import factories
from tests.articles.test_sitemaps import locations
from tests.articles.test_views import hidden_stories

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def names_on(response):
    assert response.status_code == 200
    return [author.name for author in response.context["authors"]]


def test_authors_index_lists_authors_of_published_stories_a_to_z_with_role_and_story_count(client):
    zana = factories.author(name="Zana Mitreva", role="Investigative reporter")
    boris = factories.author(name="Boris Trajkov", photo=factories.image(alt_text="Boris Trajkov"))
    factories.article(authors=[zana, boris])
    factories.article(authors=[zana])
    hidden_writer = factories.author(name="Writes only hidden stories")
    hidden_stories(authors=[hidden_writer, zana])
    factories.author(name="Never published")

    response = client.get("/authors/")

    assert names_on(response) == ["Boris Trajkov", "Zana Mitreva"]
    page = response.content.decode()
    assert "Investigative reporter" in page
    assert "2 stories" in page and "1 story" in page  # the hidden stories are not counted
    assert f'<a href="{zana.get_absolute_url()}">Zana Mitreva</a>' in page
    assert 'alt="Boris Trajkov"' in page
    assert "Writes only hidden stories" not in page and "Never published" not in page


def test_macedonian_authors_index_follows_the_macedonian_alphabet(client):
    # Unicode (and a database sorting by it) puts Ѓ and Ј before А.
    for name in ("Јована Јанкоска", "Ѓорѓи Петров", "Ана Костовска", "Зоран Илиев", "Boris Trajkov"):
        factories.article(language="mk", authors=[factories.author(name=name)])

    assert names_on(client.get("/mk/authors/")) == [
        "Ана Костовска", "Ѓорѓи Петров", "Зоран Илиев", "Јована Јанкоска", "Boris Trajkov",
    ]  # fmt: skip


def test_authors_index_of_an_edition_lists_only_authors_of_its_stories(client):
    factories.article(language="en", authors=[factories.author(name="English writer")])
    factories.article(language="mk", authors=[factories.author(name="Македонски автор")])

    assert names_on(client.get("/authors/")) == ["English writer"]
    response = client.get("/mk/authors/")
    assert names_on(response) == ["Македонски автор"]
    assert '<html lang="mk">' in response.content.decode()


def test_authors_index_is_paginated_and_a_page_that_does_not_exist_is_a_404(client):
    for number in range(views.AUTHORS_PER_PAGE + 2):
        factories.article(authors=[factories.author(name=f"Author {number:03d}")])

    first, second = client.get("/authors/"), client.get("/authors/", {"page": 2})

    assert len(names_on(first)) == views.AUTHORS_PER_PAGE and len(names_on(second)) == 2
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' in second.content.decode()
    for bad in ("3", "0", "x"):
        assert client.get("/authors/", {"page": bad}).status_code == 404, bad


def test_authors_index_describes_itself_and_is_in_the_sitemap_and_the_footer(client):
    factories.article()

    page = client.get("/authors/").content.decode()
    urls, _ = locations(client.get("/sitemap.xml"))

    assert '<meta name="description" content="Who writes our stories' in page
    assert f'<link rel="canonical" href="{BASE}/authors/">' in page
    assert urls.count(f"{BASE}/authors/") == 1
    assert '<a href="/authors/">' in client.get("/").content.decode()


def test_authors_index_query_count_does_not_grow_with_authors(client, django_assert_max_num_queries):
    # Guards against an N+1 on each author's photo and story count: the count of authors and one page of
    # them with their photos joined and their stories counted, whether 1 author is listed or 20.
    factories.article(authors=[factories.author(photo=factories.image())])
    client.get("/authors/")  # warm what the site layout caches (section menu), which is not this page's cost
    with django_assert_max_num_queries(2):
        client.get("/authors/")
    for _ in range(20):
        factories.article(authors=[factories.author(photo=factories.image()), factories.author()])
    client.get("/authors/")
    with django_assert_max_num_queries(2):
        response = client.get("/authors/")
    assert len(names_on(response)) == 41


def test_macedonian_counts_say_stories_as_the_site_does_and_quotes_in_the_count_form(client):
    from tests.sourcing import factories as sourcing

    author = factories.author(name="Ана Костовска")
    speaker = sourcing.person(name="Илир Бериша")
    for _ in range(2):
        sourcing.quote(factories.article(language="mk", authors=[author]), speaker=speaker)

    assert "2 вести" in client.get("/mk/authors/").content.decode()  # "вест", as everywhere, not "текстови"
    assert "2 цитата" in client.get("/mk/people/").content.decode()  # after a numeral: "цитата", not "цитати"
