"""Speaker, event and quote pages show the edition's stories only (articles.editions), as every other list
does: the Macedonian edition's speaker page lists what was said in Macedonian stories, and a page whose
subject appears only in another edition's stories leads there."""

import pytest

from tests import factories
from tests.sourcing import factories as sourcing

pytestmark = pytest.mark.django_db


@pytest.fixture
def speaker_in_two_editions():
    speaker = sourcing.person(name="Ana Kostovska", slug="ana-kostovska")
    event = sourcing.event(name="Budget hearing", slug="budget-hearing")
    english, macedonian = factories.article(language="en"), factories.article(language="mk")
    sourcing.quote(english, speaker=speaker, event=event, source=None, text="Words in the English story.")
    sourcing.quote(
        macedonian, speaker=speaker, event=event, source=None, text="Зборови во македонската приказна."
    )
    return speaker, event


@pytest.mark.parametrize(
    ("prefix", "shown", "hidden"),
    [
        ("", "Words in the English story.", "Зборови во македонската приказна."),
        ("/mk", "Зборови во македонската приказна.", "Words in the English story."),
    ],
)
def test_speaker_event_and_quote_pages_show_their_editions_quotes(
    client, speaker_in_two_editions, prefix, shown, hidden
):
    for page in (f"{prefix}/people/ana-kostovska/", f"{prefix}/events/budget-hearing/", f"{prefix}/quotes/"):
        html = client.get(page).content.decode()
        assert shown in html, page
        assert hidden not in html, page


def test_a_speaker_quoted_only_in_another_edition_leads_there(client):
    speaker = sourcing.person(name="Blerim Ahmeti", slug="blerim-ahmeti")
    sourcing.quote(factories.article(language="sq"), speaker=speaker, text="Fjalë në shqip.")
    response = client.get("/mk/people/blerim-ahmeti/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fjalë në shqip." not in html
    # Named in its own language, for a screen reader to say it so.
    assert '<a href="/sq/people/blerim-ahmeti/" lang="sq" hreflang="sq">Shqip</a>' in html


def test_an_event_reported_only_in_another_edition_leads_there(client):
    event = sourcing.event(name="Ohrid summit", slug="ohrid-summit")
    story = factories.article(language="en")
    sourcing.quote(story, event=event, source=None, text="Said in Ohrid.")
    html = client.get("/mk/events/ohrid-summit/").content.decode()
    assert "Said in Ohrid." not in html and 'href="/events/ohrid-summit/"' in html


def test_someone_quoted_only_in_drafts_is_still_unknown_in_every_edition(client):
    speaker = sourcing.person(name="Hidden Person", slug="hidden-person")
    sourcing.quote(factories.article(language="mk", published=False), speaker=speaker)
    for prefix in ("", "/mk", "/sq"):
        assert client.get(f"{prefix}/people/hidden-person/").status_code == 404


@pytest.mark.parametrize(
    ("prefix", "shown", "hidden"),
    [
        ("", "Words in the English story.", "Зборови во македонската приказна."),
        ("/mk", "Зборови во македонската приказна.", "Words in the English story."),
    ],
)
def test_a_speakers_feed_and_data_hold_their_editions_quotes_like_their_page(
    client, speaker_in_two_editions, prefix, shown, hidden
):
    feed = client.get(f"{prefix}/people/ana-kostovska/feed/").content.decode()
    assert shown in feed and hidden not in feed
    data = client.get(f"{prefix}/people/ana-kostovska/quotes.json").json()
    assert data["count"] == 1 and [quote["text"] for quote in data["quotes"]] == [shown]


def test_the_data_of_a_speaker_quoted_only_in_another_edition_is_an_empty_list_not_an_error(client):
    speaker = sourcing.person(name="Blerim Ahmeti", slug="blerim-ahmeti")
    sourcing.quote(factories.article(language="sq"), speaker=speaker, text="Fjalë në shqip.")
    response = client.get("/mk/people/blerim-ahmeti/quotes.json")
    assert response.status_code == 200 and response.json()["quotes"] == []
    assert "Fjalë në shqip." not in client.get("/mk/people/blerim-ahmeti/feed/").content.decode()


def test_a_person_or_event_page_names_only_the_editions_with_something_to_show(client):
    from tests.articles.test_editions import alternates

    speaker = sourcing.person(name="Blerim Ahmeti", slug="blerim-ahmeti")
    event = sourcing.event(name="Ohrid summit", slug="ohrid-summit")
    for language in ("en", "sq"):
        story = factories.article(language=language)
        sourcing.quote(story, speaker=speaker, source=sourcing.source(story, event=event))

    for path in ("/people/blerim-ahmeti/", "/events/ohrid-summit/"):
        base = "http://testserver"
        expected = {"en": base + path, "sq": f"{base}/sq{path}", "x-default": base + path}
        assert alternates(client.get(f"/sq{path}").content.decode()) == expected, path
        # The Macedonian page only says "not in this edition yet": named by none, and kept out of search.
        macedonian = client.get(f"/mk{path}").content.decode()
        assert alternates(macedonian) == {} and '<meta name="robots" content="noindex, follow">' in macedonian
        assert "noindex" not in client.get(path).content.decode()
