"""Every revision holds the whole story, its sources, quotes and corrections included, whatever path wrote it, and
restoring one never removes rows it did not record (articles/revisions.py, articles/services.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from sourcing.models import Quote, Source
from tests import factories
from tests.articles.test_admin import change_url, form_data
from tests.sourcing import factories as sourcing
from tests.sourcing.test_admin import form_of

pytestmark = pytest.mark.django_db

SOURCE = "Press conference after the Ramstein meeting"
QUOTE = "We will send more air defence."
CORRECTION = "An earlier version gave the wrong date of the meeting."


def sourced_story(**fields):
    """A story with a source, a quote and a correction, its newest revision holding all of it (as after a save
    in the admin)."""
    story = factories.article(**fields)
    source = sourcing.source(story, description=SOURCE)
    sourcing.quote(story, source=source, text=QUOTE)
    factories.correction(story, text=CORRECTION)
    story.complete_latest_revision()
    return story


def revision_url(story, revision):
    return reverse("admin:articles_article_simple_history", args=[story.pk, revision.history_id])


def compare_url(story, older, newer):
    address = reverse("admin:articles_article_revision_compare", args=[story.pk])
    return f"{address}?from={older.history_id}&to={newer.history_id}"


def bulk(action):
    def run(client, story):
        client.post(
            reverse("admin:articles_article_changelist"), {"action": action, "_selected_action": [story.pk]}
        )
        return story

    return run


def save_and_publish(client, story):
    client.post(change_url(story), form_of(client, change_url(story)) | {"_publish": "1"})
    return story


def schedule(client, story):
    services.article_schedule(
        article=Article.objects.get(pk=story.pk),
        by=factories.editor(),
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    return story


def back_to_draft(client, story):
    services.article_return_to_draft(
        article=Article.objects.get(pk=story.pk), by=factories.editor(), note="Check the quote."
    )
    return story


def update_its_headline(client, story):
    stored = Article.objects.get(pk=story.pk)
    stored.headline = "Air defence for Ukraine: what was promised"
    services.article_update(article=stored, by=factories.editor())
    return story


def restore_the_first_revision(client, story):
    client.post(change_url(story), form_data(story, headline="A later headline", _save="1"))
    client.post(revision_url(story, story.history.earliest()))
    return story


def translate(client, story):
    client.post(reverse("admin:articles_article_translate", args=[story.pk]), {"language": "sq"})
    return Article.objects.get(translation_of=story)


# Each path that writes a revision, and the state of the story it starts from.
PATHS = {
    "bulk publish": (bulk("publish_selected"), False),
    "bulk unpublish": (bulk("unpublish_selected"), True),
    "bulk submit for review": (bulk("submit_selected_for_review"), False),
    "save and publish in the form": (save_and_publish, False),
    "scheduling": (schedule, False),
    "back to draft with a note": (back_to_draft, False),
    "headline changed by a service": (update_its_headline, True),
    "restore": (restore_the_first_revision, True),
    "translate": (translate, True),
}


@pytest.mark.parametrize("path", PATHS)
def test_the_revision_any_path_writes_shows_the_storys_sources_quotes_and_corrections(client, path):
    write_revision, published = PATHS[path]
    story = sourced_story(published=published, language="en")
    client.force_login(factories.editor())
    before = story.history.count()

    story = write_revision(client, story)

    revisions = story.history.order_by("-history_date", "-history_id")
    assert path == "translate" or revisions.count() > before
    page = client.get(revision_url(story, revisions[0])).content.decode()
    assert SOURCE in page and QUOTE in page
    assert path == "translate" or CORRECTION in page  # a correction stays with its story
    if path != "translate":
        compared = client.get(compare_url(story, revisions[1], revisions[0])).content.decode()
        assert '<th scope="row">Source</th>' not in compared
        assert '<th scope="row">Quote</th>' not in compared
        assert '<th scope="row">Correction</th>' not in compared


def test_restoring_a_revision_a_bulk_action_made_keeps_the_live_storys_sources_and_quotes(client):
    story = sourced_story(published=False)
    client.force_login(factories.editor())
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [story.pk]},
    )
    published = story.history.latest()
    data = form_of(client, change_url(story)) | {"quotes-0-text": "We will send air defence next year."}
    assert client.post(change_url(story), data | {"_save": "1"}).status_code == 302

    assert client.post(revision_url(story, published)).status_code == 302

    assert Article.objects.get(pk=story.pk).status == Article.Status.PUBLISHED
    assert list(Quote.objects.filter(article=story).values_list("text", flat=True)) == [QUOTE]
    assert list(Source.objects.filter(article=story).values_list("description", flat=True)) == [SOURCE]
    compared = client.get(compare_url(story, published, story.history.latest())).content.decode()
    assert "The two revisions hold the same story." in compared


def test_a_revision_kept_before_revisions_held_sources_leaves_them_alone_when_restored(client):
    """Revisions written by bulk actions before the fix hold no rows at all: nothing is known of the sources and
    quotes at that time, so a restore keeps today's, and the pages do not show them as removed."""
    story = sourced_story(published=True, headline="The first headline")
    unrecorded = story.history.latest()
    unrecorded.rows = {}
    unrecorded.save()
    client.force_login(factories.editor())
    client.post(
        change_url(story), form_of(client, change_url(story)) | {"headline": "A later one", "_save": "1"}
    )

    page = client.get(revision_url(story, unrecorded)).content.decode()
    assert '<th scope="row">Sources</th><td>not recorded in this revision</td>' in page
    compared = client.get(compare_url(story, unrecorded, story.history.latest())).content.decode()
    assert "<del>The first headline</del>" in compared and '<th scope="row">Source</th>' not in compared

    client.post(revision_url(story, unrecorded))
    assert Article.objects.get(pk=story.pk).headline == "The first headline"
    assert list(Quote.objects.filter(article=story).values_list("text", flat=True)) == [QUOTE]
    assert list(Source.objects.filter(article=story).values_list("description", flat=True)) == [SOURCE]


def test_a_revision_recorded_with_no_sources_takes_away_those_added_since_when_restored(client):
    story = factories.article(published=False)
    story.complete_latest_revision()
    without = story.history.latest()
    sourcing.quote(story, source=sourcing.source(story, description=SOURCE), text=QUOTE)
    story.save()
    story.complete_latest_revision()
    client.force_login(factories.editor())

    client.post(revision_url(story, without))

    assert (
        not Source.objects.filter(article=story).exists() and not Quote.objects.filter(article=story).exists()
    )
