"""A story's change purges the speakers' and events' pages of its quotes and sources from the proxy in front,
and a quote, source, person or event changed on its own purges the pages that show it (sourcing.purging)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests import factories
from tests.sourcing import factories as sourcing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("purged")]  # tests/conftest.py


@pytest.fixture
def speaker():
    return sourcing.person(name="Ana Kostovska", current_role="Minister of Finance")


@pytest.fixture
def event():
    return sourcing.event(name="Budget hearing")


@pytest.fixture
def story(speaker, event):
    story = factories.article(headline="Budget passes")
    sourcing.quote(story, speaker=speaker, source=sourcing.source(story, event=event))
    return story


def everything(purged):
    return set().union(*purged)


def test_unpublishing_a_story_purges_its_speakers_and_events_pages(
    story, speaker, event, purged, django_capture_on_commit_callbacks
):
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        story.status = Article.Status.UNPUBLISHED
        story.save()

    assert {f"person-{speaker.pk}", f"event-{event.pk}", "quotes-en", "people-en"} <= everything(purged)


def test_publishing_a_story_purges_the_pages_its_sources_events_show_it_on(
    event, purged, django_capture_on_commit_callbacks
):
    draft = factories.article(published=False, language="mk")
    sourcing.source(draft, event=event)  # no quote: the event's page lists the story
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        draft.status = Article.Status.PUBLISHED
        draft.published_at = factories.article().published_at
        draft.save()

    assert f"event-{event.pk}" in everything(purged)
    assert "quotes-mk" not in everything(purged)  # it has no quotes


def test_a_story_asks_for_its_quotes_speakers_and_events_in_one_query(
    story, django_capture_on_commit_callbacks
):
    story.headline = "Budget passes after all-night sitting"
    with CaptureQueriesContext(connection) as queries:
        story.save()

    assert sum('"sourcing_quote"' in query["sql"] for query in queries.captured_queries) == 1


def test_deleting_a_story_purges_its_speakers_page_once_not_once_a_quote(
    story, speaker, purged, django_capture_on_commit_callbacks
):
    sourcing.quote(story, speaker=speaker)
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        story.delete()

    assert [f"person-{speaker.pk}" in keys for keys in purged].count(True) == 1


def test_a_fixed_quote_purges_its_story_speaker_event_and_the_lists(
    story, speaker, event, purged, django_capture_on_commit_callbacks
):
    quote = story.quotes.get()
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        quote.text = "The budget is balanced."
        quote.save()

    assert everything(purged) == {
        f"article-{story.pk}",
        f"person-{speaker.pk}",
        f"event-{event.pk}",
        "quotes-en",
        "people-en",
    }


def test_a_quote_given_to_another_speaker_purges_both_speakers_pages(
    story, speaker, purged, django_capture_on_commit_callbacks
):
    quote, other = story.quotes.get(), sourcing.person(name="Petar Petrov")
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        quote.speaker = other
        quote.save()

    assert {f"person-{speaker.pk}", f"person-{other.pk}"} <= everything(purged)


def test_a_deleted_quote_purges_the_pages_that_showed_it(
    story, speaker, purged, django_capture_on_commit_callbacks
):
    quote, draft = story.quotes.get(), factories.article(published=False)
    drafts_speaker = sourcing.person()
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        quote.delete()
        sourcing.quote(draft, speaker=drafts_speaker).delete()  # a draft's quote shows nowhere

    assert {f"article-{story.pk}", f"person-{speaker.pk}", "quotes-en"} <= everything(purged)
    assert f"person-{drafts_speaker.pk}" not in everything(purged)


def test_a_source_moved_to_another_event_purges_both_events_and_its_quotes_speakers(
    story, speaker, event, purged, django_capture_on_commit_callbacks
):
    source, other = story.sources.get(), sourcing.event(name="Press conference")
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        source.event = other
        source.save()

    assert {
        f"article-{story.pk}",
        f"event-{event.pk}",
        f"event-{other.pk}",
        f"person-{speaker.pk}",
    } <= everything(purged)


def test_a_renamed_speaker_purges_their_pages_and_the_stories_that_quote_them(
    story, speaker, event, purged, django_capture_on_commit_callbacks
):
    mk_story = factories.article(language="mk")
    sourcing.quote(mk_story, speaker=speaker)
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        speaker.name = "Ana Kostovska-Petrova"
        speaker.save()

    assert {
        f"person-{speaker.pk}",
        f"article-{story.pk}",
        f"article-{mk_story.pk}",
        f"event-{event.pk}",
        "people-en",
        "people-mk",
        "quotes-en",
        "quotes-mk",
    } <= everything(purged)


def test_a_speaker_quoted_in_many_stories_is_purged_in_parts(
    speaker, purged, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("sourcing.purging.KEYS_PER_PURGE", 5)
    for _ in range(4):
        sourcing.quote(factories.article(), speaker=speaker)
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        speaker.current_role = "Prime Minister"
        speaker.save()

    assert len(purged) > 1 and all(len(keys) <= 5 for keys in purged)
    assert f"person-{speaker.pk}" in everything(purged)


def test_an_event_changed_or_deleted_purges_its_page_and_the_stories_from_it(
    story, speaker, event, purged, django_capture_on_commit_callbacks
):
    reported = factories.article()
    sourcing.source(reported, event=event)  # a story from the event without a quote from it
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        event.place = "Assembly, Skopje"
        event.save()

    shown = {f"event-{event.pk}", f"article-{story.pk}", f"article-{reported.pk}", f"person-{speaker.pk}"}
    assert shown <= everything(purged)
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        event.delete()

    assert shown <= everything(purged)


def test_speaker_page_is_named_so_that_a_purge_reaches_it(client, story, speaker):
    assert f"person-{speaker.pk}" in client.get(speaker.get_absolute_url())["xkey"].split()
