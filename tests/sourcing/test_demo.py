"""The demo story shows sourcing as data: several speakers and kinds of source, a translation, an anonymous source."""

import pytest

from articles.models import Article
from sourcing.demo import HEADLINE, seed_demo_sourcing
from sourcing.models import Quote, Source


@pytest.mark.django_db
def test_demo_story_is_sourced_like_a_real_one_and_ready_to_publish():
    assert seed_demo_sourcing() > 0
    story = Article.objects.published().get(headline=HEADLINE)
    assert (
        story.quotes.values("speaker").distinct().count() >= 3
    )  # two named speakers and more, plus one anonymous
    assert story.sources.values("kind").distinct().count() >= 5
    assert story.quotes.exclude(original_text="").filter(original_language="sq").exists()
    assert (
        story.sources.filter(on_record=False, kind=Source.Kind.ANONYMOUS).exclude(justification="").exists()
    )
    assert story.publish_problems() == []
    assert all(f"[quote {pk}]" in story.body for pk in story.quotes.values_list("pk", flat=True)[:2])


@pytest.mark.django_db
def test_demo_sourcing_twice_changes_nothing():
    seed_demo_sourcing()
    before = (Article.objects.count(), Source.objects.count(), Quote.objects.count())
    assert seed_demo_sourcing() == 0
    assert (Article.objects.count(), Source.objects.count(), Quote.objects.count()) == before
