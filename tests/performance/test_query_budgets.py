"""Every public page runs a fixed number of SQL queries, however many authors, tags, sources, quotes,
corrections and related stories it shows.

Each page is built twice, with one and with twenty of each related thing, and must cost the same pinned
number of queries both times (page cache off: these are the costs of a cache miss). A page whose count
grows with the data has an N+1; the comment on each test names the one it guards against.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.sourcing import factories as sourcing_factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def newsroom_with(count):
    """A story with `count` authors, tags, sources, quotes (by `count` speakers), corrections and related
    stories, plus `count` other stories in the same section, each with `count` authors and tags."""
    section = factories.section()
    authors = [factories.author() for _ in range(count)]
    tags = [factories.tag() for _ in range(count)]
    speaker = sourcing_factories.person()
    earlier = timezone.now() - timedelta(days=1)
    others = [
        factories.article(
            section=section, authors=authors, tags=tags, published_at=earlier, headline=f"Other {n}"
        )
        for n in range(count)
    ]
    for other in others:
        factories.correction(other)
        sourcing_factories.quote(other, speaker=speaker)
    story = factories.article(
        section=section,
        authors=authors,
        tags=tags,
        lead_image=factories.image(),
        headline="Budget talks collapse",
    )
    for n in range(count):
        factories.correction(story, text=f"Correction {n}")
        sourcing_factories.quote(story, speaker=speaker if n == 0 else sourcing_factories.person())
    return story, speaker


def page_queries(client, django_assert_num_queries, url, budget):
    cache.clear()  # nothing cached: not the section menu, not the page
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.fixture(params=[1, 20], ids=["one-of-each", "twenty-of-each"])
def newsroom(request):
    return newsroom_with(request.param)


def test_article_page_query_budget(client, newsroom, django_assert_num_queries):
    # Guards against a query per author (bylines), per tag, per correction, per related story's section or
    # lead image, and (once the sourcing panel is on the page) per source or quote. Story, bylines, tags,
    # corrections, related stories, reader appeal, section menu.
    story, _ = newsroom
    response = page_queries(client, django_assert_num_queries, story.get_absolute_url(), 7)
    assert "Budget talks collapse" in response.content.decode()


def test_home_page_query_budget(client, newsroom, django_assert_num_queries):
    # Guards against a query per story for its authors, section or lead image, and one per section block
    # (the per-section stories come from one windowed query).
    page_queries(client, django_assert_num_queries, reverse("articles:home"), 5)


def test_section_page_query_budget(client, newsroom, django_assert_num_queries):
    # Guards against a query per listed story for its bylines, section or lead image.
    story, _ = newsroom
    page_queries(client, django_assert_num_queries, story.section.get_absolute_url(), 5)


def test_tag_page_query_budget(client, newsroom, django_assert_num_queries):
    # Guards against a query per listed story for its bylines, section or lead image.
    story, _ = newsroom
    page_queries(client, django_assert_num_queries, story.tags.first().get_absolute_url(), 5)


def test_author_page_query_budget(client, newsroom, django_assert_num_queries):
    # Guards against a query per listed story for its co-authors, and for the author's photo.
    story, _ = newsroom
    page_queries(client, django_assert_num_queries, story.authors.first().get_absolute_url(), 5)


def test_speaker_page_query_budget(client, newsroom, django_assert_num_queries):
    # Guards against a query per quote for its story, source, source's event or event.
    _, speaker = newsroom
    response = page_queries(client, django_assert_num_queries, speaker.get_absolute_url(), 4)
    assert speaker.name in response.content.decode()


def test_search_page_query_budget(client, newsroom, django_assert_num_queries):
    # Guards against a query per result for its bylines, section or lead image (every story matches "body").
    response = page_queries(client, django_assert_num_queries, reverse("articles:search") + "?q=body", 4)
    assert "Budget talks collapse" in response.content.decode()
