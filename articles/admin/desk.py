"""The editorial desk: what the admin's home page shows a staff member before the list of the admin's parts.

Their own drafts, the stories waiting for review, the next seven days of scheduled stories by day, the
stories published and the corrections made lately, and how many stories are in each state; each story one
click from its form. Everything starts from `Article.objects.visible_to(user)`, so a reporter sees their own
stories only. A fixed number of queries whatever the number of stories: one per list and one for the counts.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from articles.roles import is_editor, is_reporter

LIST_LENGTH = 10  # stories a list of the desk shows; the list of stories holds them all
SCHEDULE_DAYS = 7
SCHEDULE_LENGTH = 50


@dataclass
class ScheduledDay:
    day: datetime.date
    stories: list


@dataclass
class Desk:
    is_editor: bool
    my_drafts: list = field(default_factory=list)
    in_review: list = field(default_factory=list)
    # ScheduledDays, soonest first; days without stories are left out.
    schedule: list = field(default_factory=list)
    recently_published: list = field(default_factory=list)
    corrections: list = field(default_factory=list)
    counts: list = field(default_factory=list)  # (status, label, count) in the workflow's order
    changelist_url: str = ""


def desk_for(user, *, at=None):
    """The desk `user` sees at `at` (now by default), or None when they have no part in the desk (readers,
    membership staff): their admin home page stays Django's list of its parts."""
    if not (is_editor(user) or is_reporter(user)):
        return None
    at = at or timezone.now()
    visible = Article.objects.visible_to(user)
    stories = visible.for_desk()
    scheduled = list(
        stories.scheduled_between(at, at + datetime.timedelta(days=SCHEDULE_DAYS))[:SCHEDULE_LENGTH]
    )
    counts = visible.count_by_state(at)
    changelist_url = reverse("admin:articles_article_changelist")
    desk = Desk(
        is_editor=is_editor(user),
        my_drafts=with_links(stories.owned_by(user).drafts().order_by("-modified_at")[:LIST_LENGTH]),
        in_review=with_links(stories.in_review().order_by("modified_at")[:LIST_LENGTH]),
        schedule=[
            ScheduledDay(day, list(day_stories))
            for day, day_stories in groupby(
                with_links(scheduled), key=lambda story: timezone.localdate(story.published_at)
            )
        ],
        recently_published=with_links(stories.published(at).order_by("-published_at", "-pk")[:LIST_LENGTH]),
        corrections=list(
            Correction.objects.filter(article__in=visible.values("pk"))
            .select_related("article")
            .only("id", "text", "corrected_at", "article__id", "article__headline")
            .order_by("-corrected_at", "-pk")[:LIST_LENGTH]
        ),
        counts=[(status, status.label, counts[status]) for status in Article.Status],
        changelist_url=changelist_url,
    )
    for correction in desk.corrections:
        correction.article.change_url = change_url(correction.article)
    return desk


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def with_links(stories):
    """The stories as a list, each with `change_url`, the address of its form in the admin."""
    stories = list(stories)
    for story in stories:
        story.change_url = change_url(story)
    return stories
