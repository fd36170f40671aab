"""The editor's desk (issue 19, "Must show") in a real Chromium at 1280 px: a sourced story entered and
published with one click, its sources and quotes resting on each other before any save; the review emails
through the queue and a real SMTP server; rows ordered by dragging and with the keyboard; a refused publish
shown at the top with links; the form short enough to work in; screenshots and axe-core on the form and the
desk."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from sourcing.models import Event, Person, Source
from tests import factories
from tests.e2e.conftest import ARTIFACTS, PASSWORD, axe_violations, image_loaded, log_in
from tests.membership.conftest import run_queue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADMIN = "/" + settings.ADMIN_PATH
ADD_STORY = ADMIN + "articles/article/add/"
WIDE = {"width": 1280, "height": 900}
FORM_HEIGHT_LIMIT = 3500  # px at 1280: the filled form of a story with four sources and two quotes

HEADLINE = "Allies pledge air defence for Ukraine at Ramstein"
STANDFIRST = "Ministers meeting at the US air base promise new systems before winter."

# (kind as the editor reads it, description, outlet); what the quote's source list shows for each.
SOURCES = [
    ("Interview given to another outlet", "Interview given to Reuters", "Reuters"),
    ("Press conference", "Press conference after the Ramstein meeting", ""),
    ("Another outlet's report", "Report on the new aid package", "The Wall Street Journal"),
    ("Anonymous source", "Colonel at the defence ministry's planning staff", ""),
]
PUBLIC_DESCRIPTION = "a senior official at the defence ministry"
JUSTIFICATION = "Not authorised to speak; two colleagues confirmed the figures."


def source_label(kind, description, outlet=""):
    """A source as the quote's source list names it (sourcing.admin.source_choice_label, and the script)."""
    return f"{kind}: {description}" + (f" ({outlet})" if outlet else "")


def choose_in_autocomplete(page, field, search, option, *, within="#article_form"):
    """Picks `option` in the admin's autocomplete (select2) widget for `field`, by typing `search`."""
    page.locator(within).locator(f".field-{field} .select2-selection").first.click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).click()


def add_through_popup(page, opener, fill):
    """Clicks the "+" beside a field, fills the pop-up with `fill(popup)`, saves it; the pop-up closes."""
    with page.expect_popup() as popup_info:
        page.locator(opener).click()
    popup = popup_info.value
    popup.wait_for_load_state()
    fill(popup)
    with popup.expect_event("close"):  # the pop-up hands the new object to the form and closes itself
        popup.locator("input[name=_save]").click()


@pytest.fixture
def newsroom():
    """An editor with an author profile, a section, the Ramstein meeting and two officials with their roles."""
    editor = factories.editor(email="editor@example.org", first_name="Elena", last_name="Stojanova")
    factories.author(name="Elena Stojanova", user=editor)
    section = factories.section(name="World", slug="world")
    event = Event.objects.create(
        name="Ramstein meeting", date=datetime.date(2024, 9, 6), place="Ramstein Air Base"
    )
    austin = Person.objects.create(name="Lloyd Austin", current_role="United States Secretary of Defense")
    pistorius = Person.objects.create(name="Boris Pistorius", current_role="German Minister of Defence")
    return editor, section, event, austin, pistorius


