"""The editorial desk in the admin: the workflow holds on every path a browser can take."""

import html
import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone

from articles import services
from articles.forms import latest_revision_id
from articles.models import Article, ArticleAuthor
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


def shown_value(page, name):
    return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))


def test_saving_a_story_published_with_publish_now_keeps_its_publication_time(client):
    """The form shows the time to the second and posts it back: a save must not move it (nor tell a
    colleague, in a later conflict, that it changed)."""
    story = factories.article(published=False, authors=[])
    client.force_login(factories.editor())
    client.post(change_url(story), form_data(story, _publish="1"))
    published_at = Article.objects.get(pk=story.pk).published_at

    page = client.get(change_url(story)).content.decode()
    shown = {name: shown_value(page, name) for name in ("published_at_0", "published_at_1")}
    response = client.post(change_url(story), form_data(story, dateline="Skopje", _save="1") | shown)
    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).published_at == published_at


def test_a_conflict_names_what_changed_in_words_and_times_an_editor_reads(client):
    story = factories.article(published=False, authors=[], section=factories.section(name="Politics"))
    opened = form_data(story)  # one editor opens the draft
    client.force_login(factories.editor())
    client.post(
        change_url(story), form_data(story, section=factories.section(name="Economy").pk, _publish="1")
    )
    published_at = Article.objects.get(pk=story.pk).published_at

    response = client.post(
        change_url(story), form_data(story, _save="1") | {"opened_version": opened["opened_version"]}
    )
    page = html.unescape(response.content.decode())
    assert "Status is now “Published” (it was “Draft” when you opened the story)." in page
    assert "Section is now “Economy” (it was “Politics” when you opened the story)." in page
    assert f"Published is now “{formats.localize(timezone.localtime(published_at))}”" in page


