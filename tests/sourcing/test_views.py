"""Speaker pages, the quotes index, event pages and feeds show published stories' quotes only."""

from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from tests import factories
from tests.sourcing import factories as sourcing
from tests.sourcing.test_structured_data import jsonld_in


@pytest.mark.django_db
def test_speaker_page_shows_only_quotes_from_published_stories(client):
    speaker = sourcing.person(name="Ana Kostovska")
    sourcing.quote(factories.article(), speaker=speaker, text="Published words.")
    sourcing.quote(factories.article(published=False), speaker=speaker, text="Draft words.")
    future = factories.article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1)
    )
    sourcing.quote(future, speaker=speaker, text="Scheduled words.")
    expired = factories.article(
        unpublish_at=timezone.now() - timedelta(minutes=1), published_at=timezone.now() - timedelta(days=2)
    )
    sourcing.quote(expired, speaker=speaker, text="Withdrawn words.")
    response = client.get(speaker.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Published words." in page
    for hidden in ("Draft words.", "Scheduled words.", "Withdrawn words."):
        assert hidden not in page


@pytest.mark.django_db
def test_speaker_quoted_only_in_drafts_has_no_public_page(client):
    speaker = sourcing.person(name="Someone under investigation")
    sourcing.quote(factories.article(published=False), speaker=speaker)
    assert client.get(speaker.get_absolute_url()).status_code == 404
    assert client.get(f"{speaker.get_absolute_url()}feed/").status_code == 404
    assert client.get(f"{speaker.get_absolute_url()}quotes.json").status_code == 404


@pytest.mark.django_db
def test_speaker_page_shows_the_role_each_quote_was_said_in_newest_first(client):
    speaker = sourcing.person(name="Lloyd Example")
    old_story = factories.article(published_at=timezone.now() - timedelta(days=900))
    new_story = factories.article()
    sourcing.quote(
        old_story,
        speaker=speaker,
        speaker_role="Commander of Central Command",
        said_on=date(2016, 3, 1),
        text="Old words.",
    )
    sourcing.quote(
        new_story,
        speaker=speaker,
        speaker_role="Secretary of Defense",
        said_on=date(2024, 5, 20),
        text="New words.",
    )
    page = client.get(speaker.get_absolute_url()).content.decode()
    assert page.index("New words.") < page.index("Secretary of Defense") < page.index("Old words.")
    assert page.index("Old words.") < page.index("Commander of Central Command")
    assert 'datetime="2016-03-01"' in page and 'datetime="2024-05-20"' in page


@pytest.mark.django_db
def test_a_quote_without_its_own_date_is_dated_by_its_source_never_as_said_the_day_the_story_appeared(
    client,
):
    speaker = sourcing.person(name="Ilir Berisha")
    story = factories.article(published_at=timezone.now() - timedelta(days=1))
    report = sourcing.source(story, description="The Balkan Ledger's report", date=date(2026, 11, 26))
    sourcing.quote(story, speaker=speaker, source=report, text="From the report.")
    undated = sourcing.source(story, description="A statement", date=None)
    sourcing.quote(story, speaker=speaker, source=undated, text="From the statement.")

    page = client.get(speaker.get_absolute_url()).content.decode()

    from_report = page[page.index("From the report.") :]
    assert from_report.index('datetime="2026-11-26"') < from_report.index("The Balkan Ledger")
    from_statement = page[page.index("From the statement.") :]
    published = story.published_at.isoformat()[:10]
    assert from_statement.index("Published <time") < from_statement.index(f'datetime="{published}')
    # Newest first by the dates shown: the statement's (the story's, yesterday) before the report's.
    assert page.index("From the statement.") < page.index("From the report.")


@pytest.mark.django_db
def test_speaker_page_names_the_story_and_source_of_each_quote(client):
    story = factories.article(headline="Ceasefire talks resume")
    source = sourcing.source(story, description="Interview given to Reuters", outlet="Reuters")
    quote = sourcing.quote(story, source=source)
    page = client.get(quote.speaker.get_absolute_url()).content.decode()
    assert "Ceasefire talks resume" in page
    assert f'href="{story.get_absolute_url()}#source-{source.pk}">Interview given to Reuters</a>' in page


@pytest.mark.django_db
def test_speaker_page_is_paginated(client):
    speaker = sourcing.person()
    story = factories.article()
    for number in range(25):
        sourcing.quote(story, speaker=speaker, text=f"Quote number {number:02d}.", position=number)
    first = client.get(speaker.get_absolute_url()).content.decode()
    second = client.get(speaker.get_absolute_url(), {"page": 2}).content.decode()
    assert first.count('class="quote-item"') == 20 and second.count('class="quote-item"') == 5
    assert "25 quotes in our stories" in first and "25 quotes in our stories" in second
    # The story's quotes in their order, continued on the second page.
    assert (
        first.index("Quote number 00.") < first.index("Quote number 19.") and "Quote number 20." not in first
    )
    assert (
        second.index("Quote number 20.") < second.index("Quote number 24.")
        and "Quote number 19." not in second
    )
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert client.get(speaker.get_absolute_url(), {"page": "nonsense"}).status_code == 200


def _add_quotes(speaker, count):
    event = sourcing.event()
    for _ in range(count):
        story = factories.article()
        sourcing.quote(story, speaker=speaker, event=event, source=sourcing.source(story, event=event))


def _queries_for(client, url):
    client.get(url)  # warm what the site layout caches (section menu), which is not this page's cost
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "quotes.json"])
def test_speaker_page_query_count_does_not_grow_with_quotes(
    client, settings, django_assert_num_queries, suffix
):
    # Guards against an N+1 on each quote's story, source, source's event, event and speaker: the person,
    # their quotes counted (the page: their ids in order; the JSON: a count) and one page of quotes with
    # everything joined, with 1 quote as with 20.
    settings.PAGE_CACHE_ENABLED = False  # measure rendering, not the whole-page cache
    speaker = sourcing.person()
    url = speaker.get_absolute_url() + suffix
    _add_quotes(speaker, 1)
    with_one = _queries_for(client, url)
    _add_quotes(speaker, 19)
    client.get(url)
    with django_assert_num_queries(with_one):
        response = client.get(url)
    if suffix:
        assert len(response.json()["quotes"]) == 20
    else:
        assert response.content.decode().count('class="quote-item"') == 20


