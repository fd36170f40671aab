"""Corrections: a correction updates its story wherever its date is read (the page, JSON-LD, sitemap,
feeds, the page cache), however it is added; its date is never still to come, and moving or deleting it takes
the story's update back to what remains; and the corrections archive has its own feed per edition."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import Article, Correction
from tests import factories
from tests.articles.test_admin import change_url, form_data
from tests.articles.test_views import hidden_stories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def minutes_ago(minutes):
    return (timezone.now() - timedelta(minutes=minutes)).replace(microsecond=0)


def date_modified(page):
    (data,) = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        if '"dateModified"' in block
    ]
    return parse_datetime(data["dateModified"])


def modified_time(page):
    return parse_datetime(re.search(r'<meta property="article:modified_time" content="([^"]+)">', page)[1])


def iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


# A correction updates its story ---------------------------------------------------------------------------


def test_a_correction_made_after_publication_is_the_storys_last_update_on_its_page(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    story = factories.article()  # published an hour ago
    corrected_at = minutes_ago(10)
    Correction.objects.create(
        article=story, text="The minister's name was misspelled.", corrected_at=corrected_at
    )
    page = client.get(story.get_absolute_url()).content.decode()
    assert date_modified(page) == corrected_at
    assert modified_time(page) == corrected_at
    assert f'Updated <time datetime="{iso(corrected_at)}">' in page


def test_a_correction_added_in_the_storys_form_updates_the_story(client):
    client.force_login(factories.editor())
    story = factories.article(authors=[])
    published_at = timezone.localtime(story.published_at)
    corrected_at = timezone.localtime(minutes_ago(5))
    response = client.post(
        change_url(story),
        form_data(
            story,
            published_at_0=published_at.strftime("%Y-%m-%d"),
            published_at_1=published_at.strftime("%H:%M:%S.%f"),
            **{
                "corrections-TOTAL_FORMS": "1",
                "corrections-0-id": "",
                "corrections-0-article": story.pk,
                "corrections-0-text": "The vote was 41 to 39, not 39 to 41.",
                "corrections-0-corrected_at_0": corrected_at.strftime("%Y-%m-%d"),
                "corrections-0-corrected_at_1": corrected_at.strftime("%H:%M:%S"),
            },
            _save="1",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story.refresh_from_db()
    assert story.corrections.count() == 1
    assert story.revised_at == corrected_at
    assert story.history.latest().revised_at == corrected_at  # the story's history says so too


def test_a_correction_added_in_the_corrections_admin_updates_the_story(client):
    client.force_login(factories.editor())
    story = factories.article()
    corrected_at = timezone.localtime(minutes_ago(5))
    response = client.post(
        reverse("admin:articles_correction_add"),
        {
            "article": story.pk,
            "text": "The report was published in May, not June.",
            "corrected_at_0": corrected_at.strftime("%Y-%m-%d"),
            "corrected_at_1": corrected_at.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.revised_at == corrected_at


def newest_revision(story):
    return story.history.order_by("-history_date", "-history_id").first()


def corrections_in(revision):
    return [row["fields"]["text"] for row in revision.rows.get("articles.correction", [])]


def test_each_change_in_the_corrections_admin_is_a_revision_in_the_storys_history(client):
    editor = factories.editor(first_name="Arben", last_name="Hoxha")
    client.force_login(editor)
    story, other = factories.article(), factories.article()
    fields = {"text": "The vote was 41 to 39.", **datetime_fields("corrected_at", minutes_ago(5))}

    client.post(reverse("admin:articles_correction_add"), {"article": story.pk, **fields})
    added = newest_revision(story)
    assert (added.history_change_reason, added.history_user) == ("Correction added", editor)
    assert corrections_in(added) == ["The vote was 41 to 39."]

    correction = story.corrections.get()
    change = reverse("admin:articles_correction_change", args=[correction.pk])
    client.post(change, {"article": story.pk, **fields, "text": "The vote was 42 to 38."})
    assert corrections_in(newest_revision(story)) == ["The vote was 42 to 38."]
    assert newest_revision(story).history_change_reason == "Correction changed"

    client.post(change, {"article": other.pk, **fields, "text": "The vote was 42 to 38."})
    assert (newest_revision(story).history_change_reason, corrections_in(newest_revision(story))) == (
        "Correction deleted",
        [],
    )
    assert corrections_in(newest_revision(other)) == ["The vote was 42 to 38."]

    client.post(reverse("admin:articles_correction_delete", args=[correction.pk]), {"post": "yes"})
    assert (newest_revision(other).history_change_reason, corrections_in(newest_revision(other))) == (
        "Correction deleted",
        [],
    )


def test_the_history_names_a_correction_in_the_readers_language(client):
    client.force_login(factories.editor())
    story = factories.article()
    fields = {"text": "The vote was 41 to 39.", **datetime_fields("corrected_at", minutes_ago(5))}
    client.post(reverse("admin:articles_correction_add"), {"article": story.pk, **fields})

    history = reverse("admin:articles_article_history", args=[story.pk])
    page = client.get(history, headers={"accept-language": "mk"}).content.decode()

    assert "Додадена исправка" in page


def test_an_older_correction_does_not_take_the_storys_last_update_back():
    updated_at = minutes_ago(5)
    story = factories.article(revised_at=updated_at)
    factories.correction(story, corrected_at=minutes_ago(20))
    story.refresh_from_db()
    assert story.revised_at == updated_at


def test_a_correction_dated_before_publication_leaves_the_story_as_published():
    story = factories.article()  # published an hour ago
    factories.correction(story, corrected_at=minutes_ago(120))
    story.refresh_from_db()
    assert story.revised_at is None
    assert story.last_changed_at == story.published_at


def test_a_correction_moves_the_storys_lastmod_in_the_sitemap_and_its_updated_date_in_the_feeds(
    client, settings
):
    settings.PAGE_CACHE_ENABLED = False
    story = factories.article(published_at=timezone.now() - timedelta(days=3))
    corrected_at = minutes_ago(10)
    factories.correction(story, corrected_at=corrected_at)

    root = ET.fromstring(client.get("/sitemap.xml").content)
    (entry,) = [
        u for u in root.iter(f"{SITEMAP}url") if u.findtext(f"{SITEMAP}loc").endswith(story.slug + "/")
    ]
    assert entry.findtext(f"{SITEMAP}lastmod") == timezone.localdate(corrected_at).isoformat()  # days only

    root = ET.fromstring(client.get("/feed/atom/").content)
    (entry,) = [e for e in root.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == story.headline]
    assert parse_datetime(entry.findtext(f"{ATOM}updated")) == corrected_at


def test_the_page_cache_does_not_serve_the_story_as_it_was_before_its_correction(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    story = factories.article()
    client.get(story.get_absolute_url())  # kept by the page cache
    corrected_at = minutes_ago(1)
    factories.correction(story, text="The bridge opened in 1998.", corrected_at=corrected_at)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "The bridge opened in 1998." in page
    assert date_modified(page) == corrected_at


# A correction's date: never to come, and the story's update follows it when it is fixed ------------------

IN_2030 = timezone.make_aware(datetime(2030, 1, 1, 10, 0))
STILL_TO_COME = "This date is still to come"


def datetime_fields(prefix, moment):
    moment = timezone.localtime(moment)
    return {f"{prefix}_0": moment.strftime("%Y-%m-%d"), f"{prefix}_1": moment.strftime("%H:%M:%S.%f")}


def story_form(story, corrections=(), **overrides):
    """What the story's admin form posts, with its corrections (dicts of the inline's fields) in the inline."""
    data = form_data(story, **datetime_fields("published_at", story.published_at), _save="1")
    data["corrections-TOTAL_FORMS"] = str(len(corrections))
    data["corrections-INITIAL_FORMS"] = str(sum(1 for row in corrections if row.get("id")))
    for number, row in enumerate(corrections):
        data.update({f"corrections-{number}-{name}": value for name, value in row.items()})
        data[f"corrections-{number}-article"] = story.pk
    data.update(overrides)
    return data


def updated_line(client, story):
    """The story's "Updated" time as its page shows it to readers (and to search engines), or None."""
    page = client.get(story.get_absolute_url()).content.decode()
    shown = re.search(r'Updated <time datetime="([^"]+)">', page)
    modified = date_modified(page)
    assert modified_time(page) == modified.replace(microsecond=0)  # the page's meta tag has seconds only
    if shown is None:
        assert modified == story.published_at
        return None
    assert parse_datetime(shown[1]) == modified.replace(microsecond=0)
    return modified


