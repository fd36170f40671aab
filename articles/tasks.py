"""Queue tasks (django-tasks, database backend): sending the emails owed to staff about their stories, and
fetching a video story's poster (articles.video_poster).

Each email is plain text in the recipient's language (the one they last worked in on the desk, else the
site's), with the absolute address of the story's page in the admin. A failed delivery (SMTP down, refused)
is not lost: the task records the error and enqueues itself again with a growing delay, up to
EMAIL_MAX_ATTEMPTS. The `StoryNotification` row, locked while sending, makes a second run send nothing.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from articles import video_poster
from articles.models import StaffLanguage, StoryNotification
from newsroom.site_url import absolute_url

logger = logging.getLogger(__name__)

EMAIL_MAX_ATTEMPTS = 12  # 1, 2, 4 ... minutes, then every six hours: about two days of trying
MAX_DELAY = datetime.timedelta(hours=6)


def retry_delay(attempts: int) -> datetime.timedelta:
    return min(datetime.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_DELAY)


def language_of(user):
    """The language `user` last worked in on the desk, else the site's."""
    remembered = StaffLanguage.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    return remembered if remembered in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def build_message(notification) -> EmailMessage:
    recipient, article, by = notification.recipient, notification.article, notification.changed_by
    with translation.override(language_of(recipient)):
        context = {
            "article": article,
            "recipient": recipient,
            "by": (by.get_full_name() or by.get_username()) if by is not None else "",
            "note": notification.note,
            "site_name": settings.SITE_NAME,
            "story_url": absolute_url(reverse("admin:articles_article_change", args=[article.pk])),
        }
        template = f"articles/email/{notification.kind}"
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[recipient.email])


@task()
def send_story_notification(notification_id: int) -> str:
    # Sending is recorded with update(), not save(): a saved row of the articles app would tell the page
    # cache that public content changed (newsroom.pagecache), and an email changes no page.
    with transaction.atomic():
        notification = (
            StoryNotification.objects.select_for_update(of=("self",))
            .select_related("recipient", "article", "changed_by")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.sent_at or notification.gave_up:
            return "nothing to send"
        owed = StoryNotification.objects.filter(pk=notification.pk)
        if not (notification.recipient.is_active and notification.recipient.email):
            owed.update(gave_up=True, last_error="No address, or the account is closed")
            return "no address"
        attempts = notification.attempts + 1
        try:
            build_message(notification).send()
        except (OSError, smtplib.SMTPException) as error:
            gave_up = attempts >= EMAIL_MAX_ATTEMPTS
            owed.update(
                attempts=attempts, last_error=f"{error.__class__.__name__}: {error}"[:300], gave_up=gave_up
            )
            logger.warning(
                "Story email %s not sent (attempt %s): %s",
                notification.pk,
                attempts,
                error.__class__.__name__,
            )
            if gave_up:
                return "gave up"
            run_after = timezone.now() + retry_delay(attempts)
            transaction.on_commit(
                lambda: send_story_notification.using(run_after=run_after).enqueue(notification_id)
            )
            return "retry"
        owed.update(attempts=attempts, sent_at=timezone.now(), last_error="")
        return "sent"


@task()
def fetch_video_poster(article_id: int, video_url: str) -> str:
    # Not retried: a failed fetch leaves the story without a poster, and its next save tries again.
    return video_poster.fetch_poster(article_id, video_url)


def fetch_poster_when_missing(sender, instance, **kwargs):
    """post_save of a story (connected in articles.apps): a story with a video but no still of it gets one
    fetched once the save commits. `robust`: a queue that cannot take the task is logged, and the saved
    story stays saved."""
    if instance.video_url and instance.video_poster_of != instance.video_url:
        article_id, video_url = instance.pk, instance.video_url
        transaction.on_commit(lambda: fetch_video_poster.enqueue(article_id, video_url), robust=True)