@pytest.mark.django_db
def test_speaker_feed_lists_published_quotes_as_rss(client):
    speaker = sourcing.person(name="Ana Kostovska")
    sourcing.quote(factories.article(), speaker=speaker, text="In the feed.")
    sourcing.quote(factories.article(published=False), speaker=speaker, text="Not in the feed.")
    response = client.get(f"{speaker.get_absolute_url()}feed/")
    assert response.status_code == 200
    channel = ElementTree.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.find("title").text for item in items] == ["“In the feed.”"]
    page = client.get(speaker.get_absolute_url()).content.decode()
    assert (
        f'type="application/rss+xml" title="Quotes by Ana Kostovska" href="{speaker.get_absolute_url()}feed/"'
        in page
    )


@pytest.mark.django_db
def test_speaker_feed_is_offered_as_atom_too(client):
    speaker = sourcing.person(name="Ana Kostovska", bio="Minister of Defence since 2024.")
    sourcing.quote(factories.article(), speaker=speaker, text="In the feed.")
    sourcing.quote(factories.article(published=False), speaker=speaker, text="Not in the feed.")
    address = f"{speaker.get_absolute_url()}feed/atom/"
    response = client.get(address)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{atom}entry")
    assert [entry.find(f"{atom}title").text for entry in entries] == ["“In the feed.”"]
    assert all(entry.find(f"{atom}updated") is not None for entry in entries)  # RFC 4287 asks it of each
    assert feed.find(f"{atom}subtitle").text == "Minister of Defence since 2024."
    assert feed.find(f"{atom}author") is not None
    page = client.get(speaker.get_absolute_url()).content.decode()
    assert f'type="application/atom+xml" title="Quotes by Ana Kostovska (Atom)" href="{address}"' in page
    assert f'<a href="{address}">Atom feed of these quotes</a>' in page


@pytest.mark.django_db
def test_quotes_index_searches_words_and_speaker_names(client):
    story = factories.article()
    sourcing.quote(story, speaker=sourcing.person(name="Ana Kostovska"), text="Air defence is a priority.")
    sourcing.quote(story, speaker=sourcing.person(name="Arben Hoxha"), text="Prices will rise.")
    sourcing.quote(factories.article(published=False), text="Air defence in a draft.")
    by_words = client.get("/quotes/", {"q": "defence"}).content.decode()
    assert "Air defence is a priority." in by_words
    assert "Prices will rise." not in by_words and "in a draft" not in by_words
    by_speaker = client.get("/quotes/", {"q": "Hoxha"}).content.decode()
    assert "Prices will rise." in by_speaker and "Air defence" not in by_speaker
    everything = client.get("/quotes/").content.decode()
    assert "Prices will rise." in everything and "in a draft" not in everything


