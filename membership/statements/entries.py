"""A statement's lines as the readers give them back, and the one error they raise."""

import dataclasses
import datetime
import re
from decimal import Decimal

from stdnum import iban

# A month of a small outlet's account is a few hundred KB in any format; far larger is a wrong or hostile file.
MAX_STATEMENT_BYTES = 5 * 1024 * 1024

# A North Macedonian account number as local banks write it in their own exports, where other countries' banks
# write an IBAN: 15 digits (the bank's 3, the account's 10, 2 check digits), often as 300-0000001234-56. The
# check digits are not verified: the payer's account is only shown to staff (a payment is matched by its RF
# reference), and a good account refused on a slip of ours would hold up a member's payment.
_DOMESTIC_ACCOUNT = re.compile(r"\d{15}")


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

    @property
    def payer_account_is_readable(self):
        """No payer's account, or one a bank writes: an IBAN or a domestic account number."""
        return not self.counterparty_iban or is_account_number(self.counterparty_iban)


def compact_account(value):
    """An IBAN without spaces and in capitals; a domestic account number as its 15 digits; another account
    number as written, trimmed."""
    value = (value or "").strip()
    if iban.is_valid(value):
        return iban.compact(value)
    digits = re.sub(r"[\s-]", "", value)
    return digits if _DOMESTIC_ACCOUNT.fullmatch(digits) else value


def is_account_number(value):
    """Whether `value` (compact) is an account number a bank writes: a valid IBAN or a domestic number."""
    return iban.is_valid(value) or bool(_DOMESTIC_ACCOUNT.fullmatch(value))
