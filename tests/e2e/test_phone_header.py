"""The site's header on a phone (390 px) and a desktop (1280 px): the search field and every section of the
menu within a reader's reach, by touch and by keyboard, in English and in Macedonian (longer section names).

On a phone the search opens from a button beside the site's name (a <details>, no script), and the
sections run in a strip that scrolls sideways, shaded at the edge where more sections wait. Screenshots of
home and a story at both widths are saved into test-artifacts/ by every run, for people to look at.
"""

import io

import pytest
from PIL import Image, ImageStat
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, PHONE, axe_violations, html_errors, in_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}

# A newsroom's menu: more sections than a phone's width holds, with the long Macedonian names.
SECTIONS = [
    ("Politics", "Политика"),
    ("Investigations", "Истражувања"),
    ("Economy", "Економија"),
    ("Society", "Општество"),
    ("World", "Светот"),
    ("Culture", "Култура"),
    ("Sport", "Спорт"),
    ("Opinion", "Мислења"),
]


@pytest.fixture
def site(public_site):
    from tests import factories

    public_site.section.name_mk = "Животна средина"
    public_site.section.order = 3
    public_site.section.save()
    for order, (english, macedonian) in enumerate(SECTIONS):
        section = factories.section(
            name=english, name_en=english, name_mk=macedonian, slug=english.lower(), order=order
        )
        for language in ("en", "mk"):  # the menu lists the sections an edition has stories in
            factories.article(section=section, language=language)
    return public_site


def pages(site, language):
    return {"home": in_language("/", language), "story": site.path_in("article", language)}


def section_links(page):
    return page.get_by_role("navigation", name="Sections").get_by_role("link")


def search_field(page):
    return page.get_by_role("searchbox", name="Search stories")


def open_search(page):
    """What a reader on a phone does to reach the search field: the search button beside the site's name."""
    toggle = page.locator(".site-header summary")
    expect(toggle).to_be_visible()
    expect(search_field(page)).to_be_hidden()  # the field waits behind the button, not in the header's way
    toggle.click()


def edge_colour(page, menu, side):
    """The average colour of the menu's last (or first) 12 px, where the shade says more sections wait."""
    box = menu.bounding_box()
    x = box["x"] + box["width"] - 12 if side == "right" else box["x"]
    png = page.screenshot(clip={"x": x, "y": box["y"] + 2, "width": 12, "height": box["height"] - 4})
    return ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).mean[0]


def save_screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=True)


@pytest.mark.parametrize("language", ["en", "mk"])
def test_phone_reader_opens_the_search_from_the_header_and_finds_a_story(browsing, site, language):
    page = browsing.new_page(language=language, viewport=PHONE)
    page.goto(pages(site, language)["story"])

    open_search(page)
    field = search_field(page) if language == "en" else page.get_by_role("searchbox")
    expect(field).to_be_visible()
    expect(field).to_be_in_viewport(ratio=1)
    field.fill("water" if language == "en" else "вода")
    field.press("Enter")

    page.wait_for_url("**/search/?q=*")
    found = site.story if language == "en" else site.translation
    expect(page.locator("main").get_by_role("link", name=found.headline)).to_be_visible()


def test_keyboard_reader_opens_the_search_on_a_phone(browsing, site):
    page = browsing.new_page(viewport=PHONE)
    page.goto("/")

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site's name
    page.keyboard.press("Tab")
    toggle = page.locator(".site-header summary")
    expect(toggle).to_be_focused()
    assert toggle.evaluate("element => getComputedStyle(element).outlineStyle") != "none"  # focus is seen
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    expect(search_field(page)).to_be_focused()


