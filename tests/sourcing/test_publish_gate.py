"""A story cannot be published, nor submitted for review, while its sourcing is incomplete."""

import pytest
from django.core.exceptions import ValidationError

from articles import services
from articles.models import Article
from tests import factories
from tests.sourcing import factories as sourcing


def draft():
    return factories.article(published=False)


@pytest.mark.django_db
def test_editor_cannot_publish_a_story_with_a_quote_without_source():
    story = draft()
    sourcing.quote(story, source=None, text="The talks will resume on Monday.")
    with pytest.raises(ValidationError) as error:
        services.article_publish(article=story, by=factories.editor())
    assert "Quote 1 (“The talks will resume on Monday.”) has no source" in " ".join(error.value.messages)
    assert Article.objects.get(pk=story.pk).status == Article.Status.DRAFT


@pytest.mark.django_db
def test_editor_cannot_publish_with_an_anonymous_source_lacking_justification():
    story = draft()
    sourcing.source(story)
    sourcing.anonymous_source(story, justification="", public_description="a diplomat in Brussels")
    with pytest.raises(ValidationError) as error:
        services.article_publish(article=story, by=factories.editor())
    (message,) = error.value.messages
    assert message.startswith("Source 2 (“a diplomat in Brussels”) is anonymous")
    assert "justification" in message


@pytest.mark.django_db
def test_reporter_sees_the_same_sourcing_problems_when_submitting_for_review():
    reporter = factories.reporter()
    story = factories.article(published=False, created_by=reporter)
    sourcing.quote(story, source=None, text="No comment.")
    with pytest.raises(ValidationError) as error:
        services.article_submit_for_review(article=story, by=reporter)
    assert "Quote 1 (“No comment.”) has no source" in " ".join(error.value.messages)


@pytest.mark.django_db
def test_quote_without_speaker_blocks_publishing_unless_its_source_is_anonymous():
    story = draft()
    sourcing.quote(story, speaker=None, text="Named source, no speaker.")
    sourcing.quote(story, speaker=None, source=sourcing.anonymous_source(story), text="From the shadows.")
    with pytest.raises(ValidationError) as error:
        services.article_publish(article=story, by=factories.editor())
    (message,) = error.value.messages
    assert message.startswith("Quote 1 (“Named source, no speaker.”) has no speaker")


@pytest.mark.django_db
def test_body_placing_a_quote_of_another_story_blocks_publishing():
    foreign = sourcing.quote(factories.article())
    story = draft()
    story.body = f"<p>Text.</p><p>[quote {foreign.pk}]</p>"
    story.save()
    with pytest.raises(ValidationError) as error:
        services.article_publish(article=story, by=factories.editor())
    assert f"[quote {foreign.pk}]" in " ".join(error.value.messages)


@pytest.mark.django_db
def test_fully_sourced_story_with_a_justified_anonymous_source_publishes():
    story = draft()
    quote = sourcing.quote(story)
    sourcing.quote(story, speaker=None, source=sourcing.anonymous_source(story))
    story.body = f"<p>Text.</p><p>[quote {quote.pk}]</p>"
    story.save()
    services.article_publish(article=story, by=factories.editor())
    assert Article.objects.published().filter(pk=story.pk).exists()
