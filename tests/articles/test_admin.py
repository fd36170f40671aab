"""The editorial desk in the admin: the workflow holds on every path a browser can take."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.forms import latest_revision_id
from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_data(article, **overrides):
    """What the admin's change form posts for `article`, with the byline inline, opened at its newest version."""
    data = {
        "opened_version": latest_revision_id(article.pk) or "",
        "headline": article.headline,
        "kicker": article.kicker,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id or "",
        "language": article.language,
        "dateline": "",
        "byline_override": "",
        "video_url": "",
        "seo_title": "",
        "seo_description": "",
        "canonical_url": "",
        "slug": article.slug,
        "published_at_0": "",
        "published_at_1": "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-author": factories.author().pk,
        "bylines-0-position": "0",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        "quotes-MIN_NUM_FORMS": "0",
        "quotes-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_reporter_sees_no_publish_button(client):
    reporter = factories.reporter()
    story = factories.article(published=False, created_by=reporter)
    client.force_login(reporter)
    page = client.get(change_url(story)).content.decode()
    assert 'name="_submit_review"' in page
    assert 'name="_publish"' not in page


def test_reporter_cannot_publish_via_direct_post_of_the_publish_button(client):
    reporter = factories.reporter()
    story = factories.article(published=False, created_by=reporter, authors=[])
    client.force_login(reporter)
    response = client.post(change_url(story), form_data(story, _publish="1"), follow=True)
    assert response.status_code == 200
    assert Article.objects.get(pk=story.pk).status == Article.Status.DRAFT
    assert "Only editors can publish" in response.content.decode()


def test_reporter_cannot_publish_via_a_forged_status_field(client):
    reporter = factories.reporter()
    story = factories.article(published=False, created_by=reporter, authors=[])
    client.force_login(reporter)
    client.post(change_url(story), form_data(story, status="published", _save="1"))
    assert Article.objects.get(pk=story.pk).status == Article.Status.DRAFT


def test_reporter_cannot_publish_via_bulk_action(client):
    reporter = factories.reporter()
    story = factories.article(published=False, created_by=reporter)
    client.force_login(reporter)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [story.pk]},
    )
    assert response.status_code in (200, 302)
    assert Article.objects.get(pk=story.pk).status == Article.Status.DRAFT


def test_bulk_publish_is_not_offered_to_reporters(client):
    client.force_login(factories.reporter())
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "publish_selected" not in page
    assert "submit_selected_for_review" in page


def test_reporter_cannot_open_a_published_story_for_editing(client):
    reporter = factories.reporter()
    story = factories.article(created_by=reporter)
    client.force_login(reporter)
    response = client.post(change_url(story), form_data(story, headline="Changed by reporter", _save="1"))
    assert response.status_code == 403
    assert Article.objects.get(pk=story.pk).headline == story.headline


def test_reporter_creates_a_draft_and_submits_it_for_review(client):
    reporter = factories.reporter()
    client.force_login(reporter)
    section = factories.section()
    data = form_data(
        Article(headline="A reporter's story", standfirst="Summary", body="<p>Body</p>", section=section),
        _submit_review="1",
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    story = Article.objects.get(headline="A reporter's story")
    assert story.status == Article.Status.IN_REVIEW
    assert story.created_by == reporter


def test_editor_publishes_from_the_form(client):
    editor = factories.editor()
    story = factories.article(published=False, authors=[])
    client.force_login(editor)
    response = client.post(change_url(story), form_data(story, _publish="1"))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert story.is_public()


def test_editor_publishing_an_incomplete_story_keeps_the_text_and_says_what_is_missing(client):
    editor = factories.editor()
    story = Article.objects.create(headline="Unfinished")
    client.force_login(editor)
    response = client.post(
        change_url(story),
        form_data(story, standfirst="", body="<p>New paragraph</p>", section="", _publish="1"),
        follow=True,
    )
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT
    assert story.body == "<p>New paragraph</p>"
    page = response.content.decode()
    assert "standfirst" in page and "section" in page


def test_editor_schedules_from_the_form(client):
    editor = factories.editor()
    story = factories.article(published=False, authors=[])
    publish_at = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    client.force_login(editor)
    client.post(
        change_url(story),
        form_data(
            story,
            published_at_0=publish_at.strftime("%Y-%m-%d"),
            published_at_1=publish_at.strftime("%H:%M:%S"),
            _schedule="1",
        ),
    )
    story.refresh_from_db()
    assert story.status == Article.Status.SCHEDULED
    assert story.published_at == publish_at
    assert story not in Article.objects.published()


def test_editor_bulk_publishes_and_unpublishes(client):
    client.force_login(factories.editor())
    stories = [factories.article(published=False) for _ in range(3)]
    changelist = reverse("admin:articles_article_changelist")
    client.post(changelist, {"action": "publish_selected", "_selected_action": [s.pk for s in stories]})
    assert Article.objects.published().filter(pk__in=[s.pk for s in stories]).count() == 3
    client.post(changelist, {"action": "unpublish_selected", "_selected_action": [s.pk for s in stories]})
    assert Article.objects.published().filter(pk__in=[s.pk for s in stories]).count() == 0


def test_bulk_publish_reports_incomplete_stories_and_publishes_the_rest(client):
    client.force_login(factories.editor())
    ready = factories.article(published=False)
    incomplete = Article.objects.create(headline="Empty")
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, incomplete.pk]},
        follow=True,
    )
    assert Article.objects.get(pk=ready.pk).status == Article.Status.PUBLISHED
    assert Article.objects.get(pk=incomplete.pk).status == Article.Status.DRAFT
    assert "Empty" in response.content.decode()


