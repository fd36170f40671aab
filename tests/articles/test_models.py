"""Visibility at query time, slugs and old addresses, video embeds, publish readiness."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, video_embed_url
from tests import factories

pytestmark = pytest.mark.django_db


def test_scheduled_story_appears_by_itself_when_its_time_comes():
    now = timezone.now()
    story = factories.article(status=Article.Status.SCHEDULED, published_at=now + timedelta(hours=2))
    assert story not in Article.objects.published(at=now)
    assert story in Article.objects.published(at=now + timedelta(hours=2, seconds=1))
    assert not story.is_public(at=now)


def test_story_disappears_at_its_unpublish_time():
    now = timezone.now()
    story = factories.article(published_at=now - timedelta(days=1), unpublish_at=now + timedelta(hours=1))
    assert story in Article.objects.published(at=now)
    assert story not in Article.objects.published(at=now + timedelta(hours=1))


def test_drafts_review_and_unpublished_stories_are_never_public():
    for status in (Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.UNPUBLISHED):
        story = factories.article(status=status, published_at=timezone.now() - timedelta(days=1))
        assert story not in Article.objects.published()


def test_database_refuses_a_published_story_without_a_publication_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.article(status=Article.Status.PUBLISHED, published_at=None)


def test_slug_is_made_from_a_cyrillic_headline_and_kept_unique():
    first = factories.article(headline="Зеленски потврди")
    second = factories.article(headline="Зеленски потврди")
    assert first.slug == "zelenski-potvrdi"
    assert second.slug == "zelenski-potvrdi-2"


def test_changed_slug_of_a_published_story_redirects_permanently(client):
    story = factories.article(headline="Old headline")
    story.slug = "new-headline"
    story.save()
    response = client.get("/articles/old-headline/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/new-headline/"
    assert client.get("/articles/new-headline/").status_code == 200


def test_changed_slug_of_a_draft_leaves_no_redirect(client):
    story = factories.article(headline="Working title", published=False)
    story.slug = "final-title"
    story.save()
    assert client.get("/articles/working-title/").status_code == 404


def test_changing_the_slug_back_does_not_redirect_to_itself(client):
    story = factories.article(headline="Alpha")
    story.slug = "beta"
    story.save()
    story.slug = "alpha"
    story.save()
    assert client.get("/articles/alpha/").status_code == 200
    assert client.get("/articles/beta/")["Location"] == "/articles/alpha/"


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=aqz-KE-bpKQ", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"),
        ("https://youtu.be/aqz-KE-bpKQ", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://evil.example/watch?v=aqz-KE-bpKQ", None),
        ("javascript:alert(1)", None),
    ],
)
def test_video_links_become_privacy_enhanced_embeds(url, embed):
    assert video_embed_url(url) == embed


def test_publish_problems_name_everything_missing():
    story = Article.objects.create(headline="Only a headline", lead_image=factories.image(alt_text=""))
    problems = " ".join(str(p) for p in story.publish_problems())
    for missing in ["standfirst", "body", "author", "section", "alt text"]:
        assert missing in problems


def test_complete_story_has_no_publish_problems():
    assert factories.article(published=False, lead_image=factories.image()).publish_problems() == []