def fill_story(page, *, standfirst=STANDFIRST, stray_source=False):
    """The story as an editor enters it in one go, nothing saved: text, section, four sources typed with "Add
    another Source", two quotes resting on two of them, the lead image, a new tag and a new author.

    With `stray_source`, a source typed first by mistake is removed once the quotes rest on the sources after
    it, which Django then renumbers."""
    page.locator("#id_headline").fill(HEADLINE)
    if standfirst:
        page.locator("#id_standfirst").fill(standfirst)
    page.locator(".field-body .ck-editor__editable").click()
    page.keyboard.type("Defence ministers meeting at Ramstein pledged new air defence systems.")
    page.keyboard.press("Enter")
    page.keyboard.type("The systems are to arrive before winter.")
    choose_in_autocomplete(page, "section", "Wor", "World")
    first = 0
    if stray_source:
        page.get_by_role("button", name="Add another Source").click()
        page.locator("#id_sources-0-kind").select_option(label="Public statement")
        page.locator("#id_sources-0-description").fill("Statement typed in the wrong story")
        first = 1
    add_sources(page, first=first)
    add_quotes(page, first_source=first)
    if stray_source:
        page.locator("#sources-0 .inline-deletelink").click()
        expect(page.locator("#sources-group .dynamic-sources")).to_have_count(len(SOURCES))
        for row, source in ((0, 0), (1, 1)):  # still the sources chosen, under their new numbers
            chosen = page.locator(f"#id_quotes-{row}-source")
            expect(chosen.locator("option:checked")).to_have_text(source_label(*SOURCES[source]))
            expect(chosen).to_have_value(f"new-{source}")
    add_through_popup(
        page,
        "#add_id_lead_image",
        lambda popup: (
            popup.locator("#id_file").set_input_files(
                files=[{"name": "ramstein.jpg", "mimeType": "image/jpeg", "buffer": factories.jpeg_bytes()}]
            ),
            popup.locator("#id_alt_text").fill("Defence ministers around the table at Ramstein"),
        ),
    )
    expect(page.locator(".field-lead_image .select2-selection__rendered")).to_contain_text("Ramstein")
    add_through_popup(page, "#add_id_tags", lambda popup: popup.locator("#id_name_en").fill("Air defence"))
    expect(page.locator(".field-tags .select2-selection__rendered")).to_contain_text("Air defence")
    add_through_popup(
        page, "#add_id_bylines-0-author", lambda popup: popup.locator("#id_name_en").fill("Ivan Kovač")
    )
    expect(page.locator("#bylines-0 .select2-selection__rendered")).to_contain_text("Ivan Kovač")


def add_sources(page, *, first=0):
    """The four sources, in rows `first`, `first` + 1, …"""
    add_source = page.get_by_role("button", name="Add another Source")
    for number, (kind, description, outlet) in enumerate(SOURCES):
        row = first + number
        add_source.click()
        expect(page.locator(f"#sources-{row} fieldset.anonymity")).to_be_hidden()  # until the kind says so
        page.locator(f"#id_sources-{row}-kind").select_option(label=kind)
        page.locator(f"#id_sources-{row}-description").fill(description)
        if outlet:
            page.locator(f"#id_sources-{row}-outlet").fill(outlet)
    page.locator(f"#id_sources-{first}-url").fill("https://www.reuters.com/world/interview")
    choose_in_autocomplete(page, "event", "Ram", "Ramstein meeting", within=f"#sources-{first + 1}")
    page.locator(f"#id_sources-{first + 2}-url").fill("https://www.wsj.com/world/aid-package")
    for number in range(3):
        expect(page.locator(f"#sources-{first + number} fieldset.anonymity")).to_be_hidden()
    expect(page.locator(f"#sources-{first + 3} fieldset.anonymity")).to_be_visible()
    page.locator(f"#id_sources-{first + 3}-public_description").fill(PUBLIC_DESCRIPTION)
    page.locator(f"#id_sources-{first + 3}-justification").fill(JUSTIFICATION)


def add_quotes(page, *, first_source=0):
    """Two quotes, each resting on a source typed above (not saved yet), its speaker chosen by name."""
    add_quote = page.get_by_role("button", name="Add another Quote")
    add_quote.click()
    add_quote.click()
    quotes = [
        ("Aust", "Lloyd Austin", "We will not let up.", 0),
        ("Pisto", "Boris Pistorius", "Germany will send three more systems this year.", 1),
    ]
    for row, (search, speaker, words, source) in enumerate(quotes):
        choose_in_autocomplete(page, "speaker", search, speaker, within=f"#quotes-{row}")
        page.locator(f"#id_quotes-{row}-text").fill(words)
        # The list offers the sources typed above, none of them saved yet.
        expect(page.locator(f"label[for=id_quotes-{row}-source]")).to_have_text("Source:")
        page.locator(f"#id_quotes-{row}-source").select_option(label=source_label(*SOURCES[source]))
        assert page.locator(f"#id_quotes-{row}-source").input_value() == f"new-{first_source + source}"
    # The role at the time comes from the speaker's current role, filled in by itself.
    expect(page.locator("#id_quotes-0-speaker_role")).to_have_value("United States Secretary of Defense")
    expect(page.locator("#id_quotes-1-speaker_role")).to_have_value("German Minister of Defence")


