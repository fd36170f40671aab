"""The story's form in the admin, in a real Chromium: on a phone (390 x 844) the workflow's buttons stay at the
bottom of the screen without covering the form an editor is typing into; a story the person may only read
reads as a page, its headline under its label and no bar of buttons over it."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests import factories
from tests.e2e.conftest import DESKTOP, PASSWORD, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADMIN = "/" + settings.ADMIN_PATH
# An eighth of the phone's height: two lines of buttons and the "Send back with a note" line. Stacked one a line,
# as Django lays out a submit row on a phone, an editor's buttons took more than a quarter.
SHARE_OF_THE_SCREEN = 1 / 8
TAP_TARGET = 24  # px, WCAG 2.5.8


def log_in_in(page, user, language):
    """Signs in through the admin's form, which is in the staff member's language (labels and all)."""
    page.goto(ADMIN + "login/")
    page.locator("input[name$=username]").fill(user.get_username())
    page.locator("input[name$=password]").fill(PASSWORD)
    page.locator("input[name$=password]").press("Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["en", "mk"])
@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.SCHEDULED])
def test_the_story_forms_buttons_take_a_small_share_of_a_phones_screen(browsing, language, status):
    # A draft has the most buttons for an editor; a scheduled story the longest ones, and "Send back with a note".
    editor = factories.editor()
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    story = factories.article(
        headline="Budget 2027: what the draft says about pensions",
        status=status,
        published_at=tomorrow if status == Article.Status.SCHEDULED else None,
    )
    page = browsing.new_page(language=language, viewport=PHONE)
    log_in_in(page, editor, language)
    page.goto(ADMIN + f"articles/article/{story.pk}/change/", wait_until="networkidle")
    expect(page.locator("html")).to_have_attribute("lang", language)

    bar = page.locator(".submit-row.desk-actions")
    buttons = bar.locator("input[type=submit], a")
    assert buttons.count() >= 5
    # Wherever the editor is in the form, the buttons are at the bottom of the screen...
    page.locator("#id_standfirst").evaluate("element => element.scrollIntoView({block: 'start'})")
    for button in buttons.all():
        expect(button).to_be_in_viewport()
    # ...in a strip at the bottom, leaving the rest of the screen to the form...
    box = bar.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"] + 1
    assert box["height"] <= SHARE_OF_THE_SCREEN * PHONE["height"], (
        f"the buttons take {box['height']:.0f} px of the phone's {PHONE['height']}"
    )
    # ...each still a finger's tap, none cut off at the screen's edge.
    for button in buttons.all():
        button_box = button.bounding_box()
        assert button_box["height"] >= TAP_TARGET, button.text_content() or button.get_attribute("value")
        assert button_box["x"] >= 0 and button_box["x"] + button_box["width"] <= PHONE["width"]
    # The note sent back with the story, once asked for, fits the screen's width too.
    if status != Article.Status.DRAFT:
        bar.locator("details.back-to-draft summary").click()
        note = bar.locator("textarea[name=note_to_reporter]")
        expect(note).to_be_visible()
        assert note.bounding_box()["x"] + note.bounding_box()["width"] <= box["x"] + box["width"]


def test_on_a_phone_turned_sideways_the_buttons_wait_at_the_end_of_the_form(browsing):
    # 390 px high: even one line of buttons would take a sixth of it, and the keyboard takes half.
    sideways = {"width": PHONE["height"], "height": PHONE["width"]}
    editor = factories.editor()
    story = factories.article(published=False)
    page = browsing.new_page(viewport=sideways)
    log_in_in(page, editor, "en")
    page.goto(ADMIN + f"articles/article/{story.pk}/change/", wait_until="networkidle")
    page.locator("#id_standfirst").evaluate("element => element.scrollIntoView({block: 'start'})")
    expect(page.get_by_role("button", name="Save draft")).not_to_be_in_viewport()
    page.get_by_role("button", name="Save draft").scroll_into_view_if_needed()
    expect(page.get_by_role("button", name="Publish now")).to_be_in_viewport()


# A story the person may only read ---------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_reporters_published_story_reads_as_a_page_with_nothing_over_it(browsing, viewport):
    reporter = factories.reporter()
    story = factories.article(headline="Why the hospital waiting lists keep growing", created_by=reporter)
    page = browsing.new_page(viewport=viewport)
    log_in_in(page, reporter, "en")
    page.goto(ADMIN + f"articles/article/{story.pk}/change/", wait_until="networkidle")
    expect(page.get_by_role("heading", name="View story")).to_be_visible()

    # The headline under its label, where the eye goes next, not pushed to the far side of the form.
    label = page.locator(".field-headline label")
    headline = page.locator(".field-headline .readonly")
    expect(headline).to_have_text(story.headline)
    assert headline.bounding_box()["x"] <= label.bounding_box()["x"] + 1
    assert headline.bounding_box()["y"] >= label.bounding_box()["y"] + label.bounding_box()["height"] - 1

    # With nothing to save, "Close" waits at the end of the form instead of covering the story's details at the
    # bottom of the screen.
    publication = page.locator(".field-published_at .readonly")
    publication.evaluate("element => element.scrollIntoView({block: 'end'})")
    expect(page.locator(".submit-row.desk-actions").get_by_role("link", name="Close")).not_to_be_in_viewport()
    assert publication.evaluate(
        """element => {
            const box = element.getBoundingClientRect();
            return element.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
        }"""
    ), "the publication time is covered"