def test_a_version_that_is_not_one_is_refused_without_inventing_a_colleagues_save(client):
    story = factories.article(published=False, authors=[])
    client.force_login(factories.editor())
    response = client.post(change_url(story), form_data(story, _save="1") | {"opened_version": "garbage"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and "Enter a whole number." in page
    assert "after you opened it" not in page


def test_a_conflict_shows_the_changed_passage_of_a_long_text_and_the_body_as_words(client):
    long_standfirst = "The president confirmed the plan. " * 8
    body = "<p>" + "Words readers read. " * 20 + "</p>"
    story = factories.article(published=False, authors=[], standfirst=long_standfirst, body=body)
    opened = form_data(story)
    client.force_login(factories.editor())
    ending = "Words readers read. </p>"
    changed_body = body.removesuffix(ending) + "A new closing line.</p>"
    client.post(
        change_url(story), form_data(story, standfirst=long_standfirst + "(A)", body=changed_body, _save="1")
    )

    response = client.post(
        change_url(story),
        form_data(story, dateline="Skopje", _save="1") | {"opened_version": opened["opened_version"]},
    )
    page = html.unescape(response.content.decode())
    # Where each changed, at its end: cut to their first 120 characters, before and after read the same.
    assert re.search(r"Standfirst is now “[^”]*plan\. \(A\)”", page)
    assert re.search(r"Body is now “…[^”]*A new closing line\.”", page)
    assert "<p>" not in re.search(r"Body is now “[^”]*”[^”]*”", page).group(0)  # words, not markup


def test_publishing_an_incomplete_story_is_refused_as_an_error_at_the_top_and_beside_each_field(client):
    editor = factories.editor()
    story = Article.objects.create(headline="Unfinished")
    client.force_login(editor)
    response = client.post(
        change_url(story),
        form_data(story, standfirst="", body="<p>New paragraph</p>", section="", _publish="1")
        | {"bylines-TOTAL_FORMS": "0"},
    )
    # The form comes back with the editor's text in it; nothing is stored half-done.
    assert response.status_code == 200
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT and story.body == ""
    page = response.content.decode()
    assert "New paragraph" in page
    top = page[page.index('class="refusal"') : page.index("</ul>", page.index('class="refusal"'))]
    assert "Not moved to “Published”" in top and 'class="messagelist"' not in page
    assert (
        '<a href="#id_standfirst">Add a standfirst' in top
        and '<a href="#id_section">Choose a section.' in top
    )
    assert '<a href="#bylines-group">Add at least one author' in top
    # ... and beside its field, as Django shows a field's error.
    standfirst_row = page[page.index('class="form-row errors field-standfirst"') :]
    assert standfirst_row.index("Add a standfirst") < standfirst_row.index('name="standfirst"')


def test_publishing_a_ready_story_says_so_and_links_to_the_live_story(client):
    story = factories.article(published=False)
    client.force_login(factories.editor())
    response = client.post(change_url(story), form_data(story, _publish="1"), follow=True)
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert response.redirect_chain[-1][0] == change_url(story)  # back on the story, as in WordPress
    page = response.content.decode()
    message = page[page.index('class="success"') :]
    assert f'<a href="{story.get_absolute_url()}">See it on the site</a>' in message[: message.index("</li>")]


def test_publish_now_with_an_earlier_date_typed_says_the_story_is_dated_so(client):
    story = factories.article(published=False)
    client.force_login(factories.editor())
    typed = {"published_at_0": "2020-01-01", "published_at_1": "10:00:00"}
    response = client.post(change_url(story), form_data(story, _publish="1") | typed, follow=True)
    story.refresh_from_db()
    assert (
        story.status == Article.Status.PUBLISHED and story.published_at.year == 2020
    )  # backdating is allowed
    message = html.unescape(response.content.decode())
    assert (
        "The story is now “Published”, dated Jan. 1, 2020, 10 a.m.: the date in its Published field."
        in message
    )

    fresh = factories.article(published=False)
    response = client.post(change_url(fresh), form_data(fresh, _publish="1"), follow=True)
    assert "The story is now “Published”. " in html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("status", "can_publish", "buttons"),
    [
        ("draft", False, ["Save draft", "Submit for review"]),
        ("review", False, ["Save, keep in review", "Withdraw from review"]),
        ("draft", True, ["Save draft", "Submit for review", "Publish now", "Schedule"]),
        ("review", True, ["Save, keep in review", "Publish now", "Schedule", "Back to draft"]),
        ("scheduled", True, ["Update scheduled story", "Publish now", "Unpublish", "Back to draft"]),
        ("published", True, ["Update live story", "Unpublish", "Back to draft"]),
        ("unpublished", True, ["Save, keep unpublished", "Publish now", "Schedule", "Back to draft"]),
    ],
)
def test_the_buttons_say_what_happens_for_the_role_and_the_state(client, status, can_publish, buttons):
    person = factories.editor() if can_publish else factories.reporter()
    story = factories.article(published=status == "published", created_by=person)
    Article.objects.filter(pk=story.pk).update(status=status, published_at=timezone.now())
    client.force_login(person)
    page = client.get(change_url(story)).content.decode()
    row = page[page.index('class="submit-row desk-actions"') :]
    row = row[: row.index("</div>")]
    assert re.findall(r'<input type="submit" value="([^"]+)"', row) == buttons


def view_on_site_link(client, story):
    """Where the change form's "View on site" button leads (the preview field links to the preview too)."""
    page = client.get(change_url(story)).content.decode()
    return re.search(r'<a href="([^"]+)" class="viewsitelink">', page).group(1)


def test_view_on_site_opens_the_preview_of_a_story_readers_cannot_see_yet(client):
    draft, live = factories.article(published=False), factories.article()
    client.force_login(factories.editor())
    assert view_on_site_link(client, draft) == reverse("articles:preview", kwargs={"pk": draft.pk})
    response = client.get(view_on_site_link(client, draft))
    assert response.status_code == 200 and draft.headline in response.content.decode()
    # A live story's button is Django's view-on-site redirect to its page.
    assert (
        client.get(view_on_site_link(client, live), follow=True)
        .redirect_chain[-1][0]
        .endswith(live.get_absolute_url())
    )


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

    # Each save's revision holds the byline that save left, and the history leads to what each save changed.
    created, first_edit, second_edit = story.history.order_by("history_date", "history_id")
    assert [row.author_id for row in first_edit.authors.all()] == [ana.pk]
    assert [row.author_id for row in second_edit.authors.all()] == [marko.pk]
    page = client.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    for older, newer, before, after in [
        (created, first_edit, "—", "<ins>Ana Petrovska</ins>"),
        (first_edit, second_edit, "<del>Ana Petrovska</del>", "<ins>Marko Ilievski</ins>"),
    ]:
        link = re.search(rf'href="([^"]+\?from={older.history_id}&amp;to={newer.history_id})"', page).group(1)
        changes = client.get(html.unescape(link)).content.decode()
        assert f'<tr><th scope="row">Authors</th><td>{before}</td><td>{after}</td></tr>' in changes


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


# Issue 16: the rules hold on every path -------------------------------------------------------------------


def history_form_url(story, revision):
    return reverse("admin:articles_article_simple_history", args=[story.pk, revision.history_id])


def test_reporter_cannot_restore_a_revision_of_their_own_draft_or_of_a_live_story(client):
    reporter = factories.reporter()
    own_draft = factories.article(published=False, created_by=reporter, headline="Own first")
    live = factories.article(created_by=reporter, headline="Live first")
    revisions = {}
    for story in (own_draft, live):
        revisions[story.pk] = story.history.latest()
        story.headline = "Edited by an editor"
        story.save()
    client.force_login(reporter)
    for story in (own_draft, live):
        response = client.post(history_form_url(story, revisions[story.pk]), {"_save": "1"})
        assert response.status_code == 403
        assert Article.objects.get(pk=story.pk).headline == "Edited by an editor"


def test_a_colleagues_story_and_its_revisions_answer_404_to_a_reporter(client):
    story = factories.article(created_by=factories.reporter())
    revision = story.history.latest()
    client.force_login(factories.reporter())
    for url in (
        change_url(story),
        reverse("admin:articles_article_history", args=[story.pk]),
        reverse("admin:articles_article_delete", args=[story.pk]),
        history_form_url(story, revision),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(history_form_url(story, revision), {"_save": "1"}).status_code == 404


def test_restoring_a_revision_from_before_publication_keeps_the_story_live(client):
    story = factories.article(published=False)
    story.save()  # the draft's revision, with its byline and no publication time
    draft_revision = story.history.latest()
    services.article_publish(article=Article.objects.get(pk=story.pk), by=factories.editor())
    published = Article.objects.get(pk=story.pk)
    client.force_login(factories.editor())
    response = client.post(history_form_url(story, draft_revision), {"_save": "1"})
    assert response.status_code == 302
    restored = Article.objects.get(pk=story.pk)
    assert restored.status == Article.Status.PUBLISHED
    assert restored.published_at == published.published_at
    assert restored.is_public()


def test_restoring_brings_back_the_tags_and_the_byline(client):
    first_author, second_author = factories.author(name="Ana"), factories.author(name="Marko")
    first_tag, second_tag = factories.tag(name="Elections"), factories.tag(name="Courts")
    story = factories.article(authors=[first_author], tags=[first_tag])
    story.save()
    story.complete_latest_revision()
    revision = story.history.latest()
    ArticleAuthor.objects.filter(article=story).update(author=second_author)
    story.tags.set([second_tag])
    story.save()
    client.force_login(factories.editor())
    client.post(history_form_url(story, revision), {"_save": "1"})
    story = Article.objects.get(pk=story.pk)
    assert [author.name for author in story.ordered_authors] == ["Ana"]
    assert [tag.name for tag in story.tags.all()] == ["Elections"]


def test_restoring_a_revision_that_would_leave_a_live_story_incomplete_changes_nothing(client):
    story = factories.article()
    story.body = ""
    story.save()
    story.complete_latest_revision()
    empty = story.history.latest()
    story.body = "<p>The full story.</p>"
    story.save()
    client.force_login(factories.editor())
    response = client.post(history_form_url(story, empty), {"_save": "1"}, follow=True)
    assert "Write the body of the story." in response.content.decode()
    assert Article.objects.get(pk=story.pk).body == "<p>The full story.</p>"


def live_form(story, **overrides):
    published_at = timezone.localtime(story.published_at)
    return form_data(
        story,
        published_at_0=published_at.strftime("%Y-%m-%d"),
        published_at_1=published_at.strftime("%H:%M:%S.%f"),
        _save="1",
        **overrides,
    )


def test_a_plain_save_cannot_empty_a_live_storys_body(client):
    story = factories.article(body="<p>What readers read.</p>", authors=[])
    client.force_login(factories.editor())
    response = client.post(change_url(story), live_form(story, body="<p>&nbsp;</p>", headline="Kept input"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Write the body of the story." in page
    assert 'value="Kept input"' in page  # the editor's input comes back
    assert Article.objects.get(pk=story.pk).body == "<p>What readers read.</p>"


def test_a_plain_save_cannot_give_a_live_story_a_lead_image_without_alt_text(client):
    story = factories.article(authors=[])
    client.force_login(factories.editor())
    response = client.post(change_url(story), live_form(story, lead_image=factories.image(alt_text="").pk))
    assert response.status_code == 200
    assert "Describe the lead image in its alt text." in response.content.decode()
    assert Article.objects.get(pk=story.pk).lead_image_id is None


def test_removing_the_last_author_of_a_live_story_is_refused(client):
    author = factories.author()
    story = factories.article(authors=[author])
    byline = ArticleAuthor.objects.get(article=story)
    client.force_login(factories.editor())
    data = live_form(
        story,
        **{
            "bylines-TOTAL_FORMS": "1",
            "bylines-INITIAL_FORMS": "1",
            "bylines-0-id": byline.pk,
            "bylines-0-article": story.pk,
            "bylines-0-author": author.pk,
            "bylines-0-position": "0",
            "bylines-0-DELETE": "on",
        },
    )
    response = client.post(change_url(story), data)
    assert response.status_code == 200
    assert "Add at least one author" in response.content.decode()
    assert ArticleAuthor.objects.filter(article=story).exists()


def test_a_save_from_an_older_version_is_refused_and_shows_what_changed(client):
    story = factories.article(headline="The headline as first written", authors=[])
    opened = form_data(story)  # the first editor opens the story
    client.force_login(factories.editor())
    client.post(change_url(story), live_form(story, headline="The second editor's headline"))
    assert Article.objects.get(pk=story.pk).headline == "The second editor's headline"

    stale = live_form(story, headline="The first editor's headline") | {
        "opened_version": opened["opened_version"]
    }
    response = client.post(change_url(story), stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "after you opened it" in page
    assert "The second editor&#x27;s headline" in page  # what changed meanwhile
    assert 'value="The first editor&#x27;s headline"' in page  # the first editor's input is kept
    assert Article.objects.get(pk=story.pk).headline == "The second editor's headline"

    # Having seen the change, saving the returned form again keeps the first editor's version.
    version = re.search(r'name="opened_version" value="(\d+)"', page).group(1)
    client.post(change_url(story), stale | {"opened_version": version})
    assert Article.objects.get(pk=story.pk).headline == "The first editor's headline"


def test_bulk_submit_for_review_leaves_a_colleagues_draft_alone(client):
    reporter = factories.reporter()
    own = factories.article(published=False, created_by=reporter)
    colleagues = factories.article(published=False, created_by=factories.reporter())
    client.force_login(reporter)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "submit_selected_for_review", "_selected_action": [own.pk, colleagues.pk]},
    )
    assert Article.objects.get(pk=own.pk).status == Article.Status.IN_REVIEW
    assert Article.objects.get(pk=colleagues.pk).status == Article.Status.DRAFT


def test_reporter_lists_only_their_own_and_bylined_stories(client):
    reporter = factories.reporter()
    profile = factories.author(user=reporter)
    created = factories.article(published=False, created_by=reporter, headline="Created by me")
    bylined = factories.article(published=False, authors=[profile], headline="Bylined on me")
    factories.article(published=False, created_by=factories.reporter(), headline="A colleague's draft")
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert created.headline in page and bylined.headline in page
    assert "A colleague&#x27;s draft" not in page and "A colleague's draft" not in page


def test_reporter_cannot_change_a_colleagues_image_or_the_lead_image_of_a_live_story(client):
    reporter = factories.reporter()
    colleagues = factories.image(alt_text="A colleague's photo", uploaded_by=factories.reporter())
    own_live = factories.image(alt_text="My photo on the front page", uploaded_by=reporter)
    factories.article(lead_image=own_live)
    own_unused = factories.image(alt_text="My unused photo", uploaded_by=reporter)
    client.force_login(reporter)
    for image in (colleagues, own_live):
        url = reverse("admin:articles_image_change", args=[image.pk])
        response = client.post(
            url, {"alt_text": "Replaced", "caption": "", "credit": "x", "copyright_holder": ""}
        )
        assert response.status_code == 403
        image.refresh_from_db()
        assert image.alt_text != "Replaced"
    url = reverse("admin:articles_image_change", args=[own_unused.pk])
    response = client.post(
        url, {"alt_text": "Described better", "caption": "", "credit": "", "copyright_holder": ""}
    )
    assert response.status_code == 302
    own_unused.refresh_from_db()
    assert own_unused.alt_text == "Described better"


def test_nobody_empties_the_alt_text_of_a_live_storys_lead_image(client):
    image = factories.image(alt_text="Protesters outside parliament")
    factories.article(lead_image=image)
    client.force_login(factories.editor())
    url = reverse("admin:articles_image_change", args=[image.pk])
    response = client.post(url, {"alt_text": " ", "caption": "", "credit": "", "copyright_holder": ""})
    assert response.status_code == 200
    assert "needs its alt text" in response.content.decode()
    image.refresh_from_db()
    assert image.alt_text == "Protesters outside parliament"


# Issue 19, items 8, 10 and 11 ----------------------------------------------------------------------------------


def test_the_headline_field_counts_towards_what_search_engines_show(client):
    client.force_login(factories.editor())
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    headline = page[page.index('name="headline"') - 200 : page.index('name="headline"') + 300]
    assert 'data-count-limit="110"' in headline and "search engines show up to" in headline
    assert "js/article-admin.js" in page


def test_saving_a_headline_close_to_a_recent_story_warns_of_a_duplicate(client):
    earlier = factories.article(headline="More air defence for Ukraine, Austin says after Ramstein")
    factories.article(headline="Parliament passes the 2027 budget")
    colleagues_draft = factories.article(
        published=False,
        created_by=factories.reporter(),
        headline="Austin at Ramstein: more air defence for Ukraine soon",
    )
    new_headline = "Austin after Ramstein: more air defence for Ukraine"

    def warnings_on_saving(person):
        story = factories.article(published=False, created_by=person, headline="Draft")
        client.force_login(person)
        response = client.post(
            change_url(story), form_data(story, headline=new_headline, _continue="1"), follow=True
        )
        return " ".join(re.findall(r'<li class="warning">(.*?)</li>', response.content.decode(), re.S))

    editors = warnings_on_saving(factories.editor())
    assert f'href="{change_url(earlier)}"' in editors and f'href="{change_url(colleagues_draft)}"' in editors
    assert "2027 budget" not in editors
    # A reporter hears of the published story (a link to its page) but not of a colleague's draft.
    reporters = warnings_on_saving(factories.reporter())
    assert f'href="{earlier.get_absolute_url()}"' in reporters and "Ukraine soon" not in reporters


def test_video_of_the_day_without_a_video_is_refused_beside_the_field_and_by_the_database(client):
    story = factories.article(published=False)
    client.force_login(factories.editor())
    response = client.post(change_url(story), form_data(story, is_video_of_the_day="on", _continue="1"))
    assert response.status_code == 200
    assert (
        "Add the video&#x27;s address above to make this story the video of the day."
        in response.content.decode()
    )
    assert not Article.objects.get(pk=story.pk).is_video_of_the_day
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=story.pk).update(is_video_of_the_day=True, video_url="")


def test_ticking_video_of_the_day_says_which_story_it_replaces(client):
    current = factories.article(
        headline="Flooding in Tetovo",
        video_url="https://youtu.be/abc123",
        is_video_of_the_day=True,
        published_at=timezone.now() - timedelta(days=1),
    )
    story = factories.article(headline="Ramstein press conference")
    client.force_login(factories.editor())
    page = client.get(change_url(story)).content.decode()
    assert f'Now: <a href="{change_url(current)}">Flooding in Tetovo</a>' in page
    response = client.post(
        change_url(story),
        form_data(
            story,
            video_url="https://youtu.be/xyz789",
            is_video_of_the_day="on",
            published_at_0=timezone.localtime(story.published_at).strftime("%Y-%m-%d"),
            published_at_1=timezone.localtime(story.published_at).strftime("%H:%M:%S"),
            _continue="1",
        ),
        follow=True,
    )
    assert "in place of “Flooding in Tetovo”" in response.content.decode()
    assert Article.objects.video_of_the_day() == story


def read_only_value(page, label):
    """What a read-only field of the form shows beside its label."""
    match = re.search(rf'<label>{re.escape(label)}:</label>\s*<div class="readonly">(.*?)</div>', page, re.S)
    assert match, f"no read-only {label!r} on the page"
    return match.group(1).strip()


@pytest.mark.parametrize(
    ("story_of_the_reporter", "shown"),
    [
        ("new", "No"),
        ("draft", "No"),
        ("published", "No"),  # the whole form read-only: not theirs to change once live
        ("video of the day", "Yes"),
    ],
)
def test_a_reporter_reads_whether_a_story_is_the_video_of_the_day_in_words_not_as_a_red_cross(
    client, story_of_the_reporter, shown
):
    reporter = factories.reporter()
    client.force_login(reporter)
    if story_of_the_reporter == "new":
        url = reverse("admin:articles_article_add")
    else:
        story = factories.article(
            published=story_of_the_reporter != "draft",
            created_by=reporter,
            video_url="https://youtu.be/abc123",
            is_video_of_the_day=story_of_the_reporter == "video of the day",
        )
        url = change_url(story)
    page = client.get(url).content.decode()
    assert read_only_value(page, "Video of the day") == shown
    assert "icon-no.svg" not in page and "icon-yes.svg" not in page  # Django's ✗ and ✓


def test_a_reporter_reads_video_of_the_day_in_their_language(client):
    reporter = factories.reporter()
    client.force_login(reporter)
    response = client.get(reverse("admin:articles_article_add"), headers={"accept-language": "mk"})
    assert read_only_value(response.content.decode(), "Видео на денот") == "Не"


def test_a_reporter_reads_their_published_story_as_readers_do_without_the_forms_own_questions(client):
    reporter = factories.reporter()
    story = factories.article(
        created_by=reporter,
        body='<p>The minister <strong>resigned</strong>.</p><script>alert("x")</script>',
    )
    client.force_login(reporter)
    page = client.get(change_url(story)).content.decode()
    assert "View story" in page  # the whole form read-only: not theirs to change once live
    # The body as readers read it, not its HTML source (and still sanitized).
    assert read_only_value(page, "Body") == "<p>The minister <strong>resigned</strong>.</p>"
    assert "&lt;p&gt;" not in page and "alert(" not in page
    # "Substantive update" is a question the form asks when saving; read-only it said "Mark as updated: None".
    assert "Mark as updated" not in page and "Substantive update" not in page


def test_an_editor_still_ticks_video_of_the_day(client):
    story = factories.article(published=False)
    client.force_login(factories.editor())
    page = client.get(change_url(story)).content.decode()
    assert re.search(r'<input type="checkbox" name="is_video_of_the_day"', page)


def test_an_editor_can_write_a_note_beside_back_to_draft(client):
    story = factories.article(published=False)
    Article.objects.filter(pk=story.pk).update(status=Article.Status.IN_REVIEW)
    client.force_login(factories.editor())
    page = client.get(change_url(story)).content.decode()
    row = page[page.index('class="submit-row desk-actions"') :]
    assert row.index('name="note_to_reporter"') < row.index('name="_back_to_draft"') < row.index("</div>")


def test_bulk_submit_counts_what_it_did_and_says_why_a_reporters_live_story_stays(client):
    reporter = factories.reporter()
    draft = factories.article(published=False, created_by=reporter, headline="My draft")
    in_review = factories.article(published=False, created_by=reporter, headline="Already in review")
    services.article_transition(article=in_review, to_status=Article.Status.IN_REVIEW, by=reporter)
    live = factories.article(created_by=reporter, headline="My live story")
    revisions = in_review.history.count()
    client.force_login(reporter)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "submit_selected_for_review", "_selected_action": [draft.pk, in_review.pk, live.pk]},
        follow=True,
    )
    shown = [str(message) for message in response.context["messages"]]
    assert "1 story is now “In review”." in shown
    assert "1 story was “In review” already." in shown
    assert (
        "My live story: You may not submit it for review now that it is “Published”: ask an editor." in shown
    )
    assert in_review.history.count() == revisions  # no revision for a change that did not happen
    assert Article.objects.get(pk=live.pk).status == Article.Status.PUBLISHED


