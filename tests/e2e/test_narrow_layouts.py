"""Pages that must fit their screen: the membership pages and the search on a phone, whatever a reader types or
their country is called; the story's form and the story list in the admin at 1024 and 1280 px, with the admin's
menu open. Each test looks at what a person would see: the page scrolling sideways, one thing covering another,
a heading no bigger than the text under it."""

import datetime
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from articles.models import Article
from membership import tokens
from membership.models import Currency, Member
from sourcing.models import Event, Person, Quote, Source
from tests import factories
from tests.e2e.conftest import PHONE, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADMIN = "/" + settings.ADMIN_PATH
HEADLINE = "President confirms talks on an air-defence system as partners pledge more support"
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > innerWidth"


def overlaps(one, other):
    """Whether two bounding boxes share any area."""
    return (
        one["x"] < other["x"] + other["width"]
        and other["x"] < one["x"] + one["width"]
        and one["y"] < other["y"] + other["height"]
        and other["y"] < one["y"] + one["height"]
    )


def right_edge(box):
    return box["x"] + box["width"]


# A phone ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["mk", "sq"])
def test_the_membership_form_fits_a_phone_with_the_longest_country_name(browsing, language):
    page = browsing.new_page(language=language, viewport=PHONE)
    page.goto(f"/{language}/membership/join/")

    country = page.locator("select[name=country]")
    # The longest name in the list, in Macedonian "Јужна Џорџија и Јужни Сендвички Острови".
    assert len(max(country.locator("option").all_inner_texts(), key=len)) > 35
    assert not page.evaluate(SCROLLS_SIDEWAYS), page.evaluate("document.documentElement.scrollWidth")
    box = page.locator("fieldset", has=country).bounding_box()
    assert right_edge(country.bounding_box()) <= right_edge(box)
    assert right_edge(box) <= PHONE["width"]


@pytest.fixture
def member_with_long_details():
    """A member whose name is 150 letters without a space and whose address is as long as a ministry's."""
    return Member.objects.create(
        name="Александра" * 15,
        email="aleksandra.petrovska-stojanovska@ministerstvozazhivotnasredinaiprostornoplaniranje.gov.mk",
        country="MK",
        amount=300,
        currency=Currency.objects.get(code="MKD"),
        frequency="monthly",
    )


@pytest.mark.parametrize("link", ["confirm", "manage"])
def test_a_long_name_and_email_address_wrap_on_the_membership_pages_on_a_phone(
    browsing, member_with_long_details, link
):
    member = member_with_long_details
    token = tokens.confirm_token(member) if link == "confirm" else tokens.manage_token(member)
    page = browsing.new_page(language="mk", viewport=PHONE)
    page.goto(f"/mk/membership/{link}/{token}/")

    expect(page.get_by_text(member.name[:30])).to_be_visible()
    assert not page.evaluate(SCROLLS_SIDEWAYS), page.evaluate("document.documentElement.scrollWidth")
    for text in (member.name, member.email if link == "confirm" else member.name):
        box = page.locator("dd", has_text=text[:30]).bounding_box()
        assert right_edge(box) <= PHONE["width"]


def test_a_long_search_typed_without_spaces_wraps_on_a_phone(browsing):
    page = browsing.new_page(language="mk", viewport=PHONE)
    page.goto("/mk/search/?q=" + "x" * 200)

    status = page.get_by_role("status")
    expect(status).to_contain_text("x" * 40)
    assert not page.evaluate(SCROLLS_SIDEWAYS), page.evaluate("document.documentElement.scrollWidth")
    assert right_edge(status.bounding_box()) <= PHONE["width"]


# The admin: the story's form -------------------------------------------------------------------------------


@pytest.fixture
def sourced_story():
    """A published story with a long headline, a source at an event and a quote resting on it."""
    editor = factories.editor()
    story = factories.article(headline=HEADLINE)
    event = Event.objects.create(
        name="Regional Defence Contact Group meeting", date=datetime.date(2024, 12, 2), place="Ohrid"
    )
    speaker = Person.objects.create(name="Daniel Morrow", current_role="Chair of the contact group")
    source = Source.objects.create(
        article=story,
        kind=Source.Kind.PRESS_CONFERENCE,
        description="Press conference after the meeting of the contact group",
        event=event,
        date=datetime.date(2024, 12, 2),
    )
    Quote.objects.create(
        article=story,
        speaker=speaker,
        speaker_role="Chair of the contact group",
        text="Every member of this group has agreed to do more.",
        source=source,
        said_on=datetime.date(2024, 12, 2),
    )
    return editor, story