def test_editor_enters_a_sourced_story_in_one_go_and_publishes_it_with_one_click(browsing, newsroom):
    editor, *_ = newsroom
    page = browsing.new_page(viewport=WIDE)
    log_in(page, editor)
    page.goto(ADD_STORY)
    fill_story(page, stray_source=True)

    page.get_by_role("button", name="Publish now").click()

    success = page.locator(".messagelist .success")
    expect(success).to_contain_text("now “Published”")
    story = Article.objects.get(headline=HEADLINE)
    assert story.status == Article.Status.PUBLISHED
    sources = list(story.sources.order_by("position", "pk"))
    assert [source.description for source in sources] == [description for _, description, _ in SOURCES]
    assert sources[1].event.name == "Ramstein meeting"
    assert sources[3].kind == Source.Kind.ANONYMOUS and not sources[3].on_record
    assert (sources[3].public_description, sources[3].justification) == (PUBLIC_DESCRIPTION, JUSTIFICATION)
    assert set(story.quotes.values_list("speaker__name", "speaker_role", "source__description")) == {
        ("Lloyd Austin", "United States Secretary of Defense", "Interview given to Reuters"),
        ("Boris Pistorius", "German Minister of Defence", "Press conference after the Ramstein meeting"),
    }
    assert story.lead_image.alt_text == "Defence ministers around the table at Ramstein"
    assert [(tag.name, tag.slug) for tag in story.tags.all()] == [("Air defence", "air-defence")]
    assert [(author.name, author.slug) for author in story.ordered_authors] == [("Ivan Kovač", "ivan-kovac")]

    live_link = success.get_by_role("link", name="See it on the site")
    expect(live_link).to_have_attribute("href", story.get_absolute_url())
    live_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    assert image_loaded(page.get_by_role("img", name="Defence ministers around the table at Ramstein"))
    panel = page.get_by_role("region", name="How we reported this")
    expect(panel.locator(".source")).to_have_count(4)
    expect(panel.locator(".source-label")).to_have_text(
        [
            "Interview given to Reuters",
            "Press conference after the Ramstein meeting",
            "Report by The Wall Street Journal: Report on the new aid package",
            f"Anonymous source: {PUBLIC_DESCRIPTION}",
        ]
    )
    expect(panel.locator(".source").nth(0).locator("q")).to_have_text("We will not let up.")
    expect(panel.locator(".source").nth(1).locator("q")).to_have_text(
        "Germany will send three more systems this year."
    )
    expect(panel).not_to_contain_text(JUSTIFICATION)
    # All of it (CKEditor, the autocompletes, the pop-ups, the rows' scripts) under the admin's policy, whose
    # scripts are 'self' only with no eval: no script error and no refusal on any page.
    assert browsing.console_errors == []