def test_a_reporter_withdraws_their_story_from_review_to_go_on_writing(client):
    reporter = factories.reporter()
    story = factories.article(published=False, created_by=reporter)
    services.article_transition(article=story, to_status=Article.Status.IN_REVIEW, by=reporter)
    client.force_login(reporter)
    client.post(change_url(story), form_data(story, standfirst="Rewritten", _back_to_draft="1"))
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT and story.standfirst == "Rewritten"


@pytest.mark.parametrize(("language", "edition"), [("mk", "mk"), ("sq", "sq"), ("en", "en")])
def test_a_new_story_starts_in_the_edition_of_the_language_its_author_works_in(client, language, edition):
    client.force_login(factories.reporter())
    page = client.get(reverse("admin:articles_article_add"), headers={"accept-language": language})
    chosen = re.search(r'<select name="language"[^>]*>(.*?)</select>', page.content.decode(), re.S).group(1)
    assert re.findall(r'<option value="(\w+)"[^>]*selected', chosen) == [edition]


def test_a_new_story_is_not_asked_whether_its_edit_is_a_substantive_update(client):
    client.force_login(factories.editor())
    new = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'name="mark_as_updated"' not in new
    published = client.get(change_url(factories.article())).content.decode()
    assert 'name="mark_as_updated"' in published  # where there is a published story to update