def open_story(browsing, editor, story, width):
    page = browsing.new_page(viewport={"width": width, "height": 900})
    log_in(page, editor)
    page.goto(f"{ADMIN}articles/article/{story.pk}/change/")
    expect(page.locator("#sources-0 .field-event .select2-container")).to_be_visible()
    return page


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_translate_control_stays_clear_of_the_storys_title_and_looks_like_history(
    browsing, sourced_story, width
):
    page = open_story(browsing, *sourced_story, width)

    title = page.locator("#content h2", has_text=HEADLINE[:40])
    translate = page.locator("form.translate-story")
    expect(translate.get_by_role("button", name="Translate")).to_be_visible()
    for part in (translate.locator("label"), translate.locator("select"), translate.locator("button")):
        assert not overlaps(part.bounding_box(), title.bounding_box()), part.evaluate("e => e.outerHTML")
    assert not overlaps(page.locator(".object-tools").bounding_box(), title.bounding_box())
    assert not page.evaluate(SCROLLS_SIDEWAYS)

    looks = """e => { const s = getComputedStyle(e);
        return [s.backgroundColor, s.color, s.borderRadius, s.textTransform, s.fontSize, s.fontWeight]; }"""
    button = translate.get_by_role("button", name="Translate").evaluate(looks)
    history = page.locator(".object-tools a.historylink").evaluate(looks)
    assert button == history


def test_headings_typed_in_the_story_body_read_as_headings_in_one_font(browsing, sourced_story):
    page = open_story(browsing, *sourced_story, 1280)
    page.locator(".field-body .ck-editor__editable").evaluate(
        """e => e.ckeditorInstance.setData(
            "<h2>What the minister said</h2><p>The talks began in May.</p>"
            + "<h3>Who pays</h3><ul><li>The budget</li></ul><p>More text.</p>")"""
    )

    styles = page.locator(".field-body .ck-content").evaluate(
        """content => Object.fromEntries(["h2", "h3", "p", "li"].map(name => {
            const s = getComputedStyle(content.querySelector(name));
            return [name, {size: parseFloat(s.fontSize), weight: Number(s.fontWeight), font: s.fontFamily}];
        }))"""
    )
    paragraph = styles["p"]
    assert styles["h2"]["size"] >= 1.3 * paragraph["size"], styles
    assert paragraph["size"] < styles["h3"]["size"] < styles["h2"]["size"], styles
    assert styles["h2"]["weight"] >= 600 and styles["h3"]["weight"] >= 600, styles
    assert {style["font"] for style in styles.values()} == {paragraph["font"]}, styles


def test_a_sources_date_and_event_and_a_quotes_day_fit_their_columns_at_1024(browsing, sourced_story):
    page = open_story(browsing, *sourced_story, 1024)

    calendar = page.locator("#sources-0 .field-date .datetimeshortcuts")
    event = page.locator("#sources-0 .field-event .select2-container")
    assert not overlaps(calendar.bounding_box(), event.bounding_box())
    assert event.bounding_box()["width"] >= 120, "the event's list is too narrow to read a name in"

    form_edge = right_edge(page.locator("#quotes-0 > fieldset").first.bounding_box())
    said_on = page.locator("#quotes-0 .field-said_on")
    for part in (said_on.locator("input"), said_on.locator(".datetimeshortcuts")):
        assert right_edge(part.bounding_box()) <= form_edge
    assert not page.evaluate(SCROLLS_SIDEWAYS)


@pytest.mark.parametrize("width", [1024, 1280])
def test_an_invalid_link_is_reported_under_its_field_in_the_sources_row(browsing, sourced_story, width):
    page = open_story(browsing, *sourced_story, width)
    page.locator("#id_sources-0-url").fill("not a link")
    page.get_by_role("button", name="Update live story").click()

    error = page.locator("#sources-0 .errorlist", has_text="Enter a valid URL.")
    expect(error).to_be_visible()
    link, archived = page.locator("#id_sources-0-url"), page.locator("#id_sources-0-archived_url")
    # The field stays on the line of its neighbour, its error under it on one line, as wide as the field.
    assert abs(link.bounding_box()["y"] - archived.bounding_box()["y"]) < 10
    assert error.bounding_box()["y"] >= link.bounding_box()["y"] + link.bounding_box()["height"]
    assert error.bounding_box()["height"] < 30
    assert error.bounding_box()["width"] >= link.bounding_box()["width"] - 2
    assert not page.evaluate(SCROLLS_SIDEWAYS)


# The admin: the story list ---------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_story_list_shows_every_column_without_scrolling(browsing, width):
    editor = factories.editor()
    authors = [factories.author(name="Elena Stojanovska"), factories.author(name="Arben Hoxha")]
    section = factories.section(name="Investigations", slug="investigations")
    for number in range(3):
        factories.article(
            headline=f"Municipal tender for school heating went to a firm registered nine days earlier {number}",
            section=section,
            authors=authors,
            language="mk",
        )
    factories.article(headline="A draft", published=False, status=Article.Status.DRAFT, section=section)
    page = browsing.new_page(viewport={"width": width, "height": 900})
    log_in(page, editor)
    page.goto(f"{ADMIN}articles/article/")

    results = page.locator("#changelist-form .results")
    expect(page.get_by_role("cell", name=re.compile("Elena Stojanovska, Arben Hoxha")).first).to_be_visible()
    assert results.evaluate("e => e.scrollWidth <= e.clientWidth"), results.evaluate(
        "e => [e.scrollWidth, e.clientWidth]"
    )
    box = results.bounding_box()
    for column in ("column-byline_column", "column-published_at", "column-language"):
        header = page.locator(f"#result_list thead th.{column}").bounding_box()
        assert right_edge(header) <= right_edge(box) + 1, column
    assert not page.evaluate(SCROLLS_SIDEWAYS)
