"""A reader on the public site: finds a story on the home page, reads it with its sources and quotes,
follows a speaker, and searches."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_reader_sees_published_story_on_home_page_with_its_stylesheet(page):
    factories.article(headline="Bridge over the Vardar reopens")

    response = page.goto("/")

    assert response.status == 200
    expect(page.get_by_role("link", name="Bridge over the Vardar reopens")).to_be_visible()
    stylesheet = page.request.get(page.locator("link[rel=stylesheet]").first.get_attribute("href"))
    assert stylesheet.ok
