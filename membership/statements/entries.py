"""A statement's lines as the readers give them back, and the one error they raise."""

import dataclasses
import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from stdnum import iban

# A month of a small outlet's account is a few hundred KB in any format; far larger is a wrong or hostile file.
MAX_STATEMENT_BYTES = 5 * 1024 * 1024


class StatementError(ValueError):
    """The file cannot be read as a statement; the message says why, for the person who uploaded it."""


@dataclasses.dataclass(frozen=True)
class StatementEntry:
    booked_on: datetime.date
    amount: Decimal  # positive: money in (a credit); negative: money out
    currency: str
    text: str  # the remittance information and any structured reference, as the bank gives them
    counterparty: str = ""
    counterparty_iban: str = ""
    bank_reference: str = ""  # the bank's own id for the entry, when it gives one
    account: str = ""  # the statement's account (our account), compact

    @property
    def is_credit(self):
        return self.amount > 0


def compact_account(value):
    """An IBAN without spaces and in capitals; another account number as written, trimmed."""
    value = (value or "").strip()
    return iban.compact(value) if iban.is_valid(value) else value


def read_statement(data: bytes, *, kind: str, csv_format=None) -> list[StatementEntry]:
    """The entries of a statement file of `kind` ("camt053", "mt940" or "csv", with `csv_format`, the bank's
    saved column mapping). Raises StatementError for a file that is too big, of another format, or broken."""
    from membership.statements import bank_csv, camt053, swift_mt940

    if len(data) > MAX_STATEMENT_BYTES:
        raise StatementError(
            _("The file is larger than %(limit)d MB: it is not a statement we can read.")
            % {"limit": MAX_STATEMENT_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise StatementError(_("The file is empty."))
    if kind == "camt053":
        entries = camt053.read(data)
    elif kind == "mt940":
        entries = swift_mt940.read(data)
    elif kind == "csv":
        if csv_format is None:
            raise StatementError(_("Choose the bank's CSV format to read a CSV statement."))
        entries = bank_csv.read(data, csv_format)
    else:
        raise StatementError(_("Unknown statement format."))
    if not entries:
        raise StatementError(_("The file holds no statement lines."))
    for entry in entries:
        if entry.counterparty_iban and not iban.is_valid(entry.counterparty_iban):
            raise StatementError(
                _("Line of %(date)s: %(iban)s is not a valid IBAN; is this the bank's original file?")
                % {"date": entry.booked_on.isoformat(), "iban": entry.counterparty_iban}
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
