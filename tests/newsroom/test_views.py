"""Health check, robots.txt, error pages."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_healthz_answers_503_when_the_database_is_unreachable():
    # A real PostgreSQL address on a port where nothing listens.
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz', HTTP_HOST='127.0.0.1'); print(r.status_code, r.content.decode())"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/newsroom",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert json.loads(body)["database"] == "down"


def test_pages_answer_503_not_500_when_the_database_is_unreachable():
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client(raise_request_exception=False).get('/', HTTP_HOST='127.0.0.1'); print(r.status_code, r['Retry-After'])"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/newsroom",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["503", "30"], result.stderr[-2000:]


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_previews(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/news-sitemap.xml" in text
    assert "Disallow: /preview/" in text and "Disallow: /mk/preview/" in text
    assert "Disallow: /mk/membership/confirm/" in text


@pytest.mark.django_db
def test_the_site_icon_is_where_browsers_and_feed_readers_look_for_it(client):
    # /favicon.ico by convention (feed readers, bookmarks, old browsers); the pages name the SVG and a
    # home-screen icon for phones.
    from io import BytesIO

    from django.contrib.staticfiles import finders
    from PIL import Image

    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    icon = Image.open(BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]
    page = client.get("/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
    touch = page.split('rel="apple-touch-icon" href="/static/', 1)[1].split('"', 1)[0]
    assert Image.open(finders.find(touch)).size == (180, 180)


def test_robots_txt_does_not_reveal_the_admin_address(client, settings):
    settings.ADMIN_PATH = "desk-7f3a/"  # read per request by robots.txt, as a moved admin would be
    text = client.get("/robots.txt").content.decode()
    assert "desk-7f3a" not in text
    assert "admin" not in text.lower()


@pytest.mark.django_db
def test_admin_pages_ask_search_engines_not_to_index_them(client, admin_client, settings):
    admin = "/" + settings.ADMIN_PATH
    anonymous = [admin, f"{admin}login/", f"{admin}two-factor/setup/", f"{admin}no-such-page/"]
    for url in anonymous:
        assert client.get(url)["X-Robots-Tag"] == "noindex, nofollow", url
    for url in [admin, f"{admin}articles/article/", f"{admin}articles/article/add/"]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert response["X-Robots-Tag"] == "noindex, nofollow", url


@pytest.mark.django_db
def test_reader_pages_stay_open_to_search_engines(client):
    story = factories.article()
    for url in ["/", "/mk/", story.get_absolute_url(), story.section.get_absolute_url(), "/feed/"]:
        assert "X-Robots-Tag" not in client.get(url), url


@pytest.mark.django_db
def test_unknown_page_shows_the_custom_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


@pytest.mark.django_db
def test_an_editions_404_leads_to_that_editions_front_page_and_the_others(client, settings):
    settings.DEBUG = False
    response = client.get("/mk/nema-takva/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="mk">' in page
    assert '<a href="/mk/">Одете на насловната страница</a>' in page
    # The footer's languages: each edition's front page, not /mk/nema-takva/ again.
    links = dict(re.findall(r'<a href="([^"]*)" lang="(\w+)"', page))
    assert {language: address for address, language in links.items()} == {
        "en": "/",
        "mk": "/mk/",
        "sq": "/sq/",
    }


@pytest.mark.django_db
def test_admin_login_page_is_served_at_the_configured_path(client, settings):
    response = client.get(f"/{settings.ADMIN_PATH}login/")
    assert response.status_code == 200
