"""Put back on the queue any membership email that is owed but whose queue task went missing.

The database queue's task row commits with the sign-up; should a task row be pruned or deleted, or another
queue lose a task handed to it on commit, the email is still owed in `Notification`. Sending is idempotent, so
re-enqueueing one that is also still queued sends it once.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from membership.models import Notification
from membership.tasks import send_notification


class Command(BaseCommand):
    help = "Re-enqueue membership emails that are owed and older than --older-than minutes."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=60, help="Minutes since queued (default 60).")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *, older_than, dry_run, **options):
        cutoff = timezone.now() - datetime.timedelta(minutes=older_than)
        owed = Notification.objects.filter(sent_at__isnull=True, gave_up=False, created_at__lte=cutoff)
        ids = list(owed.values_list("pk", flat=True))
        if not dry_run:
            for pk in ids:
                send_notification.enqueue(pk)
        self.stdout.write(f"{len(ids)} email(s) {'would be ' if dry_run else ''}re-enqueued.")
