"""Previews: editors see drafts as readers will; a signed link lets someone without an account read one,
until the story is out (then it leads to the public page), unpublished or deleted, or an editor revokes it."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import preview, services
from articles.models import Article
from articles.preview import PREVIEW_MAX_AGE, preview_url
from tests import factories

pytestmark = pytest.mark.django_db


def test_editor_previews_a_draft_as_readers_will_see_it(client):
    story = factories.article(published=False, headline="Draft headline")
    client.force_login(factories.editor())
    response = client.get(reverse("articles:preview", args=[story.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft headline" in page
    assert 'content="noindex, nofollow"' in page


def test_anonymous_reader_cannot_open_the_staff_preview(client):
    story = factories.article(published=False)
    response = client.get(reverse("articles:preview", args=[story.pk]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_draft_is_not_on_the_public_address(client):
    story = factories.article(published=False)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_shared_preview_link_shows_the_draft_without_an_account(client):
    story = factories.article(published=False, headline="Shared draft")
    response = client.get(preview_url(story))
    assert response.status_code == 200
    assert "Shared draft" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_tampered_preview_link_is_refused(client):
    story = factories.article(published=False)
    other = factories.article(published=False)
    url = preview_url(story)
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = token.replace(f"{story.pk}:", f"{other.pk}:", 1)
    assert client.get(reverse("articles:shared_preview", args=[forged])).status_code == 404
    assert client.get(reverse("articles:shared_preview", args=["not-a-token"])).status_code == 404


def test_expired_preview_link_says_so(client):
    story = factories.article(published=False)
    with time_machine.travel(timezone.now() - timedelta(seconds=PREVIEW_MAX_AGE + 60)):
        url = preview_url(story)  # signed more than the link's lifetime ago
    response = client.get(url)
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_preview_token_is_bound_to_its_salt():
    story = factories.article(published=False)
    token = signing.TimestampSigner(salt="something-else").sign(f"{story.pk}:0")
    with pytest.raises(signing.BadSignature):
        preview.article_for_token(token)


# Issue 16, finding 8: links stop working with their story, and editors can revoke them -------------------


def revoke_url(story):
    return reverse("admin:articles_article_revoke_preview_links", args=[story.pk])


def test_editor_revokes_the_shared_links_and_the_old_one_stops_working(client):
    story = factories.article(published=False, headline="Revoked draft")
    old_link = preview_url(story)
    client.force_login(factories.editor())
    response = client.post(revoke_url(story))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[story.pk])
    client.logout()
    response = client.get(old_link)
    assert response.status_code == 410
    page = response.content.decode()
    assert "replaced" in page and "Revoked draft" not in page
    story.refresh_from_db()
    assert "Revoked draft" in client.get(preview_url(story)).content.decode()  # the new link works


def test_revoking_is_a_service_for_editors_that_returns_the_new_link(client):
    story = factories.article(published=False)
    old_link = preview_url(story)
    new_link = preview.revoke_preview_links(article=story, by=factories.editor())
    assert new_link != old_link
    assert client.get(old_link).status_code == 410
    assert client.get(new_link).status_code == 200


def test_reporter_cannot_revoke_the_links_of_their_own_draft(client):
    reporter = factories.reporter()
    story = factories.article(published=False, created_by=reporter)
    link = preview_url(story)
    with pytest.raises(PermissionDenied):
        preview.revoke_preview_links(article=story, by=reporter)
    client.force_login(reporter)
    assert client.post(revoke_url(story)).status_code == 403
    client.logout()
    assert client.get(link).status_code == 200


def test_revoking_needs_a_post_with_the_csrf_token():
    story = factories.article(published=False)
    link = preview_url(story)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(factories.editor())
    assert browser.get(revoke_url(story)).status_code == 405
    assert browser.post(revoke_url(story)).status_code == 403  # no CSRF token
    assert browser.get(link).status_code == 200


def test_editor_sees_the_revoke_button_and_a_reporter_does_not(client):
    reporter = factories.reporter()
    story = factories.article(published=False, created_by=reporter)
    client.force_login(factories.editor())
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert f'formaction="{revoke_url(story)}"' in page
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert revoke_url(story) not in page


def test_revoking_makes_no_revision_and_restoring_a_revision_does_not_bring_old_links_back(client):
    story = factories.article(published=False)
    link = preview_url(story)
    revisions = story.history.count()
    preview.revoke_preview_links(article=story, by=factories.editor())
    assert story.history.count() == revisions
    story.history.earliest().instance.save()  # what restoring the first revision writes
    assert client.get(link).status_code == 410


def test_link_stops_working_when_the_story_is_unpublished(client):
    editor = factories.editor()
    story = factories.article(published=False, headline="Pulled story")
    link = preview_url(story)
    services.article_publish(article=story, by=editor)
    services.article_unpublish(article=story, by=editor)
    response = client.get(link)
    assert response.status_code == 410
    assert "Pulled story" not in response.content.decode()


def test_link_stops_working_when_the_story_reaches_its_unpublish_time(client):
    story = factories.article(unpublish_at=timezone.now() + timedelta(hours=1))
    link = preview_url(story)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert story.effective_status == Article.Status.UNPUBLISHED
        assert client.get(link).status_code == 410


def test_link_to_a_public_story_leads_to_its_public_page(client):
    story = factories.article(published=False)
    link = preview_url(story)
    services.article_publish(article=story, by=factories.editor())
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == story.get_absolute_url()


def test_link_to_a_scheduled_story_shows_the_preview_until_it_is_due(client):
    story = factories.article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(hours=1), headline="Tomorrow"
    )
    link = preview_url(story)
    assert "Tomorrow" in client.get(link).content.decode()
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert client.get(link).status_code == 302


def test_link_to_a_deleted_story_is_not_found(client):
    story = factories.article(published=False)
    link = preview_url(story)
    story.delete()
    assert client.get(link).status_code == 404


def test_link_made_before_revocation_existed_works_until_the_first_revocation(client):
    story = factories.article(published=False)
    link = reverse(
        "articles:shared_preview",
        args=[signing.TimestampSigner(salt=preview.PREVIEW_SALT).sign(str(story.pk))],  # pk only
    )
    assert client.get(link).status_code == 200
    preview.revoke_preview_links(article=story, by=factories.editor())
    assert client.get(link).status_code == 410


def test_a_live_story_sent_back_to_draft_does_not_revive_the_links_shared_before(client):
    editor = factories.editor()
    story = factories.article(published=False)
    link = preview_url(story)
    services.article_publish(article=Article.objects.get(pk=story.pk), by=editor)
    services.article_transition(
        article=Article.objects.get(pk=story.pk), to_status=Article.Status.DRAFT, by=editor
    )
    assert client.get(link).status_code == 410
    assert client.get(preview_url(Article.objects.get(pk=story.pk))).status_code == 200
