"""One address for the site (newsroom.site_url): every absolute address a page, feed, sitemap, JSON answer or
admin link writes agrees with the page's own address in development, and with NEWSROOM_SITE_URL when it is
set, a request on another host then being logged."""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.urls import reverse

from newsroom import site_url
from tests import factories
from tests.sourcing import factories as sourcing

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1:8202"
ON_HOST = f"http://{HOST}"
CONFIGURED = "https://news.example.org"


@pytest.fixture(autouse=True)
def _no_page_cache_and_no_warnings_yet(settings):
    settings.PAGE_CACHE_ENABLED = False
    site_url._warned_hosts.clear()
    yield
    site_url._warned_hosts.clear()


@pytest.fixture
def unset(settings):
    """Development without NEWSROOM_SITE_URL: what settings.py makes of it when DEBUG is on."""
    settings.DEBUG = True
    settings.SITE_URL = ""


@pytest.fixture
def configured(settings):
    settings.SITE_URL = CONFIGURED


def sourced_story():
    story = factories.article(lead_image=factories.image())
    sourcing.quote(story, speaker=sourcing.person(name="Ana Kostovska"))
    return story


def page_addresses(client, story):
    """Every absolute address in the story page's JSON-LD, and its canonical link."""
    page = client.get(story.get_absolute_url(), HTTP_HOST=HOST).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    addresses = re.findall(r'"(https?://[^"]+)"', "".join(blocks))
    addresses = [a for a in addresses if "schema.org" not in a and "wikidata" not in a]
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)
    (article,) = [json.loads(b) for b in blocks if '"headline"' in b]
    return article, addresses + [canonical]


def rss_addresses(client):
    response = client.get(reverse("articles:feed"), HTTP_HOST=HOST)
    item = ET.fromstring(response.content).find("channel/item")
    media = item.find("{http://search.yahoo.com/mrss/}content")
    return [item.findtext("guid"), item.findtext("link"), media.get("url")]


def sourcing_json_addresses(client, story):
    data = client.get(f"/articles/{story.slug}/sourcing.json", HTTP_HOST=HOST).json()
    (quote,) = data["quotes"]
    return [data["article"]["url"], quote["url"], quote["speaker"]["url"]]


def shareable_preview_link(client):
    draft = factories.article(published=False)
    client.force_login(factories.editor())
    page = client.get(reverse("admin:articles_article_change", args=[draft.pk]), HTTP_HOST=HOST)
    return re.search(
        r'<input type="text" readonly class="preview-link" value="([^"]+)"', page.content.decode()
    ).group(1)


def sitemap_addresses(client):
    response = client.get("/sitemap.xml", HTTP_HOST=HOST)
    return [loc.text for loc in ET.fromstring(response.content).findall(".//{*}loc")]


def test_unset_in_development_the_page_jsonld_is_on_the_host_it_was_asked_under(client, unset):
    article, addresses = page_addresses(client, sourced_story())
    assert article["@id"].startswith(f"{ON_HOST}/articles/")
    assert article["hasPart"][0]["@id"].startswith(f"{ON_HOST}/articles/")  # the sourcing app's part
    assert article["hasPart"][0]["creator"]["url"].startswith(f"{ON_HOST}/")
    assert addresses and all(address.startswith(f"{ON_HOST}/") for address in addresses), addresses


def test_unset_in_development_the_rss_guid_link_and_image_are_on_the_host(client, unset):
    sourced_story()
    guid, link, image = rss_addresses(client)
    assert guid.startswith(f"{ON_HOST}/#article-")
    assert link.startswith(f"{ON_HOST}/articles/") and image.startswith(f"{ON_HOST}/media/")


def test_unset_in_development_sourcing_json_is_on_the_host(client, unset):
    addresses = sourcing_json_addresses(client, sourced_story())
    assert all(address.startswith(f"{ON_HOST}/") for address in addresses), addresses


