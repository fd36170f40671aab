"""The story admin in a real Chromium where editors and reporters found it hard to use: on a phone (390 x 844) the
story form's byline, the story list and a story's history fit the screen, with nothing to scroll sideways to and a
search box one can type in; at 1280 px a source's event is shown by its whole name."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from articles import services
from sourcing.models import Event, Source
from tests import factories
from tests.e2e.conftest import PHONE, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADMIN = "/" + settings.ADMIN_PATH
EVENT = "Regional Defence Contact Group meeting"
SCROLLS_SIDEWAYS = (
    "document.documentElement.scrollWidth > innerWidth || document.body.scrollWidth > innerWidth"
)
# Content that overflows its box and scrolls inside it (Django's table of results does so), the box and by how much.
SCROLLING_BOXES = """root => [root, ...root.querySelectorAll("*")]
    .filter(e => e.checkVisibility() && e.scrollWidth > e.clientWidth + 1
        && ["auto", "scroll"].includes(getComputedStyle(e).overflowX))
    .map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}`)"""


def right_edge(box):
    return box["x"] + box["width"]


def within_the_screen(locator):
    box = locator.bounding_box()
    return box["x"] >= 0 and right_edge(box) <= PHONE["width"]


def test_on_a_phone_a_storys_byline_fits_the_screen_with_its_author_and_delete_box(browsing):
    editor = factories.editor()
    author = factories.author(name="Elena Stojanovska-Trajkovska")
    story = factories.article(authors=[author], published=False)
    page = browsing.new_page(viewport=PHONE)
    log_in(page, editor)
    page.goto(f"{ADMIN}articles/article/{story.pk}/change/", wait_until="networkidle")

    group = page.locator("#bylines-group")
    row = group.locator("tr.has_original").first
    expect(row.locator(".select2-selection__rendered")).to_contain_text(author.name)
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    assert group.evaluate(SCROLLING_BOXES) == []
    assert right_edge(group.locator("table").bounding_box()) <= right_edge(group.bounding_box()) + 1
    for part in (
        row.locator(".row-order"),
        row.locator(".select2-container"),
        row.locator(".related-widget-wrapper-link").last,
        row.locator("input[name$=-DELETE]"),
    ):
        assert within_the_screen(part), part.evaluate(
            "e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()]"
        )
    # The author's name is all shown, not cut to fit a narrow box.
    shown = row.locator(".select2-selection__rendered")
    assert shown.evaluate("e => e.scrollWidth <= e.clientWidth")
    # And deleting the byline is still a checkbox one can tick.
    row.locator("input[name$=-DELETE]").check()
    expect(row.locator("input[name$=-DELETE]")).to_be_checked()


def test_on_a_phone_the_story_list_fits_the_screen_and_its_search_box_takes_the_line(browsing):
    editor = factories.editor()
    writers = [
        factories.author(name=name) for name in ("Elena Stojanovska", "Arben Hoxha", "Marija Petrovska")
    ]
    now = timezone.now()
    for number, language in enumerate(["en", "mk", "sq"]):
        factories.article(
            headline=f"Municipal tender for school heating went to a firm registered nine days earlier ({number})",
            authors=writers,
            language=language,
            published_at=now - datetime.timedelta(hours=number + 1),
        )
    page = browsing.new_page(viewport=PHONE)
    log_in(page, editor)
    page.goto(f"{ADMIN}articles/article/", wait_until="networkidle")

    table = page.locator("#result_list")
    expect(table.locator("tbody tr")).to_have_count(3)
    assert not page.evaluate(SCROLLS_SIDEWAYS), page.evaluate("document.documentElement.scrollWidth")
    # Django's table scrolled inside its box instead, the page's width unchanged: nothing may scroll sideways there.
    assert page.locator("#changelist").evaluate(SCROLLING_BOXES) == []
    assert right_edge(table.bounding_box()) <= PHONE["width"]
    # What the editor looks for on each story is on the screen: its authors, when it was published, its language.
    for row in table.locator("tbody tr").all():
        for column in ("field-headline", "field-status_badge", "field-byline_column", "field-published_at"):
            cell = row.locator(f".{column}")
            expect(cell).to_be_visible()
            assert within_the_screen(cell), column
        expect(row.locator(".field-language")).to_be_visible()
        assert within_the_screen(row.locator(".field-language"))
    # The search box is most of the screen's width, its button beside it, not a third of it beside "3 results".
    search, button = page.locator("#searchbar"), page.locator("#changelist-search input[type=submit]")
    assert search.bounding_box()["width"] >= 0.6 * PHONE["width"], search.bounding_box()
    assert within_the_screen(search) and within_the_screen(button)
    search.fill("tender")
    search.press("Enter")
    expect(table.locator("tbody tr")).to_have_count(3)


def test_at_1280_a_sources_event_is_shown_by_its_whole_name(browsing):
    editor = factories.editor()
    story = factories.article()
    event = Event.objects.create(name=EVENT, date=datetime.date(2024, 12, 2), place="Ohrid")
    Source.objects.create(
        article=story,
        kind=Source.Kind.PRESS_CONFERENCE,
        description="Press conference after the meeting of the Regional Defence Contact Group",
        outlet="Regional Defence Contact Group",
        date=event.date,
        event=event,
    )
    Source.objects.create(
        article=story,
        kind=Source.Kind.DOCUMENT,
        description="Draft amendment to this year's budget",
        url="https://example.org/mof/budget-amendment.pdf",
        position=1,
    )
    page = browsing.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, editor)
    page.goto(f"{ADMIN}articles/article/{story.pk}/change/", wait_until="networkidle")

    shown = page.locator("#sources-0 .field-event .select2-selection__rendered")
    expect(shown).to_contain_text(EVENT)
    assert shown.evaluate("e => e.scrollWidth <= e.clientWidth"), shown.evaluate(
        "e => [e.textContent, e.scrollWidth, e.clientWidth]"
    )
    # The rest stays compact: a saved link is in its box, without Django's "Currently: ... Change:" lines over it.
    link = page.locator("#id_sources-1-url")
    expect(link).to_have_value("https://example.org/mof/budget-amendment.pdf")
    # Its box alone, with no words around it for a screen reader to read out either.
    row = page.locator("#sources-1 .fieldBox.field-url")
    assert "Currently" not in row.inner_text() and "Change:" not in row.text_content()
    assert row.locator("a").count() == 0


@pytest.mark.parametrize("language", ["en", "mk"])
def test_on_a_phone_a_storys_history_fits_the_screen_with_every_revisions_details(browsing, language):
    editor = factories.editor(first_name="Elena", last_name="Stojanovska-Trajkovska")
    story = factories.article(published=False, headline="Municipal tender for school heating")
    story._history_user = editor  # as the admin's request would name them
    services.article_publish(article=story, by=editor)
    services.article_return_to_draft(
        article=story, by=editor, note="The tender's second bidder is not named: add them before it goes out."
    )
    page = browsing.new_page(viewport=PHONE)
    log_in(page, editor)
    # The admin follows the browser's language; the cookie Django's language switch sets comes first.
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": browsing.base_url}]
    )
    page.goto(f"{ADMIN}articles/article/{story.pk}/history/", wait_until="networkidle")

    expect(page.locator("html")).to_have_attribute("lang", language)
    listed = page.locator(".revision-history table tbody tr")
    expect(listed).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    assert page.locator(".revision-history").evaluate(SCROLLING_BOXES) == []
    # Each revision's date, author, status, what was done and its "What changed" link are on the screen.
    for row in listed.all():
        for cell in row.locator("th, td").all():
            if cell.inner_text().strip():
                assert within_the_screen(cell), cell.inner_text()
    assert within_the_screen(page.locator("#compare-from")) and within_the_screen(page.locator("#compare-to"))