def save_screenshot(page, name):
    """A full-page screenshot kept by every run (not only a failed one), for people to look at. The window is
    as tall as the page, so that the sticky buttons stand at its foot, as they do on screen, not mid-page."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    viewport = page.viewport_size
    page.set_viewport_size(
        {"width": viewport["width"], "height": page.evaluate("document.documentElement.scrollHeight")}
    )
    page.screenshot(path=ARTIFACTS / name, full_page=True)
    page.set_viewport_size(viewport)


def test_the_filled_story_form_fits_in_a_few_screens_and_passes_axe_at_1280(browsing, newsroom):
    editor, *_ = newsroom
    page = browsing.new_page(viewport=WIDE, bypass_csp=True)  # axe-core is injected as an inline script
    log_in(page, editor)
    page.goto(ADD_STORY)
    fill_story(page)
    page.locator("#id_headline").focus()

    height = page.evaluate("document.documentElement.scrollHeight")
    save_screenshot(page, "story-form-1280.png")
    assert height < FORM_HEIGHT_LIMIT, f"the filled form is {height} px high at 1280 px"
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [1280, 1024])
def test_a_scheduled_storys_form_neither_scrolls_sideways_nor_cuts_off_its_byline(browsing, newsroom, width):
    editor, section, *_ = newsroom
    story = factories.article(
        headline=HEADLINE,
        section=section,
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    page = browsing.new_page(viewport={"width": width, "height": 900})
    log_in(page, editor)
    page.goto(f"{ADMIN}articles/article/{story.pk}/change/")

    link = page.get_by_label("Shareable preview link")
    expect(link).to_have_value(re.compile(r"/preview/"))
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the form scrolls sideways"
    box = link.bounding_box()
    assert box["x"] + box["width"] <= width
    # As wide as its column, so that most of the link shows.
    assert link.evaluate("e => e.offsetWidth >= e.parentElement.clientWidth - 2"), link.evaluate(
        "e => [e.offsetWidth, e.parentElement.clientWidth]"
    )
    # The byline row: no text cut off by its box (Django's "name · View on site" line under the order buttons
    # was), and the order buttons on the line of the author's box.
    clipped = page.locator("#bylines-group").evaluate(CLIPPED_TEXTS)
    assert clipped == []
    row = page.locator("#bylines-group tr.has_original").first
    buttons, author = (
        row.locator(".row-order").bounding_box(),
        row.locator(".select2-selection").bounding_box(),
    )
    assert abs(buttons["y"] + buttons["height"] / 2 - (author["y"] + author["height"] / 2)) < 4


CLIPPED_TEXTS = """group => [...group.querySelectorAll("*")]
    .filter(e => e.checkVisibility() && e.textContent.trim() && getComputedStyle(e).overflow !== "visible"
        && (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1))
    .map(e => e.textContent.trim())"""


# Review by email ------------------------------------------------------------------------------------------


def test_a_story_submitted_for_review_is_emailed_to_the_editor_published_from_the_desk_and_its_reporter_told(
    browsing, newsroom, smtp_inbox
):
    editor, *_ = newsroom
    reporter = factories.reporter(email="marija@example.org", first_name="Marija", last_name="Petrovska")
    factories.author(name="Marija Petrovska", user=reporter)
    headline = "Skopje buses run on time for the first time in years"
    desk = browsing.new_page(viewport=WIDE)
    log_in(desk, reporter)
    desk.goto(ADD_STORY)
    desk.locator("#id_headline").fill(headline)
    desk.locator("#id_standfirst").fill("The city's new timetable holds in its first month.")
    desk.locator(".field-body .ck-editor__editable").click()
    desk.keyboard.type("Nine buses in ten left on time in October.")
    choose_in_autocomplete(desk, "section", "Wor", "World")
    desk.get_by_role("button", name="Submit for review").click()
    expect(desk.locator(".messagelist .success")).to_contain_text("now “In review”")
    assert smtp_inbox.messages == []  # owed to the queue, not sent inside the request

    run_queue()

    [for_review] = smtp_inbox.messages
    assert for_review["To"] == "editor@example.org"
    assert for_review["Subject"] == f"For review: {headline}"
    body = for_review.get_content()
    assert f"Marija Petrovska submitted “{headline}” for review." in body
    story = Article.objects.get(headline=headline)
    story_path = ADMIN + f"articles/article/{story.pk}/change/"
    assert story_path in body

    page = browsing.new_page(viewport=WIDE)
    log_in(page, editor)
    waiting = page.get_by_role("region", name="Waiting for review")
    expect(waiting.get_by_role("link", name=headline)).to_have_attribute("href", story_path)
    expect(waiting).to_contain_text("Marija Petrovska")
    waiting.get_by_role("link", name=headline).click()
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist .success")).to_contain_text("now “Published”")
    assert Article.objects.get(pk=story.pk).status == Article.Status.PUBLISHED

    run_queue()

    published = [message for message in smtp_inbox.messages if message["To"] == "marija@example.org"]
    assert [message["Subject"] for message in published] == [f"Published: {headline}"]
    assert f"Elena Stojanova published “{headline}”." in published[0].get_content()
    assert len(smtp_inbox.messages) == 2  # the editor is not told of her own change


# Ordering rows --------------------------------------------------------------------------------------------


def test_sources_reordered_by_dragging_and_with_the_up_button_keep_their_order_on_the_live_page(
    browsing, newsroom
):
    editor, section, *_ = newsroom
    story = factories.article(headline=HEADLINE, section=section, authors=[editor.author_profile])
    for position, description in enumerate(
        ["First meeting", "Second meeting", "Third meeting", "Fourth meeting"]
    ):
        Source.objects.create(
            article=story, kind=Source.Kind.PRESS_CONFERENCE, description=description, position=position
        )
    page = browsing.new_page(viewport=WIDE)
    log_in(page, editor)
    page.goto(ADMIN + f"articles/article/{story.pk}/change/")
    descriptions = page.locator("#sources-group .dynamic-sources input[name$='-description']")

    def order_on_the_form():
        return descriptions.evaluate_all("inputs => inputs.map(input => input.value)")

    assert order_on_the_form() == ["First meeting", "Second meeting", "Third meeting", "Fourth meeting"]

    # The fourth is dragged by its handle to the top; then the third (now last) moves up with the keyboard.
    # Both rows in view first: Playwright would otherwise scroll between pressing and moving the mouse, and
    # Chrome would start the drag from whatever handle was then under it.
    page.locator("#sources-0").evaluate("row => row.scrollIntoView({block: 'start'})")
    page.locator("#sources-3 .row-drag").drag_to(
        page.locator("#sources-0 h3"), target_position={"x": 400, "y": 4}
    )
    assert order_on_the_form() == ["Fourth meeting", "First meeting", "Second meeting", "Third meeting"]
    page.locator("#sources-2 .row-up").focus()
    page.keyboard.press("Enter")
    assert order_on_the_form() == ["Fourth meeting", "First meeting", "Third meeting", "Second meeting"]
    expect(page.locator("#sources-2 .row-up")).to_be_focused()  # the editor can press again
    page.get_by_role("button", name="Update live story").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    order = ["Fourth meeting", "First meeting", "Third meeting", "Second meeting"]
    assert list(story.sources.order_by("position", "pk").values_list("description", flat=True)) == order
    page.goto(story.get_absolute_url())
    panel = page.get_by_role("region", name="How we reported this")
    expect(panel.locator(".source-label")).to_have_text([f"Press conference: {meeting}" for meeting in order])


# A refused publish ----------------------------------------------------------------------------------------


def test_a_refused_publish_lists_the_problems_at_the_top_in_red_with_links_and_stores_nothing(
    browsing, newsroom
):
    editor, *_ = newsroom
    page = browsing.new_page(viewport=WIDE)
    log_in(page, editor)
    page.goto(ADD_STORY)
    page.locator("#id_headline").fill(HEADLINE)  # and no standfirst
    page.locator(".field-body .ck-editor__editable").click()
    page.keyboard.type("Defence ministers meeting at Ramstein pledged new air defence systems.")
    choose_in_autocomplete(page, "section", "Wor", "World")
    page.get_by_role("button", name="Add another Source").click()
    page.locator("#id_sources-0-kind").select_option(label="Press conference")
    page.locator("#id_sources-0-description").fill("Press conference after the Ramstein meeting")
    page.get_by_role("button", name="Add another Quote").click()
    choose_in_autocomplete(page, "speaker", "Aust", "Lloyd Austin", within="#quotes-0")
    page.locator("#id_quotes-0-text").fill("We will not let up.")  # and no source chosen

    page.get_by_role("button", name="Publish now").click()

    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text("nothing is saved yet")
    standfirst = refusal.get_by_role("link", name="Add a standfirst (the summary under the headline).")
    quote = refusal.get_by_role("link", name=re.compile(r"^Quote 1 \(“We will not let up.”\) has no source"))
    expect(standfirst).to_be_visible()
    expect(quote).to_be_visible()
    assert refusal.bounding_box()["y"] < page.locator("#id_headline").bounding_box()["y"]  # at the top
    # Red: the colour of the admin's own errors (Django's --error-fg), not of its links.
    red = refusal.locator(".errornote").evaluate("note => getComputedStyle(note).color")
    assert red != page.locator("#user-tools a").first.evaluate("link => getComputedStyle(link).color")
    for link in (standfirst, quote):
        assert link.evaluate("link => getComputedStyle(link).color") == red
    # What the editor typed is still in the form.
    expect(page.locator("#id_headline")).to_have_value(HEADLINE)
    expect(page.locator("#id_quotes-0-text")).to_have_value("We will not let up.")
    assert Article.objects.count() == 0
    assert Source.objects.count() == 0
    save_screenshot(page, "story-refused-1280.png")

    page.evaluate("window.scrollTo(0, 0)")
    quote.click()
    expect(page.locator("#quotes-0")).to_be_in_viewport()
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    standfirst.click()
    expect(page.locator("#id_standfirst")).to_be_in_viewport()
    expect(page.locator("#id_standfirst")).to_be_focused()


# The desk ---------------------------------------------------------------------------------------------------


def test_the_desk_at_1280_shows_each_list_and_passes_axe(browsing, newsroom):
    editor, section, *_ = newsroom
    reporter = factories.reporter(first_name="Marija", last_name="Petrovska")
    now = timezone.now()
    factories.article(
        headline="Budget talks stall again", published=False, created_by=editor, section=section
    )
    factories.article(
        headline="Water prices to rise in March",
        published=False,
        status=Article.Status.IN_REVIEW,
        created_by=reporter,
        section=section,
    )
    factories.article(
        headline="Election debate tonight",
        status=Article.Status.SCHEDULED,
        published_at=now + datetime.timedelta(days=1),
        section=section,
    )
    corrected = factories.article(headline="Allies meet at Ramstein", section=section)
    factories.correction(corrected, text="An earlier version gave the wrong date of the meeting.")
    page = browsing.new_page(viewport=WIDE, bypass_csp=True)  # axe-core is injected as an inline script
    log_in(page, editor)

    for name, headline in [
        ("My drafts", "Budget talks stall again"),
        ("Waiting for review", "Water prices to rise in March"),
        ("Scheduled for the next seven days", "Election debate tonight"),
        ("Recently published", "Allies meet at Ramstein"),
        ("Recent corrections", "Allies meet at Ramstein"),
    ]:
        expect(page.get_by_role("region", name=name).get_by_role("link", name=headline)).to_be_visible()
    save_screenshot(page, "desk-1280.png")
    assert axe_violations(page) == []


# The headline's counter and the buttons within reach (items 8 and 18) -------------------------------------


def test_the_headline_counts_and_the_save_buttons_stay_in_reach_on_the_long_form(browsing, newsroom):
    editor, *_ = newsroom
    page = browsing.new_page(viewport=WIDE)
    log_in(page, editor)
    page.goto(ADD_STORY)
    counter = page.locator(".field-headline .char-count")
    expect(counter).to_have_text("0 characters; search engines show up to 110.")
    fill_story(page)
    expect(counter).to_have_text(f"{len(HEADLINE)} characters; search engines show up to 110.")
    page.locator("#id_headline").fill("A" * 111)
    expect(counter).to_have_text("111 characters; search engines show up to 110.")
    assert counter.evaluate("output => output.classList.contains('over')")
    page.locator("#id_headline").fill(HEADLINE)
    # The headline spans the form's width, beside only its short label (kicker) field.
    headline, standfirst = page.locator("#id_headline"), page.locator("#id_standfirst")
    assert headline.bounding_box()["width"] > 0.8 * standfirst.bounding_box()["width"]

    # The form is several screens long; wherever the editor is in it, the buttons are on the screen.
    assert page.evaluate("document.documentElement.scrollHeight") > 2 * WIDE["height"]
    publish = page.get_by_role("button", name="Publish now")
    for scrolled_to in ("#id_headline", "#sources-1", "#quotes-0"):
        page.locator(scrolled_to).evaluate("element => element.scrollIntoView({block: 'start'})")
        expect(publish).to_be_in_viewport()
        expect(page.get_by_role("button", name="Save draft")).to_be_in_viewport()


# The media library in the story's body (item 14) ------------------------------------------------------------


def test_an_image_picked_from_the_library_goes_into_the_body_and_readers_get_it_with_alt_credit_and_sizes(
    browsing, newsroom
):
    editor, *_ = newsroom
    picture = factories.image(
        alt_text="Flooded street in Tetovo", credit="Ana Petrova", caption="Tetovo on Monday"
    )
    factories.image(alt_text="Parliament in session")  # the library holds more than the one wanted
    page = browsing.new_page(viewport=WIDE)
    log_in(page, editor)
    page.goto(ADD_STORY)
    page.locator("#id_headline").fill("Tetovo cleans up after the floods")
    page.locator("#id_standfirst").fill("Streets are open again three days after the river rose.")
    body = page.locator(".field-body .ck-editor__editable")
    body.click()
    page.keyboard.type("The river rose by two metres on Monday.")
    choose_in_autocomplete(page, "section", "Wor", "World")

    # The library is where the image button is: in its dropdown, after "Upload from computer". By keyboard:
    # Down on the dropdown's arrow opens it on the upload, Tab reaches the library.
    toolbar = page.locator(".field-body .ck-toolbar")
    toolbar.get_by_role("button", name="Insert image").focus()
    page.keyboard.press("ArrowDown")
    expect(toolbar.get_by_role("button", name="Upload from computer")).to_be_focused()
    page.keyboard.press("Tab")
    expect(toolbar.get_by_role("button", name="Insert an image from the library")).to_be_focused()
    with page.expect_popup() as library_info:
        page.keyboard.press("Enter")
    library = library_info.value
    library.wait_for_load_state()
    library.get_by_label("Search the alt text, captions and credits").fill("Tetovo")
    library.get_by_role("button", name="Search").click()
    expect(library.locator(".media-library__item")).to_have_count(1)
    expect(library.locator(".media-library__item")).to_contain_text("Photo: Ana Petrova")
    with library.expect_event("close"):  # the library hands the image to the editor and closes itself
        library.get_by_role("button", name="Insert").click()

    inserted = body.locator("figure.image img")
    expect(inserted).to_have_attribute("alt", "Flooded street in Tetovo")
    expect(body.locator("figure.image figcaption")).to_have_text("Tetovo on Monday")
    page.get_by_role("button", name="Publish now").click()

    expect(page.locator(".messagelist .success")).to_contain_text("now “Published”")
    story = Article.objects.get(headline="Tetovo cleans up after the floods")
    assert story.status == Article.Status.PUBLISHED
    reader = browsing.new_page(viewport=WIDE)
    reader.goto(story.get_absolute_url())
    image = reader.locator(".story-body picture img")
    expect(image).to_have_attribute("alt", "Flooded street in Tetovo")
    expect(image).to_have_attribute("width", str(picture.width))
    expect(image).to_have_attribute("height", str(picture.height))
    expect(image).to_have_attribute("srcset", picture.original_srcset)
    expect(reader.locator(".story-body picture source[type='image/webp']")).to_have_attribute(
        "srcset", picture.webp_srcset
    )
    expect(reader.locator(".story-body figcaption")).to_have_text("Tetovo on Monday Photo: Ana Petrova")
    assert image_loaded(image)


# CKEditor in the staff member's language (item 15) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "bold", "words", "characters"),
    [("mk", "Задебелено", "Зборови: 4", "Знаци: 18"), ("sq", "E trashë", "Fjalë: 4", "Karaktere: 18")],
)
def test_the_editors_toolbar_and_word_count_are_in_the_staff_members_language(
    browsing, newsroom, language, bold, words, characters
):
    editor, *_ = newsroom
    page = browsing.new_page(language=language, viewport=WIDE)
    page.goto(ADMIN + "login/")  # the sign-in form in the staff member's language
    page.locator("input[name$=username]").fill(editor.get_username())
    page.locator("input[name$=password]").fill(PASSWORD)
    page.locator("input[name$=password]").press("Enter")
    page.goto(ADD_STORY)
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator(".field-body .ck-editor__editable").click()
    page.keyboard.type("Тој рече: да, сега")
    expect(page.locator(".field-body .ck-word-count__words")).to_have_text(words)
    expect(page.locator(".field-body .ck-word-count__characters")).to_have_text(characters)
    expect(page.locator(".field-body .ck-toolbar").get_by_role("button", name=bold)).to_be_visible()