def test_unset_in_development_the_shareable_preview_link_is_on_the_host(client, unset):
    assert shareable_preview_link(client).startswith(f"{ON_HOST}/preview/")


def test_unset_in_development_the_sitemap_and_robots_txt_are_on_the_host(client, unset):
    sourced_story()
    addresses = sitemap_addresses(client)
    assert addresses and all(address.startswith(f"{ON_HOST}/") for address in addresses), addresses
    robots = client.get("/robots.txt", HTTP_HOST=HOST).content.decode()
    assert f"Sitemap: {ON_HOST}/sitemap.xml" in robots


def test_set_every_address_uses_the_setting_whatever_the_host(client, configured):
    story = sourced_story()
    article, addresses = page_addresses(client, story)
    assert article["@id"].startswith(f"{CONFIGURED}/articles/")
    assert all(address.startswith(f"{CONFIGURED}/") for address in addresses), addresses
    assert all(a.startswith(f"{CONFIGURED}/") for a in rss_addresses(client))
    assert all(a.startswith(f"{CONFIGURED}/") for a in sourcing_json_addresses(client, story))
    sitemap = sitemap_addresses(client)
    assert sitemap and all(address.startswith(f"{CONFIGURED}/") for address in sitemap), sitemap
    assert shareable_preview_link(client).startswith(f"{CONFIGURED}/preview/")


def test_set_a_request_on_another_host_is_logged_once_per_host(client, configured, caplog):
    story = factories.article()
    with caplog.at_level("WARNING", logger="newsroom.site_url"):
        client.get(story.get_absolute_url(), HTTP_HOST=HOST)
        client.get(reverse("articles:feed"), HTTP_HOST=HOST)
        client.get(story.get_absolute_url(), HTTP_HOST="news.example.org")  # the configured host: no warning
    (record,) = [r for r in caplog.records if r.name == "newsroom.site_url"]
    assert record.levelname == "WARNING"
    assert HOST in record.getMessage() and CONFIGURED in record.getMessage()


def test_page_cache_never_serves_one_host_the_page_rendered_for_another(client, unset, settings):
    settings.PAGE_CACHE_ENABLED = True
    story = factories.article()
    client.get(story.get_absolute_url(), HTTP_HOST=HOST)
    page = client.get(story.get_absolute_url(), HTTP_HOST="localhost:8202").content.decode()
    assert f'<link rel="canonical" href="http://localhost:8202{story.get_absolute_url()}">' in page


def test_emails_and_commands_without_a_request_use_the_setting_or_the_development_address(settings):
    settings.SITE_URL = CONFIGURED
    assert site_url.absolute_url("/membership/") == f"{CONFIGURED}/membership/"
    settings.SITE_URL = ""
    assert site_url.site_url() == site_url.DEVELOPMENT_SITE_URL


def settings_site_url(**environment):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "NEWSROOM_"))}
    env.update(DJANGO_SETTINGS_MODULE="newsroom.settings", **environment)
    code = "from django.conf import settings; print(repr(settings.SITE_URL))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_settings_take_addresses_from_requests_only_in_development_without_the_variable():
    assert settings_site_url() == "''"
    assert settings_site_url(NEWSROOM_SITE_URL="http://127.0.0.1:8202/") == "'http://127.0.0.1:8202'"
    production = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 64, "DJANGO_ALLOWED_HOSTS": "x.org"}
    assert settings_site_url(**production) == "'http://127.0.0.1:8000'"


def test_make_run_gives_the_server_and_seed_demo_the_address_of_its_port():
    env = {k: v for k, v in os.environ.items() if k != "NEWSROOM_SITE_URL"}
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8202"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    commands = result.stdout.splitlines()
    (server,) = [line for line in commands if "manage.py runserver" in line]
    (seed,) = [line for line in commands if "manage.py seed_demo" in line]
    assert "NEWSROOM_SITE_URL=http://127.0.0.1:8202 " in server and server.endswith("127.0.0.1:8202")
    assert "NEWSROOM_SITE_URL=http://127.0.0.1:8202 " in seed
