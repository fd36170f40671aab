"""The language of a page comes from its address alone."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "language"),
    [("/", "en"), ("/mk/", "mk"), ("/sq/", "sq"), ("/mk", "mk"), ("/admin/login/", "en"), ("/feed/", "en")],
)
def test_the_address_alone_decides_the_language(client, path, language):
    response = client.get(path, headers={"accept-language": "sq, mk;q=0.8"})
    assert response.status_code in (200, 301)  # /mk goes on to /mk/
    assert response["Content-Language"] == language
    assert "accept-language" not in response.get("Vary", "").lower()


def test_a_language_the_site_does_not_offer_is_no_prefix(client):
    factories.article()
    response = client.get("/de/")
    assert response.status_code == 404
    assert response["Content-Language"] == "en"
