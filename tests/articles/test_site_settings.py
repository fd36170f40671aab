"""The site's settings: the share image that pages without an image of their own show to social networks and
search engines, set by editors in the admin as one set of settings, and read without a query per page."""

import html
import json
import re

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import SiteSettings
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def share_image():
    image = factories.image(alt_text="The newsroom's logo on a red ground")
    SiteSettings.objects.create(share_image=image)
    return image


def meta(page, name):
    """The content of every <meta property|name=`name`> of the page."""
    found = re.findall(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', page)
    return [html.unescape(content) for content in found]


def jsonld_image_urls(page):
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        data = json.loads(block)
        if "datePublished" in data:
            return [image["url"] for image in data.get("image", [])]
    raise AssertionError("no NewsArticle in the page")


def sitesettings_queries(queries):
    return [query["sql"] for query in queries.captured_queries if "articles_sitesettings" in query["sql"]]


# Pages -----------------------------------------------------------------------------------------------------


def test_a_story_without_a_lead_image_is_shared_with_the_sites_share_image(client, share_image):
    story = factories.article()
    page = client.get(story.get_absolute_url()).content.decode()
    (og_image,) = meta(page, "og:image")
    assert re.search(r"/media/images/.+\.(png|jpg)$", og_image) and og_image.startswith("http")
    assert meta(page, "twitter:image") == [og_image]
    assert meta(page, "og:image:alt") == meta(page, "twitter:image:alt") == [share_image.alt_text]
    assert meta(page, "twitter:card") == ["summary_large_image"]
    assert jsonld_image_urls(page) == [og_image]


def test_a_story_with_a_lead_image_is_shared_with_it_and_never_reads_the_site_settings(client, share_image):
    lead = factories.image(alt_text="Protesters outside parliament")
    story = factories.article(lead_image=lead)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(story.get_absolute_url()).content.decode()
    assert sitesettings_queries(queries) == []
    assert meta(page, "og:image:alt") == ["Protesters outside parliament"]  # one og:image: the story's own
    assert len(meta(page, "og:image")) == 1
    assert jsonld_image_urls(page) == meta(page, "og:image")


@pytest.mark.parametrize("where", ["home", "section", "corrections", "join"])
def test_pages_without_an_image_of_their_own_are_shared_with_the_sites_share_image(
    client, share_image, where
):
    story = factories.article()
    url = {
        "home": reverse("articles:home"),
        "section": story.section.get_absolute_url(),
        "corrections": reverse("articles:corrections"),
        "join": reverse("membership:join"),
    }[where]
    page = client.get(url).content.decode()
    (og_image,) = meta(page, "og:image")
    assert og_image.startswith("http") and "/media/images/" in og_image
    assert meta(page, "og:image:alt") == [share_image.alt_text]
    assert meta(page, "twitter:image") == [og_image]


def test_without_a_share_image_pages_name_no_image(client):
    SiteSettings.objects.create()
    story = factories.article()
    for url in (reverse("articles:home"), story.get_absolute_url()):
        page = client.get(url).content.decode()
        assert meta(page, "og:image") == [] and meta(page, "twitter:image") == []
    assert jsonld_image_urls(page) == []


def test_the_site_settings_are_read_once_until_content_changes(client, settings, share_image):
    settings.PAGE_CACHE_ENABLED = False  # each request renders its page
    story = factories.article()
    with CaptureQueriesContext(connection) as first:
        client.get(story.get_absolute_url())
    with CaptureQueriesContext(connection) as then:
        client.get(reverse("articles:home"))
        client.get(story.get_absolute_url())
    assert len(sitesettings_queries(first)) == 1
    assert sitesettings_queries(then) == []


def test_a_new_share_image_is_shown_at_once_on_pages_the_page_cache_kept(client, settings, share_image):
    settings.PAGE_CACHE_ENABLED = True
    home = reverse("articles:home")
    before = meta(client.get(home).content.decode(), "og:image:alt")
    assert before == [share_image.alt_text]

    client.force_login(factories.editor())
    other = factories.image(alt_text="Our newsroom at night")
    response = client.post(
        reverse("admin:articles_sitesettings_change", args=[1]), {"share_image": other.pk, "_save": "1"}
    )
    assert response.status_code == 302
    client.logout()
    assert meta(client.get(home).content.decode(), "og:image:alt") == ["Our newsroom at night"]


# The admin -------------------------------------------------------------------------------------------------


def test_editors_find_the_site_settings_under_a_clear_name_and_set_them(client):
    client.force_login(factories.editor())
    index = client.get(reverse("admin:index")).content.decode()
    assert ">Site settings</a>" in index
    changelist = reverse("admin:articles_sitesettings_changelist")
    assert reverse("admin:articles_sitesettings_add") in client.get(changelist).content.decode()
    image = factories.image()
    response = client.post(
        reverse("admin:articles_sitesettings_add"), {"share_image": image.pk, "_save": "1"}
    )
    assert response.status_code == 302
    assert SiteSettings.objects.get().share_image == image
    listed = client.get(changelist).content.decode()
    assert reverse("admin:articles_sitesettings_change", args=[1]) in listed
    assert reverse("admin:articles_sitesettings_add") not in listed  # one set only


def test_the_site_settings_cannot_be_added_twice_or_deleted(client, share_image):
    client.force_login(factories.user(is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:articles_sitesettings_add")).status_code == 403
    assert client.get(reverse("admin:articles_sitesettings_delete", args=[1])).status_code == 403
    page = client.get(reverse("admin:articles_sitesettings_change", args=[1])).content.decode()
    assert 'class="deletelink"' not in page and "_addanother" not in page
    with pytest.raises(IntegrityError):
        SiteSettings.objects.create(id=2)  # the database holds one row, whatever writes


def test_a_share_image_without_alt_text_is_refused_with_a_message(client):
    client.force_login(factories.editor())
    image = factories.image(alt_text="")
    response = client.post(
        reverse("admin:articles_sitesettings_add"), {"share_image": image.pk, "_save": "1"}
    )
    assert response.status_code == 200
    assert "Describe this image in its alt text first" in response.content.decode()
    assert not SiteSettings.objects.exists()


def test_reporters_cannot_change_the_site_settings(client, share_image):
    client.force_login(factories.reporter())
    other = factories.image()
    response = client.post(reverse("admin:articles_sitesettings_change", args=[1]), {"share_image": other.pk})
    assert response.status_code == 403
    assert SiteSettings.objects.get().share_image == share_image
