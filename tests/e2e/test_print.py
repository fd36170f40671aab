"""A story printed (site.css, the @media print block): the story and its sources, not the screen's furniture.

Chromium lays the page out for print (emulate_media) and the test reads what it would put on paper; then it
prints the story to PDF, kept in test-artifacts/story-print.pdf for people to look at.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LAW = "https://example.org/law"

# What a screen needs and paper does not: each must leave no trace on the printed page.
SCREEN_ONLY = {
    "the section menu": ".section-menu",
    "the search button": ".site-search-toggle summary",
    "the search field": "#site-search-q",
    "the skip link": ".skip-link",
    "the share links": ".share",
    "the membership appeal": ".appeal",
    "the membership form": ".appeal form",
    "the related stories": ".related",
    "the video player": ".video-player, .video-frame, iframe",
    "the footer's menus": ".site-footer",
}


@pytest.fixture
def story(public_site):
    from membership.models import ReaderAppeal
    from tests import factories

    story = public_site.story
    story.body += (
        f'<p>The ministry <a href="{public_site.section.get_absolute_url()}">covers the environment</a>, and '
        '<a href="#corrections">corrections</a> follow the story.</p>'
    )
    story.video_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    story.save()
    ReaderAppeal.objects.create(
        heading="Support independent journalism", text="Readers pay for our reporting."
    )
    factories.article(
        headline="Towns count the cost of clean rivers",
        section=public_site.section,
        tags=list(story.tags.all()),
    )
    return story


def after(link):
    return link.evaluate("link => getComputedStyle(link, '::after').content")


def test_printed_story_leaves_out_the_screens_menus_appeal_share_links_related_stories_and_video(
    browsing, story
):
    page = browsing.new_page()
    page.goto(story.get_absolute_url())
    for selector in SCREEN_ONLY.values():  # all there on screen: else their absence on paper proves nothing
        assert page.locator(selector).count(), selector

    page.emulate_media(media="print")

    for name, selector in SCREEN_ONLY.items():
        for element in page.locator(selector).all():
            expect(element, f"{name} is printed").to_be_hidden()
    expect(page.locator(".site-name")).to_be_visible()  # whose story it is
    expect(page.get_by_role("heading", level=1)).to_have_text(story.headline)
    expect(page.locator(".story-body")).to_be_visible()


def test_printed_story_keeps_how_we_reported_this(browsing, story):
    page = browsing.new_page()
    page.goto(story.get_absolute_url())
    page.emulate_media(media="print")

    panel = page.get_by_role("region", name="How we reported this")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Press conference at the ministry")
    expect(panel).to_contain_text("Every river in this country will be clean within five years.")


def test_printed_links_to_other_sites_carry_their_address_and_links_within_the_site_do_not(browsing, story):
    page = browsing.new_page()
    page.goto(story.get_absolute_url())
    body = page.locator(".story-body")
    outside, inside, anchor = (
        body.locator(f"a[href='{LAW}']"),
        body.get_by_role("link", name="covers the environment"),
        body.get_by_role("link", name="corrections"),
    )
    assert after(outside) == "none"  # on screen the address would only clutter the line

    page.emulate_media(media="print")

    assert after(outside) == f'" ({LAW})"'
    assert after(inside) == "none"
    assert after(anchor) == "none"
    source_link = page.locator(f".how-we-reported a[href='{LAW}']")
    assert after(source_link) == f'" ({LAW})"'


def test_printed_story_is_dark_text_on_white_in_print_sizes(browsing, story):
    page = browsing.new_page()
    page.goto(story.get_absolute_url())
    page.emulate_media(media="print")

    dark_backgrounds = page.evaluate(
        """() => [...document.querySelectorAll("body *")].filter(element => element.getClientRects().length)
            .filter(element => {
                const [r, g, b, a = 1] = getComputedStyle(element).backgroundColor.match(/[\\d.]+/g).map(Number);
                return a > 0.1 && (0.2126 * r + 0.7152 * g + 0.0722 * b) < 160;
            }).map(element => element.outerHTML.slice(0, 120))"""
    )
    assert dark_backgrounds == []
    assert page.locator("body").evaluate("body => getComputedStyle(body).fontSize") == "14.6667px"  # 11pt
    assert page.locator(".story-body").evaluate("body => getComputedStyle(body).color") == "rgb(0, 0, 0)"


def test_short_story_prints_to_a_pdf_of_two_pages_at_most(browsing, story):
    page = browsing.new_page()
    page.goto(story.get_absolute_url())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    pdf = page.pdf(path=ARTIFACTS / "story-print.pdf", format="A4")  # headless Chromium prints print media

    assert pdf.startswith(b"%PDF-")
    pages = [int(count) for count in re.findall(rb"/Type /Pages\b[^>]*?/Count (\d+)", pdf, re.S)]
    assert pages and max(pages) <= 2, f"a short story took {pages} pages"  # the screen's parts would add more
