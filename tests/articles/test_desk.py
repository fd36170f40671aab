"""The editorial desk, the admin's home page: each person's own drafts, the review queue, the week's schedule,
what was published and corrected lately and the counts per state, only of the stories they may see."""

import datetime
import html
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

Status = Article.Status
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


class _Sections(HTMLParser):
    """The text and links inside each <section id="desk-..."> of the page."""

    def __init__(self):
        super().__init__()
        self.sections, self._current, self._depth = {}, None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and (attrs.get("id") or "").startswith("desk-"):
            self._current, self._depth = attrs["id"], 0
            self.sections[self._current] = {"text": "", "links": []}
        elif self._current:
            if tag == "section":
                self._depth += 1
            if tag == "a":
                self.sections[self._current]["links"].append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "section" and self._current:
            if self._depth:
                self._depth -= 1
            else:
                self._current = None

    def handle_data(self, data):
        if self._current:
            self.sections[self._current]["text"] += data


def desk(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    parser = _Sections()
    parser.feed(response.content.decode())
    return parser.sections


def draft(**fields):
    return factories.article(published=False, **fields)


def test_reporter_sees_their_own_drafts_and_not_another_reporters(client):
    ana, boris = factories.reporter(), factories.reporter()
    mine = draft(headline="Ana's council story", created_by=ana)
    bylined = draft(headline="Ana on the byline", authors=[factories.author(user=ana)])
    theirs = draft(headline="Boris's river story", created_by=boris)

    sections = desk(client, ana)

    drafts = sections["desk-my-drafts"]
    assert "Ana's council story" in drafts["text"] and "Ana on the byline" in drafts["text"]
    page_text = " ".join(section["text"] for section in sections.values())
    assert "Boris's river story" not in page_text
    assert change_url(theirs) not in str(sections)
    assert change_url(mine) in drafts["links"] and change_url(bylined) in drafts["links"]


def test_editor_sees_every_story_waiting_for_review_and_only_their_own_drafts(client):
    editor, reporter = factories.editor(), factories.reporter()
    waiting = draft(headline="Budget leak", created_by=reporter, status=Status.IN_REVIEW)
    draft(headline="Reporter's unfinished draft", created_by=reporter)
    draft(headline="Editor's own draft", created_by=editor)

    sections = desk(client, editor)

    assert "Budget leak" in sections["desk-in-review"]["text"]
    assert change_url(waiting) in sections["desk-in-review"]["links"]
    assert "Editor's own draft" in sections["desk-my-drafts"]["text"]
    assert "Reporter's unfinished draft" not in sections["desk-my-drafts"]["text"]


def test_reporter_review_queue_holds_only_their_own_stories(client):
    ana, boris = factories.reporter(), factories.reporter()
    draft(headline="Ana waits", created_by=ana, status=Status.IN_REVIEW)
    draft(headline="Boris waits", created_by=boris, status=Status.IN_REVIEW)

    queue = desk(client, ana)["desk-in-review"]["text"]

    assert "Ana waits" in queue and "Boris waits" not in queue


def test_schedule_shows_the_next_seven_days_only_grouped_by_day_with_times(client):
    editor = factories.editor()
    now = timezone.now()
    tomorrow = timezone.localtime(now + DAY).replace(hour=9, minute=30, second=0, microsecond=0)
    factories.article(headline="Tomorrow morning", status=Status.SCHEDULED, published_at=tomorrow)
    factories.article(
        headline="Tomorrow evening", status=Status.SCHEDULED, published_at=tomorrow.replace(hour=18, minute=5)
    )
    factories.article(headline="In six days", status=Status.SCHEDULED, published_at=now + 6 * DAY)
    factories.article(headline="In eight days", status=Status.SCHEDULED, published_at=now + 8 * DAY)
    factories.article(headline="Due an hour ago", status=Status.SCHEDULED, published_at=now - HOUR)

    schedule = desk(client, editor)["desk-schedule"]["text"]

    assert "Tomorrow morning" in schedule and "Tomorrow evening" in schedule and "In six days" in schedule
    assert "In eight days" not in schedule and "Due an hour ago" not in schedule
    day_heading = tomorrow.strftime("%A")
    assert schedule.count(day_heading) == 1  # the two stories of tomorrow under one heading
    assert re.search(r"09:30\s+Tomorrow morning.*18:05\s+Tomorrow evening", schedule, re.S)


def test_counts_per_state_are_right_and_count_a_due_scheduled_story_as_published(client):
    editor = factories.editor()
    now = timezone.now()
    draft(created_by=editor)
    draft(created_by=editor)
    draft(status=Status.IN_REVIEW)
    factories.article(status=Status.SCHEDULED, published_at=now + DAY)
    factories.article(status=Status.SCHEDULED, published_at=now - HOUR)  # its time has come: published
    factories.article()
    expired = {"published_at": now - 2 * DAY, "unpublish_at": now - DAY}
    factories.article(status=Status.SCHEDULED, **expired)  # appeared, then expired: unpublished
    draft(status=Status.UNPUBLISHED)

    client.force_login(editor)
    page = client.get(reverse("admin:index")).content.decode()

    counts = dict(re.findall(r'data-status="(\w+)"><dt>[^<]*</dt><dd><a [^>]*>(\d+)</a></dd>', page))
    assert counts == {"draft": "2", "review": "1", "scheduled": "1", "published": "2", "unpublished": "2"}


def test_each_count_opens_the_list_of_those_stories_as_the_desk_counted_them(client):
    editor = factories.editor()
    now = timezone.now()
    factories.article(headline="Scheduled for tomorrow", status=Status.SCHEDULED, published_at=now + DAY)
    factories.article(headline="Its time has come", status=Status.SCHEDULED, published_at=now - HOUR)
    factories.article(headline="Out since yesterday")
    draft(headline="Still a draft")
    client.force_login(editor)
    page = client.get(reverse("admin:index")).content.decode()

    (link,) = re.findall(r'data-status="published"><dt>[^<]*</dt><dd><a href="([^"]+)"', page)
    listed = client.get(html.unescape(link)).content.decode()

    assert "Its time has come" in listed and "Out since yesterday" in listed  # the two the desk counted
    assert "Scheduled for tomorrow" not in listed and "Still a draft" not in listed


def test_reporter_counts_only_their_own_stories(client):
    ana = factories.reporter()
    draft(created_by=ana)
    draft()  # someone else's
    factories.article()  # someone else's, published

    client.force_login(ana)
    page = client.get(reverse("admin:index")).content.decode()

    counts = dict(re.findall(r'data-status="(\w+)"><dt>[^<]*</dt><dd><a [^>]*>(\d+)</a></dd>', page))
    assert counts["draft"] == "1" and counts["published"] == "0"


def test_recently_published_and_corrections_link_to_the_story_form(client):
    editor = factories.editor()
    published = factories.article(headline="Bridge reopens")
    factories.correction(published, text="The bridge is 40 metres long, not 400.")

    sections = desk(client, editor)

    assert "Bridge reopens" in sections["desk-published"]["text"]
    assert change_url(published) in sections["desk-published"]["links"]
    assert "40 metres long" in sections["desk-corrections"]["text"]
    assert change_url(published) in sections["desk-corrections"]["links"]
    response = client.get(sections["desk-published"]["links"][0])
    assert response.status_code == 200 and b"Bridge reopens" in response.content


def test_times_on_the_desk_are_day_first_with_a_24_hour_clock_like_the_schedules(client):
    # English's short format wrote "03/05/2026 2:07 p.m.", which a newsroom in Skopje reads as 3 May.
    at = timezone.make_aware(datetime.datetime(2026, 3, 5, 14, 7))
    factories.article(headline="Bridge reopens", published_at=at)

    published = desk(client, factories.editor())["desk-published"]["text"]

    assert "5 Mar 2026, 14:07" in published and "p.m." not in published


def test_reporter_does_not_see_corrections_of_other_stories(client):
    ana = factories.reporter()
    factories.correction(factories.article(), text="Someone else's mistake.")

    assert "Someone else's mistake" not in desk(client, ana)["desk-corrections"]["text"]


def test_the_admin_app_list_is_still_on_the_home_page(client):
    client.force_login(factories.editor())
    page = client.get(reverse("admin:index")).content.decode()
    assert page.index('id="desk"') < page.index('id="content-main"')
    assert reverse("admin:articles_article_changelist") in page


def test_membership_staff_see_no_desk(client):
    client.force_login(factories.user(group="Membership staff"))
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="desk"' not in page


def test_desk_is_in_the_staff_members_language(client):
    client.force_login(factories.reporter())
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="mk").content.decode()
    assert "Мои нацрти" in page and "Чекаат преглед" in page
    assert "My drafts" not in page and "Waiting for review" not in page


def make_stories(count, editor, reporter):
    now = timezone.now()
    for number in range(count):
        draft(created_by=editor)
        draft(created_by=reporter, status=Status.IN_REVIEW)
        factories.article(status=Status.SCHEDULED, published_at=now + (number + 1) * HOUR)
        factories.correction(factories.article())


def queries_for_desk(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:index")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["editor", "reporter"])
def test_desk_query_count_does_not_grow_with_the_number_of_stories(client, role):
    # Guards against an N+1 in any list: a section, an author or a correction's story fetched per line.
    editor, reporter = factories.editor(), factories.reporter()
    user = editor if role == "editor" else reporter
    make_stories(1, editor, reporter)
    few = queries_for_desk(client, user)
    make_stories(8, editor, reporter)
    many = queries_for_desk(client, user)
    assert many == few
