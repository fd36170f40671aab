"""A reader of the Macedonian edition: a Macedonian site, and a story's English translation one click away."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_reader_goes_from_a_macedonian_story_to_its_english_translation_and_back(browsing):
    original = factories.article(language="mk", headline="Рамштајн: повеќе противвоздушна одбрана за Украина")
    english = factories.article(
        language="en", headline="Ramstein: more air defence for Ukraine", translation_of=original
    )
    factories.article(language="en", headline="An English story the Macedonian edition leaves out")
    page = browsing.new_page(language="mk")

    page.goto("/mk/")
    expect(page.get_by_role("link", name=original.headline).first).to_be_visible()
    expect(page.get_by_text("An English story the Macedonian edition leaves out")).to_have_count(0)
    page.get_by_role("link", name=original.headline).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(original.headline)
    assert page.url.endswith(f"/mk/articles/{original.slug}/")

    page.get_by_role("link", name="Read in English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(english.headline)
    assert page.url.endswith(f"/articles/{english.slug}/") and "/mk/" not in page.url
    alternates = page.locator('link[rel="alternate"][hreflang]')
    expect(alternates).to_have_count(3)  # en, mk and x-default

    page.locator('.story__translations a[hreflang="mk"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(original.headline)
    assert page.url.endswith(f"/mk/articles/{original.slug}/")
    assert browsing.public_page_errors() == []


def test_a_story_asked_for_under_another_editions_prefix_lands_on_its_own_address(browsing):
    story = factories.article(language="mk", headline="Охрид: езерото се затоплува")
    page = browsing.new_page()
    page.goto(f"/articles/{story.slug}/")  # an old unprefixed address
    expect(page.get_by_role("heading", level=1)).to_have_text(story.headline)
    assert page.url.endswith(f"/mk/articles/{story.slug}/")
