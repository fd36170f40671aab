"""The language of a reader page comes from its address alone; the admin follows the staff member's browser."""

import pytest

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
    assert "Написи" in page and "Рубрики" in page and "Articles" not in page and "Sections" not in page