def test_a_correction_dated_in_the_future_is_refused_in_the_corrections_admin(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.force_login(factories.editor())
    story = factories.article()
    response = client.post(
        reverse("admin:articles_correction_add"),
        {"article": story.pk, "text": "The vote was 41 to 39.", **datetime_fields("corrected_at", IN_2030)},
    )
    assert response.status_code == 200
    assert STILL_TO_COME in response.content.decode()
    assert not Correction.objects.exists()
    assert updated_line(client, story) is None


def test_a_correction_dated_in_the_future_is_refused_in_the_storys_form(client):
    client.force_login(factories.editor())
    story = factories.article(authors=[])
    row = {"id": "", "text": "The vote was 41 to 39.", **datetime_fields("corrected_at", IN_2030)}
    response = client.post(change_url(story), story_form(story, [row]))
    assert response.status_code == 200
    assert STILL_TO_COME in response.content.decode()
    assert not story.corrections.exists()
    assert Article.objects.get(pk=story.pk).revised_at is None


def test_a_correction_dated_in_the_future_is_refused_outside_the_admin_too():
    story = factories.article()
    correction = Correction(article=story, text="The vote was 41 to 39.", corrected_at=IN_2030)
    with pytest.raises(ValidationError) as refused:
        correction.full_clean()
    assert STILL_TO_COME in refused.value.message_dict["corrected_at"][0]
    with pytest.raises(ValidationError):
        correction.save()
    assert not Correction.objects.exists()
    assert Article.objects.get(pk=story.pk).revised_at is None


NEVER_PUBLISHED = "This story has not been published yet"


def test_a_draft_never_published_gets_no_correction_in_the_corrections_admin(client):
    client.force_login(factories.editor())
    draft = factories.article(published=False)
    response = client.post(
        reverse("admin:articles_correction_add"),
        {
            "article": draft.pk,
            "text": "The vote was 41 to 39.",
            **datetime_fields("corrected_at", minutes_ago(5)),
        },
    )
    assert response.status_code == 200 and NEVER_PUBLISHED in response.content.decode()
    assert not Correction.objects.exists()


def test_a_correction_cannot_move_to_a_draft_never_published(client):
    client.force_login(factories.editor())
    story, draft = factories.article(), factories.article(published=False)
    correction = factories.correction(story, corrected_at=minutes_ago(5))
    response = client.post(
        reverse("admin:articles_correction_change", args=[correction.pk]),
        {"article": draft.pk, "text": correction.text, **datetime_fields("corrected_at", minutes_ago(5))},
    )
    assert response.status_code == 200 and NEVER_PUBLISHED in response.content.decode()
    assert Correction.objects.get(pk=correction.pk).article == story


def test_a_draft_never_published_gets_no_new_correction_in_its_form(client):
    client.force_login(factories.editor())
    draft = factories.article(published=False, authors=[])
    data = form_data(draft, _save="1")
    row = {"id": "", "text": "The vote was 41 to 39.", **datetime_fields("corrected_at", minutes_ago(5))}
    data.update({"corrections-TOTAL_FORMS": "1", "corrections-INITIAL_FORMS": "0"})
    data.update(
        {f"corrections-0-{name}": value for name, value in row.items()}, **{"corrections-0-article": draft.pk}
    )
    response = client.post(change_url(draft), data)
    assert response.status_code == 200 and NEVER_PUBLISHED in response.content.decode()
    assert not draft.corrections.exists()


def test_a_correction_already_on_a_draft_does_not_stop_its_saves(client):
    client.force_login(factories.editor())
    draft = factories.article(published=False, authors=[], headline="Draft headline")
    correction = factories.correction(
        draft, corrected_at=minutes_ago(5)
    )  # stored before the rule, or by a script
    data = form_data(draft, _save="1", headline="Better headline")
    row = {"id": correction.pk, "text": correction.text, **datetime_fields("corrected_at", minutes_ago(5))}
    data.update({"corrections-TOTAL_FORMS": "1", "corrections-INITIAL_FORMS": "1"})
    data.update(
        {f"corrections-0-{name}": value for name, value in row.items()}, **{"corrections-0-article": draft.pk}
    )
    response = client.post(change_url(draft), data)
    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).headline == "Better headline"


