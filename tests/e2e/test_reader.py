"""A reader on the public site: finds a story on the home page, reads it with its sources and quotes,
follows a speaker, and searches."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import image_loaded

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_reader_sees_published_story_on_home_page_with_its_stylesheet(page):
    factories.article(headline="Bridge over the Vardar reopens")

    response = page.goto("/")

    assert response.status == 200
    expect(page.get_by_role("link", name="Bridge over the Vardar reopens")).to_be_visible()
    stylesheet = page.request.get(page.locator("link[rel=stylesheet]").first.get_attribute("href"))
    assert stylesheet.ok


def test_reader_follows_story_to_its_sources_quotes_speaker_and_finds_it_by_search(browsing, public_site):
    page = browsing.new_page()
    page.goto("/")
    page.get_by_role("link", name="Parliament passes the clean water law").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Parliament passes the clean water law")
    lead = page.get_by_role("img", name="The river Vardar under the Stone Bridge in Skopje")
    expect(lead).to_be_visible()
    assert image_loaded(lead), "the lead image did not load"
    sources = page.get_by_role("region", name="How we reported this")
    expect(sources).to_be_visible()
    expect(sources.locator(".source")).to_have_count(2)
    expect(sources).to_contain_text("Press conference at the ministry")
    expect(sources).to_contain_text("The law as passed")
    expect(sources.locator("q")).to_have_text(
        [
            "Every river in this country will be clean within five years.",
            "The towns will get the money they need to build the plants.",
        ]
    )

    sources.get_by_role("link", name="Ana Petrovska").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ana Petrovska")
    expect(page.locator("main")).to_contain_text(
        "Every river in this country will be clean within five years."
    )
    expect(page.get_by_role("heading", level=2)).to_contain_text("2 quotes")

    search = page.get_by_role("searchbox", name="Search stories")
    search.fill("sewage")
    search.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("1 story matches “sewage”")
    page.locator("main").get_by_role("link", name="Parliament passes the clean water law").click()
    expect(page).to_have_url(re.compile(re.escape(public_site.story.get_absolute_url()) + "$"))
    # Under the strict Content-Security-Policy: no refused script, style or image, no script error.
    assert browsing.public_page_errors() == []
