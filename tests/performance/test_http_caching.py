"""Browsers and CDNs may keep public pages and must ask again cheaply: ETag/Last-Modified with 304 answers,
Cache-Control for shared caches, no cookies for anonymous readers, and long-lived hashed static files."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories
from tests.sourcing import factories as sourcing_factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def story():
    story = factories.article(headline="Water prices rise", tags=[factories.tag()])
    sourcing_factories.quote(story, speaker=sourcing_factories.person(name="Ana Petrova"))
    return story


def public_urls(story):
    return [
        story.get_absolute_url(),
        reverse("articles:home"),
        story.section.get_absolute_url(),
        story.tags.first().get_absolute_url(),
        story.authors.first().get_absolute_url(),
        reverse("articles:search") + "?q=water",
        story.quotes.first().speaker.get_absolute_url(),
        reverse("articles:feed"),
        reverse("sitemap"),
    ]


def test_a_reader_revalidating_an_unchanged_page_gets_304_without_the_body(client, story):
    for url in public_urls(story):
        first = client.get(url)
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b""


def test_if_modified_since_gets_304_for_an_unchanged_page(client, story):
    first = client.get(story.get_absolute_url())
    again = client.get(story.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_a_changed_story_no_longer_matches_the_old_etag(client, story):
    first = client.get(story.get_absolute_url())
    story.standfirst = "Bills go up by a tenth from March."
    story.save()
    again = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Bills go up by a tenth from March." in again.content.decode()


def test_public_pages_let_a_cdn_keep_them_briefly(client, story):
    for url in public_urls(story):
        cache_control = client.get(url)["Cache-Control"]
        assert "public" in cache_control, url
        assert "s-maxage=" in cache_control, url
        assert "stale-while-revalidate=" in cache_control, url


def test_anonymous_readers_get_no_cookie_from_any_public_page(client, story):
    for url in public_urls(story):
        response = client.get(url)
        assert not response.cookies, url
        assert "Set-Cookie" not in response, url


def test_public_pages_do_not_vary_on_the_session(client, story):
    # The session would make every page private to one reader. The language comes from the address
    # (newsroom.middleware.PathLanguageMiddleware), so public pages need not vary on anything of the reader's.
    for url in public_urls(story):
        vary = {v.strip().lower() for v in client.get(url).get("Vary", "").split(",") if v.strip()}
        assert vary <= {"cookie"}, url


def test_a_head_request_is_answered_from_the_cache(client, story):
    client.get(story.get_absolute_url())
    response = client.head(story.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


def test_staff_pages_are_never_stored_by_shared_caches(client):
    client.force_login(factories.editor())
    response = client.get(reverse("admin:index"))
    assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_production_serves_hashed_compressed_static_files_for_a_year():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 64,
        "DJANGO_ALLOWED_HOSTS": "news.example.org",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    code = (
        "from django.conf import settings as s;"
        "print(s.STORAGES['staticfiles']['BACKEND']);print(s.WHITENOISE_MAX_AGE);"
        "print('whitenoise.middleware.WhiteNoiseMiddleware' in s.MIDDLEWARE)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert output == ["whitenoise.storage.CompressedManifestStaticFilesStorage", "31536000", "True"]