def test_a_story_published_once_and_taken_down_may_still_be_corrected(client):
    client.force_login(factories.editor())
    story = factories.article(published_at=minutes_ago(60), status=Article.Status.DRAFT)
    response = client.post(
        reverse("admin:articles_correction_add"),
        {
            "article": story.pk,
            "text": "The vote was 41 to 39.",
            **datetime_fields("corrected_at", minutes_ago(5)),
        },
    )
    assert response.status_code == 302
    assert story.corrections.count() == 1


def test_fixing_a_correction_dated_in_the_future_takes_the_storys_updated_time_back(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    story = factories.article()
    with time_machine.travel(IN_2030 + timedelta(hours=1)):  # as the admin let it be saved before
        correction = factories.correction(story, corrected_at=IN_2030)
    assert updated_line(client, story) == IN_2030
    client.force_login(factories.editor())
    fixed = minutes_ago(10)
    response = client.post(
        reverse("admin:articles_correction_change", args=[correction.pk]),
        {"article": story.pk, "text": correction.text, **datetime_fields("corrected_at", fixed)},
    )
    assert response.status_code == 302
    assert updated_line(client, story) == fixed


def test_deleting_the_correction_that_dated_the_update_takes_the_story_back_to_what_remains(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    story = factories.article(authors=[])
    earlier = factories.correction(story, corrected_at=minutes_ago(30))
    later = factories.correction(story, corrected_at=minutes_ago(10))
    client.force_login(factories.editor())
    rows = [
        {"id": row.pk, "text": row.text, **datetime_fields("corrected_at", row.corrected_at)}
        for row in (earlier, later)
    ]
    rows[1]["DELETE"] = "on"
    response = client.post(change_url(story), story_form(story, rows))  # in the story's own form
    assert response.status_code == 302, response.content.decode()[:2000]
    assert updated_line(client, story) == earlier.corrected_at

    response = client.post(  # with the corrections list's bulk action
        reverse("admin:articles_correction_changelist"),
        {"action": "delete_selected", "_selected_action": [earlier.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not story.corrections.exists()
    assert updated_line(client, story) is None  # published, never updated


def test_deleting_a_correction_just_added_in_the_storys_form_takes_its_update_back(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    story = factories.article(authors=[])
    client.force_login(factories.editor())
    row = {"id": "", "text": "The vote was 41 to 39.", **datetime_fields("corrected_at", timezone.now())}
    client.post(change_url(story), story_form(story, [row]))  # dated as the form opened, moments before
    (correction,) = story.corrections.all()
    assert updated_line(client, story) == correction.corrected_at
    row.update(id=correction.pk, DELETE="on")
    response = client.post(change_url(story), story_form(story, [row]))
    assert response.status_code == 302 and not story.corrections.exists()
    assert updated_line(client, story) is None  # that save was the correction's, not an update of the story


def test_a_substantive_update_stands_when_a_later_correction_is_deleted(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    story = factories.article(authors=[])
    client.force_login(factories.editor())
    client.post(change_url(story), story_form(story, body="<p>New facts.</p>", mark_as_updated="on"))
    updated_at = Article.objects.get(pk=story.pk).revised_at
    assert updated_at is not None
    correction = factories.correction(story, corrected_at=timezone.now())
    assert updated_line(client, story) == correction.corrected_at
    response = client.post(reverse("admin:articles_correction_delete", args=[correction.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).revised_at == updated_at


# The corrections archive's feed ---------------------------------------------------------------------------


def feed_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return list(ET.fromstring(response.content).iter("item"))


def test_the_corrections_feed_lists_each_correction_as_an_item_linking_to_it(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    story = factories.article(headline="Council budget passes")
    older = factories.correction(story, text="The vote was 41 to 39.", corrected_at=minutes_ago(30))
    newer = factories.correction(story, text="The mayor is <Ana> & co.", corrected_at=minutes_ago(10))
    items = feed_items(client.get(reverse("articles:corrections_feed")))
    assert [item.findtext("title") for item in items] == ["Council budget passes"] * 2
    first, second = items
    assert first.findtext("description") == "The mayor is &lt;Ana&gt; &amp; co."  # text, escaped for readers
    assert second.findtext("description") == "The vote was 41 to 39."
    assert first.findtext("link").endswith(f"{story.get_absolute_url()}#correction-{newer.pk}")
    assert second.findtext("link").endswith(f"#correction-{older.pk}")
    assert first.findtext("link").startswith("http")
    published = [parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    assert published == [newer.corrected_at, older.corrected_at]


def test_the_corrections_feed_has_only_the_editions_public_stories(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    factories.correction(factories.article(headline="English story"))
    factories.correction(factories.article(headline="Македонска приказна", language="mk"))
    for hidden in hidden_stories().values():
        factories.correction(hidden)
    english = [item.findtext("title") for item in feed_items(client.get("/corrections/feed/"))]
    macedonian = [item.findtext("title") for item in feed_items(client.get("/mk/corrections/feed/"))]
    assert english == ["English story"]
    assert macedonian == ["Македонска приказна"]


def test_the_corrections_atom_feed_parses_with_an_entry_per_correction(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    story = factories.article(headline="Council budget passes")
    correction = factories.correction(story, corrected_at=minutes_ago(10))
    response = client.get(reverse("articles:corrections_feed_atom"))
    root = ET.fromstring(response.content)
    (entry,) = root.iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Council budget passes"
    assert entry.find(f"{ATOM}link").get("href").endswith(f"#correction-{correction.pk}")
    assert parse_datetime(entry.findtext(f"{ATOM}published")) == correction.corrected_at


def test_the_corrections_archive_links_its_feed_for_feed_readers_and_for_people(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    page = client.get("/mk/corrections/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in page
    assert 'href="/mk/corrections/feed/"' in page
    assert 'href="/mk/corrections/feed/atom/"' in page
    assert re.search(r'<a href="/mk/corrections/feed/">[^<]+</a>', page)


def test_a_reporter_sees_a_storys_corrections_in_its_form_and_no_empty_corrections_box(client):
    reporter = factories.reporter()
    plain = factories.article(published=False, created_by=reporter)
    corrected = factories.article(published=False, created_by=reporter)
    factories.correction(corrected, text="An earlier version gave the wrong date.")
    client.force_login(reporter)
    assert 'id="corrections-group"' not in client.get(change_url(plain)).content.decode()
    page = client.get(change_url(corrected)).content.decode()
    assert 'id="corrections-group"' in page and "An earlier version gave the wrong date." in page
    client.force_login(factories.editor())
    assert 'id="corrections-group"' in client.get(change_url(plain)).content.decode()  # to add one
