"""The "How we reported this" panel on a phone: one line a source, read as an editor would write it."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import ARTIFACTS, PHONE
from tests.sourcing import factories as sourcing

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_four_sources_take_little_room_on_a_phone_and_read_naturally(browsing):
    story = factories.article(headline="Austin after Ramstein")
    interview = sourcing.source(
        story, kind="interview_elsewhere", description="Interview given to Reuters", outlet="Reuters"
    )
    conference = sourcing.source(
        story,
        kind="press_conference",
        description="Press conference after the Ramstein meeting",
        outlet="",
        event=sourcing.event(name="Ramstein meeting"),
    )
    sourcing.source(
        story,
        kind="outlet_report",
        description="Wall Street Journal report",
        outlet="The Wall Street Journal",
    )
    sourcing.anonymous_source(
        story, public_description="an official at the defence ministry", justification="Fear."
    )
    sourcing.quote(
        story, source=interview, text="We will do more.", speaker=sourcing.person(name="Lloyd Austin")
    )
    sourcing.quote(
        story, source=conference, text="The money is there.", speaker=sourcing.person(name="Boris Pistorius")
    )
    page = browsing.new_page(viewport=PHONE)
    page.goto(story.get_absolute_url())

    panel = page.get_by_role("region", name="How we reported this")
    expect(panel.locator(".source-label")).to_have_text(
        [
            "Interview given to Reuters",
            "Press conference after the Ramstein meeting",
            "Report by The Wall Street Journal",
            "Anonymous source: an official at the defence ministry",
        ]
    )
    height = panel.bounding_box()["height"]
    ARTIFACTS.mkdir(exist_ok=True)
    panel.screenshot(path=ARTIFACTS / "sourcing-panel-390.png")
    print(f"'How we reported this' with four sources and two quotes at 390 px: {height:.0f} px")
    assert height < 520, height  # about 700 px before the panel was reworded and restyled


def test_one_rule_stands_between_the_story_and_its_sourcing_panel(browsing):
    story = factories.article(headline="Austin after Ramstein")
    sourcing.source(story, kind="press_conference", description="Press conference after the meeting")
    page = browsing.new_page(viewport=PHONE)
    page.goto(story.get_absolute_url())

    panel = page.get_by_role("region", name="How we reported this")
    rules = page.evaluate(
        """(panel) => [panel.parentElement, panel].filter(
            (element) => getComputedStyle(element).borderTopStyle !== "none"
        ).length""",
        panel.element_handle(),
    )
    assert rules == 1  # the footer's rule; the panel drew a second one just under it
