"""A story's tags and corrections come inside its own row, and read exactly as prefetched ones would."""

from datetime import UTC, datetime

import pytest

from articles.models import Article
from tests import factories

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

    with django_assert_num_queries(2):  # the story with its tags and corrections, then its bylines
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

    with django_assert_num_queries(2):
        found = Article.objects.for_article_page().get(pk=story.pk)
        assert list(found.tags.all()) == []
        assert list(found.corrections.all()) == []


def test_fetched_tags_are_saved_rows_not_new_ones():
    story = factories.article(tags=[factories.tag(name="Water")])
    tag = Article.objects.for_article_page().get(pk=story.pk).tags.all()[0]

    tag.name = "Clean water"
    tag.save()  # an update of the existing row, not a second tag

    assert list(story.tags.values_list("name", flat=True)) == ["Clean water"]
