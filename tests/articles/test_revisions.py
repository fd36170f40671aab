"""A revision is one record per save, holding the story as the editor saw it: fields, byline, tags, sources
and quotes. Any two can be compared, and restoring one brings all of it back (articles/revisions.py)."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from articles.models import Article
from sourcing.models import Quote, Source
from tests import factories
from tests.articles.test_admin import change_url, form_data
from tests.sourcing import factories as sourcing
from tests.sourcing.test_admin import form_of

pytestmark = pytest.mark.django_db


def test_save_and_publish_from_the_form_is_one_revision_holding_the_published_story(client):
    story = factories.article(published=False)
    client.force_login(factories.editor())
    before = story.history.count()
    client.post(change_url(story), form_data(story, headline="Ready to go", _publish="1"))
    assert story.history.count() == before + 1
    revision = story.history.latest()
    assert revision.headline == "Ready to go"
    assert revision.status == Article.Status.PUBLISHED


def test_a_revision_holds_the_sources_and_quotes_saved_with_it(client):
    story = factories.article(published=False)
    source = sourcing.source(story, description="Press conference after the Ramstein meeting")
    sourcing.quote(story, source=source, text="We will send more air defence.")
    client.force_login(factories.editor())
    data = form_of(client, change_url(story))
    data["quotes-0-text"] = "We will send more air defence systems."
    client.post(change_url(story), data | {"_save": "1"})
    rows = story.history.latest().rows
    assert [row["fields"]["description"] for row in rows["sourcing.source"]] == [
        "Press conference after the Ramstein meeting"
    ]
    assert [row["fields"]["text"] for row in rows["sourcing.quote"]] == [
        "We will send more air defence systems."
    ]


def test_restoring_brings_back_deleted_sources_and_quotes_with_their_shortcodes_working(client):
    story = factories.article()
    source = sourcing.source(story, description="Interview given to Reuters")
    quote = sourcing.quote(story, source=source, text="The border stays open.")
    story.body = f"<p>Intro.</p><p>{quote.shortcode}</p>"
    story.save()
    story.complete_latest_revision()
    kept = story.history.latest()
    client.force_login(factories.editor())
    data = form_of(client, change_url(story))
    data["quotes-0-DELETE"] = data["sources-0-DELETE"] = "on"
    data["body"] = "<p>Intro only.</p>"
    assert client.post(change_url(story), data | {"_save": "1"}).status_code == 302
    assert not Quote.objects.filter(article=story).exists()

    response = client.post(
        reverse("admin:articles_article_simple_history", args=[story.pk, kept.history_id]), {"_save": "1"}
    )
    assert response.status_code == 302
    restored = Quote.objects.get(article=story)
    assert (restored.pk, restored.text, restored.source_id) == (quote.pk, "The border stays open.", source.pk)
    assert Source.objects.get(pk=source.pk).description == "Interview given to Reuters"
    assert Article.objects.get(pk=story.pk).publish_problems() == []  # the body's shortcode finds its quote


def test_any_two_revisions_can_be_compared(client):
    story = factories.article(headline="Council votes on the budget")
    story.save()
    story.complete_latest_revision()
    older = story.history.latest()
    sourcing.source(story, description="Minutes of the council session")
    story.headline = "Council passes the budget"
    story.save()
    story.complete_latest_revision()
    newer = story.history.latest()
    client.force_login(factories.editor())
    url = reverse("admin:articles_article_revision_compare", args=[story.pk])
    page = client.get(url, {"from": older.history_id, "to": newer.history_id}).content.decode()
    assert "<del>Council votes on the budget</del>" in page
    assert "<ins>Council passes the budget</ins>" in page
    assert "Minutes of the council session" in page
    history = client.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    assert 'action="compare/"' in history


def test_a_reporter_cannot_compare_a_colleagues_revisions(client):
    story = factories.article(published=False, created_by=factories.reporter())
    client.force_login(factories.reporter())
    url = reverse("admin:articles_article_revision_compare", args=[story.pk])
    assert client.get(url).status_code == 404


def test_a_revision_reads_as_it_was_kept_with_no_field_to_type_in_and_restores_with_one_button(client):
    speaker = sourcing.person(name="Lloyd Austin")
    story = factories.article(
        published=False, headline="The first headline", tags=[factories.tag(name="Defence")]
    )
    source = sourcing.source(story, description="Press conference after the Ramstein meeting")
    sourcing.quote(story, source=source, speaker=speaker, text="We will send more air defence.")
    editor = factories.editor()
    client.force_login(editor)
    client.post(change_url(story), form_of(client, change_url(story)) | {"_save": "1"})
    first = story.history.latest()
    client.post(change_url(story), form_data(story, headline="A later headline", _save="1"))

    address = reverse("admin:articles_article_simple_history", args=[story.pk, first.history_id])
    page = client.get(address).content.decode()
    form = page[page.index('id="content-main"') :]
    assert re.findall(r"<(?:input|textarea|select)\b(?![^>]*type=\"(?:hidden|submit)\")", form) == []
    assert "The first headline" in form and "A later headline" not in form
    assert "<td>Draft</td>" in form and "<td>Defence</td>" in form
    assert "Press conference after the Ramstein meeting" in form
    assert "Lloyd Austin" in form and "We will send more air defence." in form  # who said what
    assert 'value="Restore this revision"' in form

    restored = client.post(address, follow=True)
    assert Article.objects.get(pk=story.pk).headline == "The first headline"
    # Its time as the history lists it, not "2026-12-04 18:10".
    when = f"{formats.date_format(timezone.localtime(first.history_date), 'DATE_FORMAT')}, {timezone.localtime(first.history_date):%H:%M:%S}"
    assert f"The revision of {when} is restored, as a new revision." in html.unescape(
        restored.content.decode()
    )


def test_a_reporter_reads_their_storys_revisions_without_a_restore_button(client):
    reporter = factories.reporter()
    story = factories.article(published=False, created_by=reporter, headline="Own draft")
    story.headline = "Own draft, rewritten"
    story.save()
    client.force_login(reporter)
    first = story.history.earliest()
    page = client.get(
        reverse("admin:articles_article_simple_history", args=[story.pk, first.history_id])
    ).content.decode()
    assert "Own draft" in page and "Restore this revision" not in page


def test_the_history_lists_each_revision_with_who_saved_it_and_its_status_in_words(client):
    editor = factories.editor(first_name="Elena", last_name="Stojanovska")
    story = factories.article(published=False)
    client.force_login(editor)
    client.post(change_url(story), form_data(story, _publish="1"))
    page = client.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    listed = page[page.index('class="revision-history"') :]
    rows = listed[listed.index("<tbody>") :]
    newest = rows[: rows.index("</tr>")]
    assert "<td>Elena Stojanovska</td>" in newest and "<td>Published</td>" in newest
    assert "None" not in listed and ">published<" not in listed


def story_with_its_revision(**fields):
    """A story whose newest revision holds all of it, as after a save in the admin."""
    story = factories.article(**fields)
    source = sourcing.source(story, description="Interview given to Reuters")
    sourcing.quote(story, source=source, text="The border stays open.")
    story.complete_latest_revision()
    return story


def test_pressing_save_with_nothing_changed_adds_no_revision_to_the_history(client):
    reporter = factories.reporter()
    story = story_with_its_revision(published=False, created_by=reporter, tags=[factories.tag()])
    client.force_login(reporter)
    history = reverse("admin:articles_article_history", args=[story.pk])
    listed = client.get(history).content.decode().count("/history/")
    before = story.history.count()
    for button in ("_save", "_continue"):
        response = client.post(change_url(story), form_of(client, change_url(story)) | {button: "1"})
        assert response.status_code == 302
    assert story.history.count() == before
    assert client.get(history).content.decode().count("/history/") == listed


def test_save_and_publish_from_the_form_says_what_was_done_in_the_history(client):
    story = story_with_its_revision(published=False)
    client.force_login(factories.editor())
    response = client.post(change_url(story), form_of(client, change_url(story)) | {"_publish": "1"})
    assert response.status_code == 302
    revision = story.history.latest()
    assert revision.status == "published" and revision.history_change_reason == "Status set to published"
    page = client.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    assert "<td>Status set to “Published”</td>" in page


def test_a_save_that_changes_the_tags_and_headline_is_one_revision_holding_both(client):
    story = story_with_its_revision(published=False)
    tag = factories.tag(name="Energy")
    client.force_login(factories.editor())
    data = form_of(client, change_url(story)) | {"headline": "Prices rise", "tags": [str(tag.pk)]}
    client.post(change_url(story), data | {"_save": "1"})
    assert story.history.count() == 2
    revision = story.history.latest()
    assert revision.headline == "Prices rise" and [row.tag_id for row in revision.tags.all()] == [tag.pk]


FORTY_PARAGRAPHS = "".join(f"<p>Paragraph {number} of the story.</p>" for number in range(40))


def test_a_change_far_down_a_long_body_is_a_revision_of_its_own(client):
    story = story_with_its_revision(published=False, body=FORTY_PARAGRAPHS)
    client.force_login(factories.editor())
    data = form_of(client, change_url(story))
    data["body"] = data["body"].replace("Paragraph 39", "The last paragraph")
    client.post(change_url(story), data | {"_save": "1"})
    assert story.history.count() == 2
    assert "The last paragraph" in story.history.latest().body


def test_changing_only_a_quote_is_a_revision(client):
    story = story_with_its_revision(published=False)
    client.force_login(factories.editor())
    data = form_of(client, change_url(story)) | {"quotes-0-text": "The border stays open for now."}
    client.post(change_url(story), data | {"_save": "1"})
    assert story.history.count() == 2
    assert (
        story.history.latest().rows["sourcing.quote"][0]["fields"]["text"] == "The border stays open for now."
    )


def test_what_changed_shows_a_change_at_the_end_of_a_long_body_in_words_not_markup(client):
    story = story_with_its_revision(published=False, body=FORTY_PARAGRAPHS)
    client.force_login(factories.editor())
    data = form_of(client, change_url(story))
    data["body"] = data["body"].replace("<p>Paragraph 39 of the story.</p>", "<p>The <em>last</em> one.</p>")
    client.post(change_url(story), data | {"_save": "1"})
    page = client.get(reverse("admin:articles_article_revision_compare", args=[story.pk])).content.decode()
    assert "The two revisions hold the same story." not in page
    assert "Paragraph 38 of the story.\nParagraph 39 of the story.</del>" in page
    assert "Paragraph 38 of the story.\nThe last one.</ins>" in page
    assert "&lt;p&gt;" not in page and "Paragraph 0 " not in page


def test_what_changed_shows_a_change_at_the_end_of_a_long_quote(client):
    story = factories.article(published=False)
    words = "We will keep the border open for trade, for families and for everyone who needs to cross it " * 3
    sourcing.quote(story, source=sourcing.source(story), text=words + "this winter.")
    story.complete_latest_revision()
    client.force_login(factories.editor())
    data = form_of(client, change_url(story)) | {"quotes-0-text": words + "until the spring."}
    client.post(change_url(story), data | {"_save": "1"})
    page = client.get(reverse("admin:articles_article_revision_compare", args=[story.pk])).content.decode()
    assert "The two revisions hold the same story." not in page
    assert "cross it this winter.;" in page and "cross it until the spring.;" in page


def test_the_history_says_what_was_done_in_the_readers_language_and_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/Skopje"
    story = story_with_its_revision(published=False, headline="The first headline")
    kept = story.history.latest()
    kept.history_date = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)  # 10:30 in Skopje
    kept.save()
    client.force_login(factories.editor())
    client.post(change_url(story), form_data(story, headline="A later headline", _save="1"))
    client.post(reverse("admin:articles_article_simple_history", args=[story.pk, kept.history_id]))
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [story.pk]},
    )
    history = reverse("admin:articles_article_history", args=[story.pk])

    page = client.get(history).content.decode()
    assert "<td>Status set to “Published”</td>" in page
    assert "<td>Restored the revision of March 2, 2026, 10:30:00</td>" in page  # to the second: see below
    page = client.get(history, HTTP_ACCEPT_LANGUAGE="mk").content.decode()
    with translation.override("mk"):
        published = str(Article.Status.PUBLISHED.label)
    assert published != "Published" and f"<td>Статусот е сменет во „{published}“</td>" in page


def test_a_revision_started_as_a_translation_says_so_in_words(client):
    original = factories.article(language="mk")
    client.force_login(factories.editor())
    client.post(reverse("admin:articles_article_translate", args=[original.pk]), {"language": "en"})
    translated = Article.objects.get(translation_of=original)
    page = client.get(reverse("admin:articles_article_history", args=[translated.pk])).content.decode()
    assert f"<td>Started as a translation of story {original.pk}</td>" in page
    revision = reverse(
        "admin:articles_article_simple_history", args=[translated.pk, translated.history.latest().pk]
    )
    assert f"Started as a translation of story {original.pk}</p>" in client.get(revision).content.decode()


def test_a_revisions_sources_and_corrections_read_in_the_readers_language_and_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/Skopje"
    story = factories.article(published=False)
    sourcing.source(story, description="Interview given to Reuters", date=datetime.date(2025, 3, 3))
    factories.correction(story, corrected_at=datetime.datetime(2025, 3, 4, 11, 45, tzinfo=datetime.UTC))
    story.complete_latest_revision()
    client.force_login(factories.editor())
    address = reverse("admin:articles_article_simple_history", args=[story.pk, story.history.latest().pk])

    page = client.get(address).content.decode()
    assert "date: March 3, 2025;" in page and "on the record: yes" in page
    assert "date: March 4, 2025, 12:45 p.m." in page  # 11:45 UTC
    page = client.get(address, HTTP_ACCEPT_LANGUAGE="mk").content.decode()
    assert "датум: 3 март 2025;" in page and "именуван извор: да" in page
    assert "датум: 4 март 2025, 12:45" in page
    assert "2025-03-0" not in page and "True" not in page


def test_what_changed_shows_a_sources_dates_as_the_story_form_does(client):
    story = factories.article(published=False)
    sourcing.source(story, description="Interview given to Reuters", date=datetime.date(2025, 3, 3))
    story.complete_latest_revision()
    client.force_login(factories.editor())
    data = form_of(client, change_url(story)) | {"sources-0-date": "2025-03-05"}
    assert client.post(change_url(story), data | {"_save": "1"}).status_code == 302
    page = client.get(reverse("admin:articles_article_revision_compare", args=[story.pk])).content.decode()
    assert "date: March 3, 2025;" in page and "date: March 5, 2025;" in page and "2025-03-0" not in page


def test_restoring_keeps_the_storys_edition_whatever_the_revision_had(client):
    """An old revision in Albanian must not move an original into the edition its Albanian translation holds."""
    story = factories.article(published=False, language="sq", headline="Titulli i parë")
    client.force_login(factories.editor())
    client.post(change_url(story), form_data(story, _save="1"))
    in_albanian = story.history.latest()
    client.post(
        change_url(story), form_data(story, language="en", headline="The English headline", _save="1")
    )
    factories.article(published=False, language="sq", translation_of=story)

    address = reverse("admin:articles_article_simple_history", args=[story.pk, in_albanian.history_id])
    assert client.post(address).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Titulli i parë" and story.language == "en"
    assert Article.objects.filter(language="sq").count() == 1  # the translation alone


def test_revisions_made_within_a_minute_are_told_apart_by_their_seconds(client, settings):
    settings.TIME_ZONE = "Europe/Skopje"
    story = story_with_its_revision(published=False, headline="The first headline")
    client.force_login(factories.editor())
    client.post(change_url(story), form_data(story, headline="A later headline", _save="1"))
    first, second = story.history.order_by("history_date")
    for revision, second_of_minute in ((first, 5), (second, 41)):
        revision.history_date = datetime.datetime(2026, 3, 2, 9, 30, second_of_minute, tzinfo=datetime.UTC)
        revision.save()

    page = client.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    assert ">March 2, 2026, 10:30:05<" in page and ">March 2, 2026, 10:30:41<" in page  # the table
    assert "March 2, 2026, 10:30:05 · " in page  # the compare choices
    compare = reverse("admin:articles_article_revision_compare", args=[story.pk])
    compared = html.unescape(
        client.get(compare, {"from": first.history_id, "to": second.history_id}).content.decode()
    )
    assert (
        "from the revision of March 2, 2026, 10:30:05 to the revision of March 2, 2026, 10:30:41" in compared
    )
