"""What pages ask of the stories (ArticleQuerySet): the article page's story, the home page's newest stories
per section, and the next time a story appears or leaves by itself."""

from datetime import UTC, datetime, timedelta

import pytest

from articles.models import Article
from tests import factories
from tests.sourcing import factories as sourcing_factories

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def hours_ago(hours):
    return NOW - timedelta(hours=hours)


def test_the_article_page_reads_a_story_with_its_sources_and_quotes_in_one_query(django_assert_num_queries):
    story = factories.article(tags=[factories.tag(name="Water")], published_at=hours_ago(1))
    quote = sourcing_factories.quote(story, source=sourcing_factories.source(story))

    # One query: sourcing adds its rows through ARTICLE_PAGE_ROWS, which articles does not name.
    with django_assert_num_queries(1):
        found = Article.objects.for_article_page().get(pk=story.pk)
        seen = ([tag.name for tag in found.tags.all()], list(found.quotes.all()), len(found.sources.all()))

    assert found == story
    assert seen == (["Water"], [quote], 1)


def test_the_article_page_finds_no_story_before_its_time_nor_at_an_unknown_address():
    story = factories.article(status=Article.Status.SCHEDULED, published_at=NOW + timedelta(minutes=1))

    assert Article.objects.published_page(story.slug, at=NOW) is None
    assert Article.objects.published_page("no-such-story", at=NOW) is None
    assert Article.objects.published_page(story.slug, at=NOW + timedelta(minutes=1)) == story


def test_the_article_page_finds_a_story_by_its_address_in_the_queryset_it_is_asked_of():
    story = factories.article(language="en", published_at=hours_ago(1))

    assert Article.objects.filter(language="en").published_page(story.slug, at=NOW) == story
    assert Article.objects.filter(language="mk").published_page(story.slug, at=NOW) is None


def test_newest_per_section_gives_each_sections_newest_in_menu_order_leaving_out_those_shown(
    django_assert_num_queries,
):
    politics = factories.section(name="Politics", order=1)
    economy = factories.section(name="Economy", order=2)
    empty = factories.section(name="Culture", order=3)
    shown = factories.article(section=economy, published_at=hours_ago(1))
    economy_stories = [factories.article(section=economy, published_at=hours_ago(h)) for h in (2, 3, 4)]
    politics_stories = [factories.article(section=politics, published_at=hours_ago(h)) for h in (5, 6, 7)]
    factories.article(section=politics, published=False)

    with django_assert_num_queries(1):
        found = Article.objects.published(at=NOW).newest_per_section(
            2, section_ids=[economy.pk, politics.pk, empty.pk], exclude=[shown.pk]
        )
        sections = [story.section.name for story in found]

    assert found == politics_stories[:2] + economy_stories[:2]
    assert sections == ["Politics", "Politics", "Economy", "Economy"]


def test_newest_per_section_of_no_sections_is_empty_without_a_query(django_assert_num_queries):
    factories.article()

    with django_assert_num_queries(0):
        assert Article.objects.published().newest_per_section(4, section_ids=[]) == []


def test_the_next_scheduled_change_is_the_soonest_story_to_appear_or_leave():
    factories.article(status=Article.Status.SCHEDULED, published_at=NOW + timedelta(hours=3))
    factories.article(published_at=hours_ago(1), unpublish_at=NOW + timedelta(hours=2))
    factories.article(published=False, published_at=NOW + timedelta(minutes=5))  # a draft: not by itself

    assert Article.objects.next_scheduled_change(NOW) == NOW + timedelta(hours=2)
    assert Article.objects.next_scheduled_change(NOW + timedelta(hours=2)) == NOW + timedelta(hours=3)
    assert Article.objects.next_scheduled_change(NOW + timedelta(hours=3)) is None
