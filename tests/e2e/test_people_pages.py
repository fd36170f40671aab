"""A speaker's page, the people index and the authors index in Chromium, at 390 px (a phone) and 1280 px: the
quotes read as quotations in the quotation marks of their own language, nothing runs off a phone's screen,
axe-core finds no WCAG 2.1 AA violation and the Nu Html Checker no error. Each run saves screenshots into
test-artifacts/ (speaker-390.png, people-1280.png, authors-390.png, ...) for people to look at.
"""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, axe_violations, html_errors, in_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = [("390", PHONE), ("1280", DESKTOP)]


@pytest.fixture
def site(public_site):
    """The public site's speaker, quoted in English, Macedonian and Albanian stories (one at a summit),
    more people to index, and authors with and without a photo."""
    from articles.models import ArticleAuthor
    from sourcing.models import Event, Person, Quote, Source
    from tests import factories

    speaker = public_site.speaker
    speaker.current_role = "Minister of the environment"
    speaker.wikidata_id = "Q42"
    speaker.save()
    summit = Event.objects.create(name="Ohrid water summit", date=date(2025, 6, 5), place="Ohrid")
    writer = factories.author(
        name="Vesna Dimitrova",
        role="Environment correspondent",
        photo=factories.image(alt_text="Vesna Dimitrova"),
    )
    ArticleAuthor.objects.create(article=public_site.story, author=writer, position=1)
    for language, headline, words, role in (
        ("mk", "Министерката за реките", "Реките ќе бидат чисти.", "Министерка за животна средина"),
        ("sq", "Ministrja për lumenjtë", "Lumenjtë do të jenë të pastër.", "Ministre e mjedisit"),
    ):
        story = factories.article(language=language, headline=headline, authors=[writer])
        source = Source.objects.create(
            article=story,
            kind=Source.Kind.PRESS_CONFERENCE,
            description="Summit press conference",
            event=summit,
        )
        Quote.objects.create(
            article=story, speaker=speaker, speaker_role=role, text=words, source=source, said_on=summit.date
        )
    for name, role in (("Arben Xhaferi", "Party leader"), ("Boris Trajkovski", ""), ("Zoran Zaev", "Mayor")):
        other = Person.objects.create(name=name, current_role=role)
        Quote.objects.create(
            article=public_site.story,
            speaker=other,
            speaker_role=role,
            text=f"Words of {name}.",
            source=public_site.story.sources.first(),
        )
    public_site.pages.update(people="/people/", authors="/authors/", event=summit.get_absolute_url())
    return public_site


def save_screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=True)


def overflowing(page):
    """Elements wider than the window: on a phone they would make the reader scroll sideways."""
    return page.evaluate(
        """() => [...document.querySelectorAll("main *")]
            .filter(element => element.getBoundingClientRect().right > window.innerWidth + 1)
            .map(element => element.outerHTML.slice(0, 120))"""
    )


@pytest.mark.parametrize("width, viewport", WIDTHS)
@pytest.mark.parametrize("name", ["speaker", "people", "authors"])
def test_page_passes_axe_fits_the_screen_and_is_kept_as_a_screenshot(browsing, site, name, width, viewport):
    page = browsing.new_page(viewport=viewport, bypass_csp=True)  # axe-core is injected as an inline script
    response = page.goto(site.pages[name])
    assert response.status == 200
    save_screenshot(page, f"{name}-{width}.png")

    assert overflowing(page) == []
    assert axe_violations(page) == []


def test_speaker_page_quotes_in_the_quotation_marks_of_their_language_with_no_list_numbers(browsing, site):
    page = browsing.new_page(viewport=PHONE)
    marks, pairs = {}, {}
    # Each edition's speaker page lists its own stories' quotes (articles.editions): one language a page.
    for prefix in ("", "/sq", "/mk"):
        page.goto(prefix + site.pages["speaker"])
        marks |= page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll("blockquote.quotation__words")].map(quote => {
                const words = quote.querySelector("p");
                const mark = side => getComputedStyle(words, side).content;
                return [quote.lang, mark("::before") + "…" + mark("::after")];
            }))"""
        )
        # The words open and close with open-quote and close-quote, which `quotes` resolves per language.
        pairs |= page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll("blockquote.quotation__words")].map(
                quote => [quote.lang, getComputedStyle(quote).quotes]))"""
        )
    assert set(marks) == {"en", "mk", "sq"}
    assert pairs["en"].startswith('"“" "”"'), pairs
    assert pairs["mk"].startswith('"„" "“"'), pairs
    assert pairs["sq"].startswith('"«" "»"'), pairs
    assert all(value == "open-quote…close-quote" for value in marks.values()), marks
    # No list numbers: the list's items carry no marker, so nothing sits in the margin apart from the words.
    assert page.evaluate(
        """() => [...document.querySelectorAll(".quote-list > li")]
            .every(item => getComputedStyle(item).listStyleType === "none")"""
    )
    # Who said it sits right under the words: the caption starts within a line of the quote's end.
    gap = page.evaluate(
        """() => {
            const figure = document.querySelector(".quotation");
            const words = figure.querySelector(".quotation__words").getBoundingClientRect();
            const caption = figure.querySelector("figcaption").getBoundingClientRect();
            return caption.top - words.bottom;
        }"""
    )
    assert 0 <= gap <= 24, gap
    expect(page.get_by_role("link", name="Ohrid water summit").first).to_be_visible()


def test_reader_finds_a_speaker_through_the_letters_of_the_people_index(browsing, site):
    page = browsing.new_page(viewport=PHONE)
    page.goto("/people/")

    page.get_by_role("navigation", name="Names by first letter").get_by_role("link", name="Z").click()

    expect(page).to_have_url(f"{browsing.base_url}/people/?letter=Z")
    names = page.locator(".name-list__name")
    expect(names).to_have_text(["Zoran Zaev"])
    names.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoran Zaev")


def test_people_and_authors_pages_are_valid_html(client, site, tmp_path):
    documents = {}
    for language in ("en", "mk"):
        for name in ("speaker", "people", "authors", "event"):
            path = in_language(site.pages[name], language)
            response = client.get(path)
            assert response.status_code == 200, f"{path} answered {response.status_code}"
            documents[f"{name} {path}"] = response.content.decode()
    documents["quotes /quotes/"] = client.get("/quotes/").content.decode()

    assert html_errors(documents, tmp_path / "html") == {}
