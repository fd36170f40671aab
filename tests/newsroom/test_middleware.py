"""The language of a reader page comes from its address alone; the admin follows the staff member's browser.
A NUL character anywhere in what a request brings is a 400 that says why, before any view sees it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from newsroom.middleware import NUL_REFUSED
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "language"),
    [("/", "en"), ("/mk/", "mk"), ("/sq/", "sq"), ("/mk", "mk"), ("/feed/", "en")],
)
def test_the_address_alone_decides_a_reader_pages_language(client, path, language):
    response = client.get(path, headers={"accept-language": "sq, mk;q=0.8"})
    assert response.status_code in (200, 301)  # /mk goes on to /mk/
    assert response["Content-Language"] == language
    assert "accept-language" not in response.get("Vary", "").lower()


def test_a_language_the_site_does_not_offer_is_no_prefix(client):
    factories.article()
    response = client.get("/de/")
    assert response.status_code == 404
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize(
    ("accept_language", "language", "words"),
    [
        ("mk, en;q=0.5", "mk", "Најава"),  # Django's own catalog: "Log in"
        ("sq-AL, sq;q=0.9", "sq", "Hyni"),
        ("de, fr;q=0.8", "en", "Log in"),  # not a language of the site
        (None, "en", "Log in"),
    ],
)
def test_the_admin_speaks_the_staff_members_browser_language(
    client, settings, accept_language, language, words
):
    headers = {"accept-language": accept_language} if accept_language else {}
    response = client.get(f"/{settings.ADMIN_PATH}login/", headers=headers)
    assert response.status_code == 200
    assert response["Content-Language"] == language and words in response.content.decode()
    assert "accept-language" in response["Vary"].lower()  # a private page, but no cache may mix them up


def test_the_admins_own_pages_are_in_macedonian_too(admin_client, settings):
    page = admin_client.get(f"/{settings.ADMIN_PATH}", headers={"accept-language": "mk"}).content.decode()
    # Our app and its models, from our catalog.
    assert "Вести" in page and "Рубрики" in page and "Articles" not in page and "Sections" not in page
    # One word for a story across the admin: "вест", as in its forms and messages, not also "напис".
    assert "апис" not in page


def test_the_albanian_admin_calls_a_story_by_one_name(admin_client, settings):
    page = admin_client.get(f"/{settings.ADMIN_PATH}", headers={"accept-language": "sq"}).content.decode()
    assert "Lajmet" in page and "rtikuj" not in page


def assert_refused_for_nul(response, language="en"):
    assert response.status_code == 400
    with translation.override(language):
        assert response.content.decode() == f"{NUL_REFUSED}\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize(
    ("address", "headers", "words"),
    [
        ("/mk/quotes/?q=x%00", {}, "Лошо барање"),
        ("/sq/search/?q=%00", {"accept-language": "mk"}, "Kërkesë e gabuar"),  # the address's edition first
        ("/admin-path/?q=%00", {"accept-language": "sq"}, "Kërkesë e gabuar"),
        ("/quotes/?q=%00", {}, "Bad request"),
    ],
)
def test_the_nul_refusal_speaks_the_editions_or_the_browsers_language(
    client, settings, address, headers, words
):
    address = address.replace("/admin-path/", f"/{settings.ADMIN_PATH}")
    response = client.get(address, headers=headers)
    assert response.status_code == 400 and response.content.decode().startswith(words)


@pytest.mark.parametrize(
    "address",
    ["/quotes/?q=%00", "/quotes/?q=a%00b", "/?%00=1"],
)
def test_a_nul_in_a_readers_query_is_a_400_that_says_why(client, address):
    assert_refused_for_nul(client.get(address))


@pytest.mark.parametrize(
    ("address", "language"),
    [("/mk/quotes/?q=x%00", "mk"), ("/sq/search/?page=1&q=%00", "sq"), ("/mk/quotes/%00/", "mk")],
)
def test_a_nul_in_an_editions_query_is_a_400_that_says_why_in_its_language(client, address, language):
    assert_refused_for_nul(client.get(address), language)


@pytest.mark.parametrize("address", ["/people/a%00b/", "/articles/%00/", "/%00"])
def test_a_nul_in_the_path_is_a_400(client, address):
    assert_refused_for_nul(client.get(address))


def test_a_nul_in_the_admins_autocomplete_and_changelist_filters_is_a_400(admin_client):
    autocomplete = reverse("admin:autocomplete")
    field = "?app_label=articles&model_name=article&field_name=section"
    assert admin_client.get(autocomplete + field + "&term=ok").status_code == 200
    assert_refused_for_nul(admin_client.get(autocomplete + field + "&term=%00"))
    changelist = reverse("admin:articles_article_changelist")
    assert admin_client.get(changelist + "?status__exact=draft").status_code == 200
    assert_refused_for_nul(admin_client.get(changelist + "?status__exact=%00"))


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("name=a%00b&email=a%40example.org", "application/x-www-form-urlencoded"),
        ("na%00me=Ana", "application/x-www-form-urlencoded"),
    ],
)
def test_a_nul_in_a_urlencoded_forms_field_is_a_400(client, body, content_type):
    assert_refused_for_nul(client.post(reverse("membership:join"), body, content_type=content_type))


@pytest.mark.parametrize(
    "form",
    [
        {"name": "a\x00b", "email": "a@example.org"},
        {"name\x00": "Ana"},
        {"name": "Ana", "up\x00load": SimpleUploadedFile("photo.jpg", b"bytes", "image/jpeg")},
    ],
    ids=["value", "field-name", "file-field-name"],
)
def test_a_nul_in_a_multipart_forms_field_is_a_400(client, form):
    assert_refused_for_nul(client.post(reverse("membership:join"), form))


def test_a_nul_in_a_cookie_is_a_400(client):
    # Django's cookie parser reads the escape \000 as a NUL; the session middleware then looked it up.
    assert_refused_for_nul(client.get("/", headers={"cookie": 'sessionid="abcdefgh\\000ijkl"'}))


def test_an_uploaded_files_bytes_may_hold_nul_characters(admin_client):
    upload = factories.upload()
    assert b"\x00" in upload.read()  # as every JPEG's do
    upload.seek(0)
    response = admin_client.post(reverse("ck_editor_5_upload_file"), {"upload": upload})
    assert response.status_code == 200 and "url" in response.json()


@pytest.mark.parametrize("address", ["/quotes/?q=%2500", "/quotes/?q=%5C0", "/quotes/?q=%C0%80"])
def test_text_that_only_looks_like_a_nul_is_searched_for(client, address):
    # "%00" and "\0" typed as text, and an overlong UTF-8 form of NUL (which decodes to U+FFFD).
    assert client.get(address).status_code == 200


def test_the_refusal_carries_the_security_headers(client):
    response = client.get("/quotes/?q=%00")
    assert response.status_code == 400
    assert response["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in response
