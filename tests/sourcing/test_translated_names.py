"""People's and events' names in each edition (sourcing.translation): a Macedonian reader meets "Илир Бериша"
on the story's sourcing panel, the speaker's page, the people index and the event's page; an English reader
"Ilir Berisha"; a name not yet written in Macedonian shows in the default language's."""

import json
import re
from datetime import date

import pytest

from tests import factories
from tests.sourcing import factories as sourcing

pytestmark = pytest.mark.django_db


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def quotations(html):
    found = []
    for script in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(script)
        for item in data if isinstance(data, list) else [data]:
            found += [part for part in item.get("hasPart", []) if part.get("@type") == "Quotation"]
    return found


@pytest.fixture
def ilir():
    return sourcing.person(
        name="Ilir Berisha", name_mk="Илир Бериша", current_role="Mayor", current_role_mk="Градоначалник",
        slug="ilir-berisha",
    )  # fmt: skip


@pytest.fixture
def summit():
    return sourcing.event(
        name="Regional summit", name_mk="Регионален самит", place="Ohrid", place_mk="Охрид",
        date=date(2026, 11, 20), slug="regional-summit-2026-11-20",
    )  # fmt: skip


def test_the_macedonian_edition_names_speakers_and_events_in_macedonian(client, ilir, summit):
    story = factories.article(language="mk")
    press_conference = sourcing.source(story, event=summit)  # a quote's event is its source's
    sourcing.quote(story, speaker=ilir, source=press_conference, text="Зборовите.")

    story_page = page(client, story.get_absolute_url())
    assert "Илир Бериша" in story_page and "Ilir Berisha" not in story_page
    assert [q["creator"]["name"] for q in quotations(story_page)] == ["Илир Бериша"]
    speaker_page = page(client, "/mk/people/ilir-berisha/")
    assert "<h1>Илир Бериша</h1>" in speaker_page and "Градоначалник" in speaker_page
    assert "Регионален самит" in speaker_page and "Regional summit" not in speaker_page
    assert "<title>Илир Бериша" in speaker_page
    event_page = page(client, "/mk/events/regional-summit-2026-11-20/")
    assert "Регионален самит" in event_page and "Охрид" in event_page and "Regional summit" not in event_page


def test_the_english_edition_keeps_the_english_names(client, ilir, summit):
    story = factories.article(language="en")
    sourcing.quote(story, speaker=ilir, source=sourcing.source(story, event=summit))

    speaker_page = page(client, "/people/ilir-berisha/")
    assert "<h1>Ilir Berisha</h1>" in speaker_page and "Илир" not in speaker_page
    assert "Regional summit" in page(client, "/events/regional-summit-2026-11-20/")


def test_the_people_index_sorts_and_groups_by_the_names_the_edition_shows(client, ilir):
    story = factories.article(language="mk")
    boris = sourcing.person(name="Boris Trajkov", slug="boris-trajkov")  # no Macedonian name yet
    ana = sourcing.person(name="Ana Kostovska", name_mk="Ана Костовска", slug="ana-kostovska")
    for person in (ilir, boris, ana):
        sourcing.quote(story, speaker=person)

    index = page(client, "/mk/people/")
    # The Macedonian edition's own alphabet first, then Latin names not yet written in it.
    assert index.index("Ана Костовска") < index.index("Илир Бериша") < index.index("Boris Trajkov")
    by_letter = page(client, "/mk/people/?letter=И")
    assert "Илир Бериша" in by_letter and "Ана Костовска" not in by_letter
    assert client.get("/mk/people/?letter=I").status_code == 404  # Ilir's initial is И in this edition


def test_the_letters_of_the_people_index_follow_the_alphabets(client):
    story = factories.article(language="mk")
    for name in (
        "Јована Јанкоска",
        "Антон Станков",
        "Ѓорѓи Петров",
        "Илија Ристов",
        "Çelik Hoxha",
        "Zana Ilir",
    ):
        sourcing.quote(story, speaker=sourcing.person(name=name, name_mk=name))

    index = client.get("/mk/people/")
    # Cyrillic in the Macedonian order (Ѓ after Г, Ј after И; Unicode puts both before А), then Latin in the
    # Albanian order (Ç before Z, not after it), as readers of a Macedonian index expect.
    assert index.context["letters"] == ["А", "Ѓ", "И", "Ј", "Ç", "Z"]
    names = [person.name for person in index.context["people"]]
    assert names == [
        "Антон Станков",
        "Ѓорѓи Петров",
        "Илија Ристов",
        "Јована Јанкоска",
        "Çelik Hoxha",
        "Zana Ilir",
    ]
    by_letter = client.get("/mk/people/?letter=Ѓ")
    assert [person.name for person in by_letter.context["people"]] == ["Ѓорѓи Петров"]


def test_the_albanian_people_index_follows_the_albanian_alphabet(client):
    story = factories.article(language="sq")
    for name in (
        "Dritan Hoxha",
        "Dhimitër Kola",
        "Çelik Hoxha",
        "Daut Berisha",
        "Zana Ilir",
        "Ана Костовска",
    ):
        sourcing.quote(story, speaker=sourcing.person(name=name))

    index = client.get("/sq/people/")
    names = [person.name for person in index.context["people"]]
    # Ç is a letter of its own after C; Dh one after the whole of D; Cyrillic after the Latin alphabet.
    assert names == [
        "Çelik Hoxha",
        "Daut Berisha",
        "Dritan Hoxha",
        "Dhimitër Kola",
        "Zana Ilir",
        "Ана Костовска",
    ]
    assert index.context["letters"] == [
        "Ç",
        "D",
        "Dh",
        "Z",
        "А",
    ]  # Dh heads its own names, as in a dictionary
    assert [person.name for person in client.get("/sq/people/", {"letter": "D"}).context["people"]] == [
        "Daut Berisha",
        "Dritan Hoxha",
    ]
    assert [person.name for person in client.get("/sq/people/", {"letter": "dh"}).context["people"]] == [
        "Dhimitër Kola"
    ]


def test_text_not_yet_written_in_the_editions_language_is_marked_with_its_own(client, ilir):
    """A screen reader reads an English biography on a Macedonian page in an English voice, not a Macedonian."""
    ilir.bio = "Mayor of Tetovo since 2021."  # no Macedonian biography yet
    ilir.save()
    summit = sourcing.event(
        name="Regional summit", name_mk="Регионален самит", place="Ohrid", date=date(2026, 11, 20)
    )
    story = factories.article(language="mk")
    sourcing.quote(story, speaker=ilir, source=sourcing.source(story, event=summit))

    speaker_page = page(client, "/mk/people/ilir-berisha/")
    assert "<h1>Илир Бериша</h1>" in speaker_page  # the edition's own: no lang of its own
    assert '<p class="profile__role">Градоначалник</p>' in speaker_page
    assert '<p class="person-bio" lang="en">Mayor of Tetovo since 2021.</p>' in speaker_page
    event_page = page(client, "/mk/events/regional-summit-2026-11-20/")
    assert "<h1>Регионален самит</h1>" in event_page and '<span lang="en">Ohrid</span>' in event_page
    english_page = page(client, "/people/ilir-berisha/")
    assert '<p class="person-bio">Mayor of Tetovo since 2021.</p>' in english_page
