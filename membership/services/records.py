"""What every membership write records besides the change itself: a line of the member's status history,
the emails it owes them, and the name the member's history gives the change."""

from django.db import router, transaction
from django.utils import timezone

from membership.models import Notification, StatusChange


def status_change_record(*, member, to_status, actor, by=None, note="", at=None):
    """A line of `member`'s status history, from their status to `to_status`, which they now have (the
    caller saves the member)."""
    StatusChange.objects.create(
        member=member,
        from_status=member.status,
        to_status=to_status,
        actor=actor,
        by=by,
        note=note,
        at=at or timezone.now(),
    )
    member.status = to_status


def notification_queue(*, member, kind, payment=None, year=None):
    """Owe `member` an email of `kind` (about `payment`, a receipt's, or `year`, a statement's); the queue
    sends it once the transaction has committed.

    With the database queue in the same database, the task row is written in this very transaction: it
    commits or rolls back with the change that caused the email, and costs no commit of its own. Any other
    queue is handed the task only after the commit.
    """
    from membership.tasks import send_notification

    notification = Notification.objects.create(member=member, kind=kind, payment=payment, year=year)
    if _queue_is_in_the_transaction(send_notification):
        send_notification.enqueue(notification.pk)
    else:
        transaction.on_commit(lambda: send_notification.enqueue(notification.pk))
    return notification


def _queue_is_in_the_transaction(task):
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    return isinstance(task.get_backend(), DatabaseBackend) and router.db_for_write(
        DBTaskResult
    ) == router.db_for_write(Notification)


def history_names(member, by):
    """The member's next history row names `by`; without one, whoever is signed in to the request
    (simple_history's middleware), or no one."""
    if by is not None:
        member._history_user = by
