"""A statement's lines as the readers give them back, and the one error they raise."""

import dataclasses
import datetime
from decimal import Decimal

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
