"""The people index (/people/): everyone quoted in the edition's published stories, A to Z, with their role
today and how often they are quoted, paginated, with a jump to each first letter."""

import pytest

from sourcing import views
from tests import factories
from tests.articles.test_sitemaps import locations
from tests.articles.test_views import hidden_stories
from tests.sourcing import factories as sourcing

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False  # each request renders: what is measured is the page, not the cache


def names_on(response):
    assert response.status_code == 200
    return [person.name for person in response.context["people"]]


def test_people_index_lists_only_people_quoted_in_published_stories_a_to_z(client):
    story = factories.article()
    for name in ("Zoran Zaev", "Ana Petrovska", "Blerta Krasniqi"):
        sourcing.quote(story, speaker=sourcing.person(name=name, current_role=f"Role of {name}"))
    hidden = sourcing.person(name="Hidden Speaker")
    for draft in hidden_stories().values():
        sourcing.quote(draft, speaker=hidden)
    sourcing.person(name="Never Quoted")

    response = client.get("/people/")

    assert names_on(response) == ["Ana Petrovska", "Blerta Krasniqi", "Zoran Zaev"]
    page = response.content.decode()
    assert "Role of Ana Petrovska" in page
    assert f'href="{sourcing.Person.objects.get(name="Zoran Zaev").get_absolute_url()}"' in page
    assert "Hidden Speaker" not in page and "Never Quoted" not in page


def test_people_index_counts_each_persons_public_quotes_in_this_edition(client):
    speaker = sourcing.person(name="Ana Petrovska")
    story = factories.article()
    sourcing.quote(story, speaker=speaker)
    sourcing.quote(story, speaker=speaker)
    sourcing.quote(factories.article(), speaker=speaker)
    sourcing.quote(hidden_stories()["draft"], speaker=speaker)  # not public
    sourcing.quote(factories.article(language="mk"), speaker=speaker)  # the Macedonian edition's

    response = client.get("/people/")

    assert "3 quotes" in response.content.decode()
    assert [person.quote_count for person in client.get("/mk/people/").context["people"]] == [1]


def test_people_index_of_an_edition_lists_only_people_quoted_in_its_stories(client):
    english = sourcing.person(name="Quoted in English")
    macedonian = sourcing.person(name="Цитиран на македонски")
    sourcing.quote(factories.article(language="en"), speaker=english)
    sourcing.quote(factories.article(language="mk"), speaker=macedonian)

    assert names_on(client.get("/people/")) == ["Quoted in English"]
    response = client.get("/mk/people/")
    assert names_on(response) == ["Цитиран на македонски"]
    assert '<html lang="mk">' in response.content.decode()


def test_people_index_is_paginated_and_a_page_that_does_not_exist_is_a_404(client):
    story = factories.article()
    for number in range(views.PEOPLE_PER_PAGE + 3):
        sourcing.quote(story, speaker=sourcing.person(name=f"Person {number:03d}"))

    first, second = client.get("/people/"), client.get("/people/", {"page": 2})

    assert len(names_on(first)) == views.PEOPLE_PER_PAGE
    assert names_on(second) == [f"Person {number:03d}" for number in range(views.PEOPLE_PER_PAGE, 53)]
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' in second.content.decode()
    assert f'<link rel="canonical" href="{BASE}/people/?page=2">' in second.content.decode()
    for bad in ("3", "0", "x", "-1", "9" * 30):
        assert client.get("/people/", {"page": bad}).status_code == 404, bad


def test_people_index_jumps_to_the_names_starting_with_a_letter(client):
    story = factories.article()
    for name in ("Ana Petrovska", "Arben Hoxha", "Blerta Krasniqi", "ana lowercase"):
        sourcing.quote(story, speaker=sourcing.person(name=name))

    everyone = client.get("/people/").content.decode()
    only_a = client.get("/people/", {"letter": "A"})

    assert '<a href="/people/?letter=A"' in everyone and '<a href="/people/?letter=B"' in everyone
    assert sorted(names_on(only_a)) == ["Ana Petrovska", "Arben Hoxha", "ana lowercase"]
    assert f'<link rel="canonical" href="{BASE}/people/?letter=A">' in only_a.content.decode()
    typed_small = client.get("/people/", {"letter": "a"})  # a reader typing the address
    assert names_on(typed_small) == names_on(only_a)
    assert f'<link rel="canonical" href="{BASE}/people/?letter=A">' in typed_small.content.decode()
    for bad in ("Q", "AB", "<script>"):
        assert client.get("/people/", {"letter": bad}).status_code == 404, bad


def test_people_index_describes_itself_to_search_engines(client):
    sourcing.quote(factories.article())

    page = client.get("/people/").content.decode()

    assert '<meta name="description" content="Everyone quoted in our stories' in page
    assert f'<link rel="canonical" href="{BASE}/people/">' in page


def test_people_index_query_count_does_not_grow_with_people(client, django_assert_max_num_queries):
    # Guards against an N+1 on each person's quotes (their count): the first letters, the count of people
    # and one page of people with their quote counts, whether 1 person is listed or 30.
    story = factories.article()
    sourcing.quote(story, speaker=sourcing.person(name="Alone"))
    client.get("/people/")  # warm what the site layout caches (section menu), which is not this page's cost
    with django_assert_max_num_queries(3):
        client.get("/people/")
    for number in range(30):
        speaker = sourcing.person(name=f"{chr(ord('A') + number % 26)} Person {number}")
        sourcing.quote(story, speaker=speaker)
        sourcing.quote(factories.article(), speaker=speaker)
    client.get("/people/")  # new stories change the cached layout (the menu again), as above
    with django_assert_max_num_queries(3):
        response = client.get("/people/")
    assert len(names_on(response)) == 31


def test_people_index_is_in_the_sitemap_and_the_footer(client):
    sourcing.quote(factories.article())
    sourcing.quote(factories.article(language="mk"))

    urls, _ = locations(client.get("/sitemap.xml"))
    mk_urls, _ = locations(client.get("/mk/sitemap.xml"))

    assert urls.count(f"{BASE}/people/") == 1 and f"{BASE}/mk/people/" in mk_urls
    assert '<a href="/people/">' in client.get("/").content.decode()
