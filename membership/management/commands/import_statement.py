"""Import a bank statement file from the command line (or a bank's scheduled download), as the admin's upload does."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from membership import services
from membership.models import BankCsvFormat, StatementImport
from membership.models.statements import import_reason
from membership.statements import StatementError

SUFFIXES = {".xml": "camt053", ".sta": "mt940", ".mt940": "mt940", ".940": "mt940", ".csv": "csv"}


class Command(BaseCommand):
    help = "Import a bank statement (CAMT.053, MT940 or CSV) and reconcile its credit lines with members' pledges."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--format", choices=StatementImport.Format.values, help="Default: from the file's suffix."
        )
        parser.add_argument("--csv-format", help="The name of the bank's saved CSV format (for CSV files).")

    def handle(self, *, path, format, csv_format, **options):
        file_format = format or SUFFIXES.get(path.suffix.lower())
        if file_format is None:
            raise CommandError(f"Cannot tell the format of {path.name}: give --format.")
        bank = None
        if csv_format:
            bank = BankCsvFormat.objects.filter(name=csv_format).first()
            if bank is None:
                raise CommandError(f"No saved CSV format is called {csv_format!r}.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            record = services.statement_import(
                data, file_name=path.name, file_format=file_format, csv_format=bank
            )
        except StatementError as error:
            raise CommandError(f"{path.name}: {error} Nothing was imported.") from None
        self.stdout.write(
            f"{path.name}: {record.matched} matched, {record.already_known} already imported, "
            f"{record.unmatched} waiting for staff, {record.refused} refused, {record.not_credits} money out."
        )
        for row in record.report:
            if row["outcome"] not in ("matched", "already known", "money out"):
                self.stdout.write(
                    f"  line {row['line']}: {row['amount']} {row['currency']} {row['outcome']}: {import_reason(row['reason'], row.get('reason_params'))}"
                )
