"""Health check, robots.txt, error pages."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/news-sitemap.xml" in text
    assert f"Disallow: /{settings.ADMIN_PATH}" in text
    assert "Disallow: /preview/" in text and "Disallow: /mk/preview/" in text
    assert "Disallow: /mk/membership/confirm/" in text


@pytest.mark.django_db
def test_unknown_page_shows_the_custom_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


@pytest.mark.django_db
def test_admin_login_page_is_served_at_the_configured_path(client, settings):
    response = client.get(f"/{settings.ADMIN_PATH}login/")
    assert response.status_code == 200
