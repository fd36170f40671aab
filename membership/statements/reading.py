"""Which reader reads a statement file, and the checks every statement passes whatever its format."""

from decimal import Decimal

from django.utils.translation import gettext as _

from membership.statements.bank_csv import read as read_bank_csv
from membership.statements.camt053 import read as read_camt053
from membership.statements.entries import MAX_STATEMENT_BYTES, StatementEntry, StatementError
from membership.statements.swift_mt940 import read as read_mt940

# A statement line's amount is stored with cents and at most 10 digits before them (max_digits=12): a file
# with more is not a bank's, and storing it failed the database (PostgreSQL) or rounded it away (SQLite).
LARGEST_AMOUNT = Decimal("9999999999.99")


def read_statement(data: bytes, *, kind: str, csv_format=None) -> list[StatementEntry]:
    """The entries of a statement file of `kind` ("camt053", "mt940" or "csv", with `csv_format`, the bank's
    saved column mapping). Raises StatementError for a file that is too big, of another format, or broken."""
    if len(data) > MAX_STATEMENT_BYTES:
        raise StatementError(
            _("The file is larger than %(limit)d MB: it is not a statement we can read.")
            % {"limit": MAX_STATEMENT_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise StatementError(_("The file is empty."))
    if kind == "camt053":
        entries = read_camt053(data)
    elif kind == "mt940":
        entries = read_mt940(data)
    elif kind == "csv":
        if csv_format is None:
            raise StatementError(_("Choose the bank's CSV format to read a CSV statement."))
        entries = read_bank_csv(data, csv_format)
    else:
        raise StatementError(_("Unknown statement format."))
    if not entries:
        raise StatementError(_("The file holds no statement lines."))
    # A payer's account that is neither an IBAN nor a domestic number refuses its line only, in the
    # reconciliation: it refused the whole file, a month's payments held up by one line staff can set aside.
    for entry in entries:
        if not _is_amount_in_cents(entry.amount):
            raise StatementError(
                _(
                    "Line of %(date)s: %(amount)s is not an amount a bank writes (cents at most, and at most 10 digits before them); is this the bank's original file?"
                )
                % {"date": entry.booked_on.isoformat(), "amount": entry.amount}
            )
    references = [entry.bank_reference for entry in entries if entry.bank_reference]
    repeated = {reference for reference in references if references.count(reference) > 1}
    if repeated:
        raise StatementError(
            _(
                "The bank's entry reference %(reference)s appears more than once in this file: it is not a statement as the bank wrote it."
            )
            % {"reference": sorted(repeated)[0]}
        )
    return entries


def _is_amount_in_cents(amount: Decimal) -> bool:
    # The size first: quantizing a number of hundreds of digits raises.
    return amount.is_finite() and abs(amount) <= LARGEST_AMOUNT and amount == amount.quantize(Decimal("0.01"))