def test_substantive_update_sets_the_updated_time_readers_see(client):
    editor = factories.editor()
    story = factories.article(authors=[])
    client.force_login(editor)
    published_at = timezone.localtime(story.published_at)
    client.post(
        change_url(story),
        form_data(
            story,
            body="<p>New facts</p>",
            published_at_0=published_at.strftime("%Y-%m-%d"),
            published_at_1=published_at.strftime("%H:%M:%S.%f"),
            mark_as_updated="on",
            _save="1",
        ),
    )
    story.refresh_from_db()
    assert story.revised_at is not None
    assert story.revised_at > story.published_at


def test_a_published_story_cannot_lose_its_publication_time_in_the_form(client):
    client.force_login(factories.editor())
    story = factories.article(authors=[])
    response = client.post(change_url(story), form_data(story, _save="1"))
    assert response.status_code == 200
    assert "needs a publication time" in response.content.decode()
    assert Article.objects.get(pk=story.pk).published_at == story.published_at


def test_revision_history_records_changes_and_restores_an_earlier_body(client):
    editor = factories.editor()
    story = factories.article()
    story.body = "<p>First version</p>"
    story.save()  # a revision with the byline, as every save from the admin makes
    first = story.history.latest()
    story.body = "<p>Second version</p>"
    story.save()
    client.force_login(editor)
    history = client.get(reverse("admin:articles_article_history", args=[story.pk]))
    assert history.status_code == 200
    restore_url = reverse("admin:articles_article_simple_history", args=[story.pk, first.history_id])
    form = client.get(restore_url)
    assert "First version" in form.content.decode()
    revisions = story.history.count()
    response = client.post(restore_url, {"_save": "1"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.body == "<p>First version</p>"
    assert story.history.count() == revisions + 1  # the restore is a revision of its own


def test_revision_history_shows_each_change_to_the_byline(client):
    client.force_login(factories.editor())
    story = factories.article(authors=[], published=False)
    ana, marko = factories.author(name="Ana Petrovska"), factories.author(name="Marko Ilievski")
    response = client.post(change_url(story), form_data(story, **{"bylines-0-author": ana.pk, "_save": "1"}))
    assert response.status_code == 302
    (ana_byline,) = story.bylines.all()
    response = client.post(
        change_url(story),
        form_data(
            story,
            **{
                "bylines-TOTAL_FORMS": "2",
                "bylines-INITIAL_FORMS": "1",
                "bylines-0-id": ana_byline.pk,
                "bylines-0-article": story.pk,
                "bylines-0-author": ana.pk,
                "bylines-0-DELETE": "on",
                "bylines-1-author": marko.pk,
                "bylines-1-position": "0",
                "_save": "1",
            },
        ),
    )
    assert response.status_code == 302
    assert [byline.author for byline in story.bylines.all()] == [marko]

    # Each save's revision holds the byline that save left, and the history page shows the changes.
    first_edit, second_edit = story.history.order_by("history_date", "history_id")[1:]
    assert [row.author_id for row in first_edit.authors.all()] == [ana.pk]
    assert [row.author_id for row in second_edit.authors.all()] == [marko.pk]
    page = client.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    changes = re.sub(r"(\s|&nbsp;)+", " ", page).replace("&rarr;", "->")
    assert "<strong>Authors:</strong> [] -> [Ana Petrovska]" in changes
    assert "<strong>Authors:</strong> [Ana Petrovska] -> [Marko Ilievski]" in changes


@pytest.mark.parametrize(
    "address", ["{pk}/change/history/", "abc/history/", "1.5/history/", "abc/history/1/", "{pk}/history/x1/"]
)
def test_a_malformed_history_address_is_not_found(client, address):
    client.force_login(factories.editor())
    story = factories.article()
    revision = story.history.latest()
    history = reverse("admin:articles_article_history", args=[story.pk])
    revision_form = reverse("admin:articles_article_simple_history", args=[story.pk, revision.pk])
    assert client.get(history).status_code == 200 and client.get(revision_form).status_code == 200
    changelist = reverse("admin:articles_article_changelist")
    assert client.get(changelist + address.format(pk=story.pk)).status_code == 404


def test_restoring_a_revision_never_changes_the_status(client):
    reporter = factories.reporter()
    story = factories.article(created_by=reporter)  # a published revision exists
    old = story.history.first()
    story.status = Article.Status.DRAFT
    story.save()
    client.force_login(reporter)
    restore_url = reverse("admin:articles_article_simple_history", args=[story.pk, old.history_id])
    client.post(restore_url, form_data(story, status="published", _save="1"))
    assert Article.objects.get(pk=story.pk).status == Article.Status.DRAFT


def test_changelist_has_the_columns_filters_and_search_editors_use(client):
    client.force_login(factories.editor())
    factories.article(headline="Searchable tender story")
    response = client.get(reverse("admin:articles_article_changelist"), {"q": "tender"})
    page = response.content.decode()
    assert "Searchable tender story" in page
    for column in ["column-status_badge", "column-section", "column-byline_column", "column-published_at"]:
        assert column in page
    assert 'id="changelist-filter"' in page


def test_change_form_offers_view_on_site_and_preview(client):
    client.force_login(factories.editor())
    story = factories.article(published=False)
    page = client.get(change_url(story)).content.decode()
    assert "View on site" in page
    assert reverse("articles:preview", args=[story.pk]) in page
    assert "/preview/" in page
