"""A story's bylines, tags, corrections, sources and quotes come inside its own row, and read exactly as
prefetched ones would (newsroom.related_rows)."""

from datetime import UTC, date, datetime

import pytest

from articles.models import Article
from tests import factories
from tests.sourcing import factories as sourcing_factories

pytestmark = pytest.mark.django_db


def test_tags_and_corrections_arrive_with_the_story_in_order_and_without_more_queries(
    django_assert_num_queries,
):
    story = factories.article(tags=[factories.tag(name="Water"), factories.tag(name="Budget")])
    later = factories.correction(
        story, text="The vote was 71, not 17.", corrected_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    )
    earlier = factories.correction(
        story, text="A name was misspelled.", corrected_at=datetime(2026, 3, 1, 8, 15, 30, 123456, tzinfo=UTC)
    )
    factories.article(tags=[factories.tag(name="Elsewhere")])  # another story's rows stay out

    with django_assert_num_queries(1):  # the story with its bylines, tags and corrections
        found = Article.objects.for_article_page().get(pk=story.pk)
        tags = [(tag.name, tag.slug) for tag in found.tags.all()]
        corrections = list(found.corrections.all())

    assert tags == [("Budget", "budget"), ("Water", "water")]
    assert [(c.pk, c.text, c.corrected_at) for c in corrections] == [
        (earlier.pk, "A name was misspelled.", datetime(2026, 3, 1, 8, 15, 30, 123456, tzinfo=UTC)),
        (later.pk, "The vote was 71, not 17.", datetime(2026, 3, 2, 9, 30, tzinfo=UTC)),
    ]
    assert corrections[0].get_absolute_url() == f"{story.get_absolute_url()}#correction-{earlier.pk}"


def test_a_story_without_tags_or_corrections_has_empty_lists(django_assert_num_queries):
    story = factories.article()

    with django_assert_num_queries(1):
        found = Article.objects.for_article_page().get(pk=story.pk)
        assert list(found.tags.all()) == []
        assert list(found.corrections.all()) == []


def test_fetched_tags_are_saved_rows_not_new_ones():
    story = factories.article(tags=[factories.tag(name="Water")])
    tag = Article.objects.for_article_page().get(pk=story.pk).tags.all()[0]

    tag.name = "Clean water"
    tag.save()  # an update of the existing row, not a second tag

    assert list(story.tags.values_list("name", flat=True)) == ["Clean water"]


def test_sources_and_quotes_arrive_with_their_joined_rows_as_select_related_would_give_them(
    django_assert_num_queries,
):
    writer = factories.author(name="Marija Ilievska")
    story = factories.article(authors=[writer])
    conference = sourcing_factories.event(name="Press conference at the ministry", date=date(2024, 5, 20))
    second = sourcing_factories.source(story, description="The law as passed", on_record=True, position=2)
    first = sourcing_factories.anonymous_source(story, position=1, event=conference)
    said = sourcing_factories.quote(story, source=second, said_on=date(2024, 5, 21), event=conference)
    unnamed = sourcing_factories.quote(story, speaker=None, source=first, position=5)

    with django_assert_num_queries(1):
        found = Article.objects.for_article_page().get(pk=story.pk)
        bylines = [(byline.author.name, byline.article is found) for byline in found.bylines.all()]
        sources = list(found.sources.all())
        quotes = list(found.quotes.all())
        seen = [
            (quote.pk, quote.speaker and quote.speaker.name, quote.source.description, quote.said_on)
            for quote in quotes
        ]
        events = [source.event and source.event.name for source in sources]

    assert bylines == [("Marija Ilievska", True)]
    assert [source.pk for source in sources] == [first.pk, second.pk]  # in their order on the page
    assert [source.on_record for source in sources] == [False, True]
    assert events == ["Press conference at the ministry", None]
    assert sources[0].event.date == date(2024, 5, 20)
    assert seen == [
        (said.pk, said.speaker.name, "The law as passed", date(2024, 5, 21)),
        (unnamed.pk, None, first.description, None),
    ]
