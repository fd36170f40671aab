"""Write 'lapsed' into the history of members whose paid period has ended. Safe to run at any time."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from membership.models import Member
from membership.services import members_lapse


class Command(BaseCommand):
    help = "Mark active members whose paid period has ended as lapsed (idempotent; run daily from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count who would lapse.")

    def handle(self, *, dry_run, **options):
        today = timezone.localdate()
        if dry_run:
            count = Member.objects.due_to_lapse(today=today).count()
            self.stdout.write(f"{count} member(s) would lapse.")
            return
        count = members_lapse(today=today)
        self.stdout.write(f"{count} member(s) lapsed.")
