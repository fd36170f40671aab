"""Previews: editors see drafts as readers will; a signed link lets someone without an account read one."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from articles.preview import PREVIEW_MAX_AGE, article_pk_from_token, preview_url
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
    token = signing.TimestampSigner(salt="something-else").sign(str(story.pk))
    with pytest.raises(signing.BadSignature):
        article_pk_from_token(token)