@pytest.mark.django_db
def test_quotes_search_finds_a_speaker_by_the_name_the_edition_shows(client):
    story = factories.article(language="mk")
    gjorgjiev = sourcing.person(name="Goran Gjorgjiev", name_mk="Горан Ѓорѓиев")
    sourcing.quote(story, speaker=gjorgjiev, text="Ќе направиме повеќе.")
    sourcing.quote(story, speaker=sourcing.person(name="Arben Hoxha"), text="Цените ќе растат.")

    for typed in (
        "Ѓорѓиев",
        "ѓорѓиев",
        "Gjorgjiev",
    ):  # as the page shows it, in lower case, in the default language
        found = client.get("/mk/quotes/", {"q": typed}).content.decode()
        assert "Ќе направиме повеќе." in found and "Цените ќе растат." not in found, typed


@pytest.mark.django_db
@pytest.mark.parametrize("query", ['"unbalanced', "a & | ! b", "x" * 5000, "<script>", "'); drop"])
def test_quotes_search_with_odd_input_answers_normally(client, query):
    sourcing.quote(factories.article())
    response = client.get("/quotes/", {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_event_page_gathers_quotes_and_stories_from_the_event(client):
    event = sourcing.event(name="Ramstein-format meeting", place="Ramstein Air Base")
    first, second, draft = factories.article(), factories.article(), factories.article(published=False)
    sourcing.quote(first, source=sourcing.source(first, event=event), text="Via the source's event.")
    sourcing.quote(second, event=event, source=None, text="Via the quote's event.")  # no source to follow
    sourcing.quote(draft, event=event, text="Draft at the event.")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Via the source&#x27;s event." in page and "Via the quote&#x27;s event." in page
    assert first.headline in page and second.headline in page
    assert "Draft at the event." not in page and draft.headline not in page


@pytest.mark.django_db
def test_event_known_only_from_drafts_has_no_public_page(client):
    event = sourcing.event()
    sourcing.quote(factories.article(published=False), event=event)
    assert client.get(event.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_speaker_page_shows_each_quote_as_a_quotation_in_its_storys_language_without_list_numbers(client):
    speaker = sourcing.person(name="Ana Kostovska")
    summit = sourcing.event(name="Ohrid summit")
    story = factories.article(language="mk", headline="Самит во Охрид")
    source = sourcing.source(story, event=summit)
    sourcing.quote(story, speaker=speaker, source=source, speaker_role="Министерка", text="Ќе има мир.")

    with translation.override("mk"):  # the Macedonian edition's speaker page lists its stories' quotes
        page = client.get(speaker.get_absolute_url()).content.decode()
        summit_address = summit.get_absolute_url()

    # The words in a blockquote carrying the story's language, which picks their quotation marks (site.css).
    assert '<blockquote class="quotation__words" lang="mk"' in page and "<p>Ќе има мир.</p>" in page
    assert '<ol class="quote-list">' not in page and '<ul class="quote-list">' in page
    # Who said it and in what role right under the words, then at which event and in which story.
    caption = page[page.index("<figcaption") : page.index("</figcaption>")]
    assert "Министерка" in caption
    assert f'<a href="{summit_address}">Ohrid summit</a>' in caption
    assert "Самит во Охрид" in caption


@pytest.mark.django_db
def test_speaker_page_shows_current_role_and_wikidata_and_tells_machines_where_it_sits(client):
    speaker = sourcing.person(name="Ana Kostovska", current_role="Minister of Defence", wikidata_id="Q42")
    sourcing.quote(factories.article(), speaker=speaker, speaker_role="Deputy minister")

    page = client.get(speaker.get_absolute_url()).content.decode()

    assert '<p class="profile__role">Minister of Defence</p>' in page
    assert 'href="https://www.wikidata.org/wiki/Q42"' in page
    assert '<meta property="og:title" content="Ana Kostovska">' in page
    assert f'<a href="{reverse("sourcing:people")}">People quoted</a>' in page
    (trail,) = [block for block in jsonld_in(page) if block.get("@type") == "BreadcrumbList"]
    assert [item["item"] for item in trail["itemListElement"]] == [
        "http://testserver/",
        "http://testserver/people/",
        f"http://testserver{speaker.get_absolute_url()}",
    ]


@pytest.mark.django_db
def test_event_and_quotes_pages_describe_themselves_to_search_engines(client):
    event = sourcing.event(name="Ramstein-format meeting")
    story = factories.article()
    sourcing.quote(story, source=sourcing.source(story, event=event))

    event_page = client.get(event.get_absolute_url()).content.decode()
    quotes_page = client.get("/quotes/").content.decode()

    assert '<meta name="description" content="What was said at Ramstein-format meeting on' in event_page
    assert f'<link rel="canonical" href="http://testserver{event.get_absolute_url()}">' in event_page
    assert '<meta name="description" content="What people said in our stories' in quotes_page
    assert '<link rel="canonical" href="http://testserver/quotes/">' in quotes_page
