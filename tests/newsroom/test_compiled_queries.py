"""A query compiled once (newsroom.compiled_queries) finds what its queryset would, with each call's values."""

from datetime import UTC, datetime

import pytest
from django.db import models

from articles.models import Article
from newsroom.compiled_queries import compiled_once
from tests import factories
from tests.sourcing import factories as sourcing_factories

pytestmark = pytest.mark.django_db


@compiled_once(slug=models.SlugField(), at=models.DateTimeField())
def story_page(slug, at):
    return Article.objects.for_article_page().published(at=at).filter(slug=slug)[:1]


NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def test_a_query_compiled_once_finds_each_calls_story_with_its_rows(django_assert_num_queries):
    water = factories.article(
        tags=[factories.tag(name="Water")], published_at=datetime(2026, 5, 1, tzinfo=UTC)
    )
    budget = factories.article(
        authors=[factories.author(name="Ana")], published_at=datetime(2026, 5, 2, tzinfo=UTC)
    )
    factories.correction(budget, text="The vote was 71, not 17.")
    sourcing_factories.quote(budget, speaker=None, source=sourcing_factories.anonymous_source(budget))

    with django_assert_num_queries(1):  # the story with its bylines, tags, corrections, sources and quotes
        (found,) = story_page(slug=water.slug, at=NOW)
        tags = [tag.name for tag in found.tags.all()]
    with django_assert_num_queries(1):
        (other,) = story_page(slug=budget.slug, at=NOW)  # the values of this call, not of the first
        bylines = [byline.author.name for byline in other.bylines.all()]
        corrections = [correction.text for correction in other.corrections.all()]
        quotes = [(quote.speaker, quote.source.on_record) for quote in other.quotes.all()]

    assert (found, tags) == (water, ["Water"])
    assert (other, bylines, corrections, quotes) == (
        budget,
        ["Ana"],
        ["The vote was 71, not 17."],
        [(None, False)],
    )
    assert story_page(slug="no-such-story", at=NOW) == []


def test_a_query_compiled_once_reads_the_time_each_call_gives():
    story = factories.article(
        status=Article.Status.SCHEDULED, published_at=datetime(2026, 6, 1, 6, tzinfo=UTC)
    )

    assert story_page(slug=story.slug, at=datetime(2026, 6, 1, 5, 59, tzinfo=UTC)) == []
    assert story_page(slug=story.slug, at=datetime(2026, 6, 1, 6, tzinfo=UTC)) == [story]


def test_a_query_compiled_once_gives_the_stories_the_queryset_gives():
    story = factories.article(
        tags=[factories.tag(name="Budget")], published_at=datetime(2026, 5, 1, tzinfo=UTC)
    )

    (compiled,) = story_page(slug=story.slug, at=NOW)
    queried = Article.objects.for_article_page().published(at=NOW).filter(slug=story.slug).first()

    assert compiled.__dict__.keys() == queried.__dict__.keys()
    assert [(field.attname, getattr(compiled, field.attname)) for field in Article._meta.concrete_fields] == [
        (field.attname, getattr(queried, field.attname)) for field in Article._meta.concrete_fields
    ]
    assert (compiled.section, compiled.section.name) == (queried.section, queried.section.name)
    assert list(compiled.tags.all()) == list(queried.tags.all())


def test_a_query_compiled_once_does_its_querysets_prefetching(django_assert_num_queries):
    @compiled_once(slug=models.SlugField())
    def story_with_redirects(slug):
        return Article.objects.filter(slug=slug).prefetch_related("slug_redirects")

    story = factories.article()
    story.slug_redirects.create(old_slug="an-old-address")

    with django_assert_num_queries(2):  # the story, then its old addresses
        (found,) = story_with_redirects(slug=story.slug)
    with django_assert_num_queries(0):
        old_slugs = [redirect.old_slug for redirect in found.slug_redirects.all()]

    assert old_slugs == ["an-old-address"]
