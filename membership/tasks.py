"""Queue tasks (django-tasks, database backend): sending the emails owed to members.

A failed delivery (SMTP down, refused) is not lost: the task records the error and enqueues itself again
with a growing delay, up to MEMBERSHIP_EMAIL_MAX_ATTEMPTS. The `Notification` row, locked while sending,
makes a second run of the same task send nothing.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from membership.emails import build_message
from membership.models import Notification

logger = logging.getLogger(__name__)

MAX_DELAY = datetime.timedelta(hours=6)


def retry_delay(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8 … minutes, never more than six hours."""
    return min(datetime.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_DELAY)


@task()
def send_notification(notification_id: int) -> str:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("member__currency")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.sent_at or notification.gave_up:
            return "nothing to send"
        if not notification.member.email:
            notification.gave_up = True
            notification.last_error = "No address (erased)"
            notification.save(update_fields=["gave_up", "last_error"])
            return "no address"
        try:
            build_message(notification).send()
        except (OSError, smtplib.SMTPException) as error:
            notification.attempts += 1
            notification.last_error = f"{error.__class__.__name__}: {error}"[:300]
            notification.gave_up = notification.attempts >= settings.MEMBERSHIP_EMAIL_MAX_ATTEMPTS
            notification.save(update_fields=["attempts", "last_error", "gave_up"])
            logger.warning(
                "Membership email %s not sent (attempt %s): %s",
                notification.pk,
                notification.attempts,
                error.__class__.__name__,
            )
            if notification.gave_up:
                return "gave up"
            run_after = timezone.now() + retry_delay(notification.attempts)
            transaction.on_commit(
                lambda: send_notification.using(run_after=run_after).enqueue(notification_id)
            )
            return "retry"
        notification.attempts += 1
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["attempts", "sent_at", "last_error"])
        return "sent"
