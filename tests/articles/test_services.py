"""The editorial workflow's rules, whatever the interface."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import services
from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


def test_reporter_cannot_publish_through_the_service():
    story = factories.article(published=False)
    with pytest.raises(PermissionDenied):
        services.article_publish(article=story, by=factories.reporter())
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


def test_reporter_cannot_schedule_or_unpublish():
    reporter = factories.reporter()
    with pytest.raises(PermissionDenied):
        services.article_schedule(
            article=factories.article(published=False),
            by=reporter,
            publish_at=timezone.now() + timedelta(days=1),
        )
    with pytest.raises(PermissionDenied):
        services.article_unpublish(article=factories.article(), by=reporter)


def test_reporter_can_submit_own_story_for_review():
    reporter = factories.reporter()
    story = factories.article(published=False, created_by=reporter)
    services.article_submit_for_review(article=story, by=reporter)
    assert Article.objects.get(pk=story.pk).status == Article.Status.IN_REVIEW


def test_submitting_an_incomplete_story_for_review_says_what_is_missing():
    reporter = factories.reporter()
    story = Article.objects.create(headline="Half a story", created_by=reporter)
    with pytest.raises(ValidationError) as error:
        services.article_submit_for_review(article=story, by=reporter)
    assert any("standfirst" in message for message in error.value.messages)


def test_editor_publishes_and_the_first_publication_time_is_kept():
    editor = factories.editor()
    story = factories.article(published=False)
    services.article_publish(article=story, by=editor, at=timezone.now() - timedelta(days=3))
    first_time = Article.objects.get(pk=story.pk).published_at
    services.article_unpublish(article=story, by=editor)
    services.article_publish(article=story, by=editor)
    assert Article.objects.get(pk=story.pk).published_at == first_time


def test_editor_schedules_a_story_for_later_and_it_is_not_public_before():
    publish_at = timezone.now() + timedelta(hours=5)
    story = services.article_schedule(
        article=factories.article(published=False), by=factories.editor(), publish_at=publish_at
    )
    assert story.status == Article.Status.SCHEDULED
    assert story not in Article.objects.published()
    assert story in Article.objects.published(at=publish_at)


def test_scheduling_in_the_past_is_refused_with_a_message():
    with pytest.raises(ValidationError) as error:
        services.article_schedule(
            article=factories.article(published=False),
            by=factories.editor(),
            publish_at=timezone.now() - timedelta(hours=1),
        )
    assert "future" in error.value.messages[0]


def test_publishing_an_incomplete_story_is_refused_and_it_stays_a_draft():
    story = Article.objects.create(headline="No body yet")
    with pytest.raises(ValidationError):
        services.article_publish(article=story, by=factories.editor())
    assert Article.objects.get(pk=story.pk).status == Article.Status.DRAFT


def test_lead_image_without_alt_text_blocks_publishing():
    story = factories.article(published=False, lead_image=factories.image(alt_text=""))
    with pytest.raises(ValidationError) as error:
        services.article_publish(article=story, by=factories.editor())
    assert any("alt text" in message for message in error.value.messages)
