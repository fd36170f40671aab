"""The newsroom's staff in the admin: an editor writes, sources and publishes a story in the real editor;
a reporter cannot publish, not with the buttons and not with a forged form."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from articles.models import Article
from tests import factories
from tests.e2e.conftest import image_loaded, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADMIN = "/" + settings.ADMIN_PATH


def choose_in_autocomplete(page, field, search, option, *, within="#article_form"):
    """Picks `option` in the admin's autocomplete (select2) widget for `field`, by typing `search`."""
    page.locator(within).locator(f".field-{field} .select2-selection").first.click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).click()


def type_body(page):
    """Types the story in CKEditor 5 as a writer does: shortcuts for bold and link, a toolbar list."""
    body = page.locator(".field-body .ck-editor__editable")
    body.click()
    keyboard = page.keyboard
    keyboard.type("The law passed with ")
    keyboard.press("Control+b")
    keyboard.type("71 votes")
    keyboard.press("Control+b")
    keyboard.type(" in favour.")
    keyboard.press("Enter")
    toolbar = page.locator(".field-body .ck-toolbar")
    bulleted_list = toolbar.get_by_role("button", name="Bulleted List")
    bulleted_list.and_(page.locator(".ck-splitbutton__action")).click()  # not the arrow beside it
    keyboard.type("Towns must treat their sewage.")
    keyboard.press("Enter")
    keyboard.type("Factories pay for what they pour.")
    keyboard.press("Enter")
    keyboard.press("Enter")  # an empty item ends the list
    # The link comes last: nothing is typed after the link balloon hands back the focus.
    link_text = "Read the law"
    keyboard.type(link_text)
    expect(body.locator("p").last).to_have_text(link_text)
    keyboard.press("Shift+Home")  # the link is the whole paragraph
    keyboard.press("Control+k")
    url = page.get_by_label("Link URL")
    url.fill("https://example.org/law")
    url.press("Enter")
    expect(body.locator("strong")).to_have_text("71 votes")
    expect(body.locator("ul li")).to_have_text(
        ["Towns must treat their sewage.", "Factories pay for what they pour."]
    )
    expect(body.locator("p a")).to_have_text(link_text)


def add_lead_image_through_popup(page, *, alt_text):
    """Uploads a new image with its alt text from the lead image's "+" (add another) popup."""
    with page.expect_popup() as popup_info:
        page.locator("#add_id_lead_image").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.locator("#id_file").set_input_files(
        files=[{"name": "vardar.jpg", "mimeType": "image/jpeg", "buffer": factories.jpeg_bytes()}]
    )
    popup.locator("#id_alt_text").fill(alt_text)
    with popup.expect_event("close"):  # the popup hands the new object to the form and closes itself
        popup.locator("input[name=_save]").click()
    expect(page.locator(".field-lead_image .select2-selection__rendered")).to_contain_text(alt_text)


def add_sources_and_quotes_with_a_new_speaker(page):
    """Two sources and two quotes in the sourcing inlines; the speaker is created from the "+" popup."""
    add_source = page.get_by_role("button", name="Add another Source")
    add_source.click()
    add_source.click()
    page.locator("#id_sources-0-kind").select_option(label="Press conference")
    page.locator("#id_sources-0-description").fill("Press conference at the ministry")
    page.locator("#id_sources-1-kind").select_option(label="Official document")
    page.locator("#id_sources-1-description").fill("The law as passed")
    page.locator("#id_sources-1-url").fill("https://example.org/law")

    add_quote = page.get_by_role("button", name="Add another Quote")
    add_quote.click()
    add_quote.click()
    with page.expect_popup() as popup_info:
        page.locator("#add_id_quotes-0-speaker").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.locator("#id_name_en").fill("Ana Petrovska")
    popup.locator("#id_bio_en").fill("Minister of the environment since 2024.")
    with popup.expect_event("close"):  # the popup hands the new object to the form and closes itself
        popup.locator("input[name=_save]").click()
    expect(page.locator("#quotes-0 .field-speaker .select2-selection__rendered")).to_contain_text(
        "Ana Petrovska"
    )
    page.locator("#id_quotes-0-speaker_role").fill("Minister of the environment")
    page.locator("#id_quotes-0-text").fill("Every river in this country will be clean within five years.")
    choose_in_autocomplete(page, "speaker", "Petro", "Ana Petrovska", within="#quotes-1")
    page.locator("#id_quotes-1-speaker_role").fill("Minister of the environment")
    page.locator("#id_quotes-1-text").fill("The towns will get the money they need to build the plants.")