@pytest.mark.parametrize("language", ["en", "mk"])
def test_phone_reader_sees_a_shade_where_more_sections_wait_and_scrolls_each_into_view(
    browsing, site, language
):
    page = browsing.new_page(language=language, viewport=PHONE)
    page.goto(pages(site, language)["home"])
    menu = page.locator(".section-menu")
    links = menu.get_by_role("link")
    expect(links).to_have_count(len(SECTIONS) + 1)
    assert menu.evaluate("menu => menu.scrollWidth > menu.clientWidth"), "the menu fits: nothing to test"

    shaded, plain = edge_colour(page, menu, "right"), edge_colour(page, menu, "left")
    assert shaded < plain - 3, (
        f"no shade on the right tells that more sections wait (right {shaded}, left {plain})"
    )
    for link in links.all():
        # As a finger swipes the strip along (Playwright's own scrolling stops once 32 px of a link show).
        link.evaluate("link => link.scrollIntoView({block: 'nearest', inline: 'nearest'})")
        expect(link).to_be_in_viewport(ratio=1)
    assert menu.evaluate("menu => menu.scrollLeft + menu.clientWidth >= menu.scrollWidth - 1")
    assert edge_colour(page, menu, "right") > shaded + 3, "the shade stays at the end, where no section waits"
    assert edge_colour(page, menu, "left") < plain - 3, "no shade on the left tells that sections went past"


@pytest.mark.parametrize("language", ["en", "mk"])
def test_keyboard_reader_sees_each_section_link_whole_as_it_takes_the_focus(browsing, site, language):
    page = browsing.new_page(language=language, viewport=PHONE)
    page.goto(pages(site, language)["home"])
    links = page.locator(".section-menu").get_by_role("link")
    page.locator(".site-header summary").focus()

    for link in links.all():
        page.keyboard.press("Tab")
        expect(link).to_be_focused()
        expect(link).to_be_in_viewport(ratio=1)


def test_desktop_header_shows_the_search_field_and_every_section_without_scrolling(browsing, site):
    page = browsing.new_page(viewport=DESKTOP)
    page.goto("/")

    expect(page.locator(".site-header summary")).to_be_hidden()
    expect(search_field(page)).to_be_visible()
    expect(page.get_by_role("button", name="Search")).to_be_visible()
    links = section_links(page)
    expect(links).to_have_count(len(SECTIONS) + 1)
    for link in links.all():
        expect(link).to_be_in_viewport(ratio=1)
    search_field(page).fill("sewage")
    search_field(page).press("Enter")
    page.wait_for_url("**/search/?q=sewage")


@pytest.mark.parametrize("width, viewport", [("390", PHONE), ("1280", DESKTOP)])
@pytest.mark.parametrize("name", ["home", "story"])
def test_home_and_story_pass_axe_at_each_width_and_are_kept_as_screenshots(
    browsing, site, name, width, viewport
):
    page = browsing.new_page(viewport=viewport, bypass_csp=True)  # axe-core is injected as an inline script
    page.goto(pages(site, "en")[name])
    save_screenshot(page, f"{name}-{width}.png")

    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways"
    assert axe_violations(page) == []
    if width == "390":
        open_search(page)
        save_screenshot(page, f"{name}-390-search-open.png")
        assert axe_violations(page) == [], "with the search open"


def test_home_and_story_in_macedonian_pass_axe_on_a_phone(browsing, site):
    for name, path in pages(site, "mk").items():
        page = browsing.new_page(language="mk", viewport=PHONE, bypass_csp=True)
        page.goto(path)
        save_screenshot(page, f"{name}-390-mk.png")
        assert axe_violations(page) == [], name


def test_home_and_story_are_valid_html(client, site, tmp_path):
    documents = {}
    for language in ("en", "mk"):
        for name, path in pages(site, language).items():
            response = client.get(path)
            assert response.status_code == 200, path
            documents[f"{name} ({language})"] = response.content.decode()
    canary = "checker canary"  # a known-bad document proves that the checker's report reaches this test
    documents[canary] = "<!DOCTYPE html><html lang=en><title>x</title><p><div></p>"

    errors = html_errors(documents, tmp_path / "html")

    assert errors.pop(canary, None)
    assert errors == {}