def choose_quote_sources(page):
    """The quotes get their source after a first save here, as an editor may choose to do; choosing it before any
    save, among sources typed in the same form, is tests/e2e/test_editors_desk.py's."""
    for row in (0, 1):
        page.locator(f"#id_quotes-{row}-source").select_option(
            label="Press conference: Press conference at the ministry"
        )


def test_editor_writes_illustrates_and_publishes_a_story_that_readers_then_see(browsing):
    editor = factories.editor()
    factories.author(name="Elena Stojanova", user=editor)
    factories.section(name="Environment", slug="environment")
    page = browsing.new_page()
    log_in(page, editor)

    page.goto(ADMIN + "articles/article/add/")
    page.locator("#id_headline").fill("Parliament passes the clean water law")
    page.locator("#id_standfirst").fill("Towns get five years to stop pouring sewage into rivers.")
    type_body(page)
    choose_in_autocomplete(page, "section", "Envir", "Environment")
    add_lead_image_through_popup(page, alt_text="The river Vardar under the Stone Bridge")
    add_sources_and_quotes_with_a_new_speaker(page)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    choose_quote_sources(page)
    page.locator("input[name=_publish]").click()

    expect(page.locator(".messagelist")).to_contain_text("now “Published”")
    story = Article.objects.get(headline="Parliament passes the clean water law")
    assert story.status == Article.Status.PUBLISHED
    assert "<strong>71 votes</strong>" in story.body
    assert re.search(r'<a href="https://example.org/law"[^>]*>Read the law</a>', story.body)
    assert re.search(r"<ul>\s*<li>Towns must treat their sewage.</li>\s*<li>", story.body)
    assert story.lead_image.alt_text == "The river Vardar under the Stone Bridge"
    assert sorted(story.sources.values_list("description", flat=True)) == [
        "Press conference at the ministry",
        "The law as passed",
    ]
    assert set(story.quotes.values_list("speaker__name", "source__description")) == {
        ("Ana Petrovska", "Press conference at the ministry")
    }

    reader = browsing.new_page()
    reader.goto("/")
    reader.get_by_role("link", name="Parliament passes the clean water law").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Parliament passes the clean water law")
    expect(reader.locator("main strong", has_text="71 votes")).to_be_visible()
    lead = reader.get_by_role("img", name="The river Vardar under the Stone Bridge")
    expect(lead).to_be_visible()
    assert image_loaded(lead), "the lead image did not load"
    sources = reader.get_by_role("region", name="How we reported this")
    expect(sources.locator(".source")).to_have_count(2)
    expect(sources.locator("q")).to_have_count(2)
    expect(sources.get_by_role("link", name="Ana Petrovska").first).to_be_visible()


def test_reporter_sees_no_publish_button_and_a_forged_publish_leaves_the_story_unpublished(browsing):
    reporter = factories.reporter()
    factories.author(name="Marko Ilievski", user=reporter)
    factories.section(name="Environment", slug="environment")
    page = browsing.new_page()
    log_in(page, reporter)

    page.goto(ADMIN + "articles/article/add/")
    page.locator("#id_headline").fill("Council approves the budget")
    page.locator("#id_standfirst").fill("The city will spend more on buses.")
    page.locator(".field-body .ck-editor__editable").click()
    page.keyboard.type("The council voted for the budget on Monday.")
    choose_in_autocomplete(page, "section", "Envir", "Environment")
    expect(page.locator("input[name=_publish]")).to_have_count(0)
    expect(page.locator("input[name=_schedule]")).to_have_count(0)
    expect(page.locator("input[name=_submit_review]")).to_be_visible()

    # A reporter who edits the page to add the editor's button still cannot publish.
    page.evaluate(
        """() => {
            const forged = document.createElement("input");
            forged.type = "submit"; forged.name = "_publish"; forged.value = "Save and publish";
            forged.id = "forged-publish";
            document.querySelector("#article_form .submit-row").append(forged);
        }"""
    )
    page.locator("#forged-publish").click()

    expect(page.locator(".messagelist .error")).to_be_visible()
    story = Article.objects.get(headline="Council approves the budget")
    assert story.status == Article.Status.DRAFT
    reader = browsing.new_page()
    assert reader.goto(story.get_absolute_url()).status == 404
    reader.goto("/")
    expect(reader.get_by_role("link", name="Council approves the budget")).to_have_count(0)
