"""Membership's data, one idea a module:

- pledges.py: what a reader can pledge (currencies with their bank accounts, tiers and prices, frequencies)
  and the rule a pledge keeps;
- members.py: members and their status history;
- payments.py: payments and the periods they pay for;
- consents.py: the consent texts and the consents given or withdrawn;
- notifications.py: the emails owed to members;
- form_tokens.py: the sign-up form's spent single-use tokens;
- appeals.py: the reader appeal at the end of every story;
- statements.py: bank statements imported, their credit lines and how each was reconciled;
- card.py: the events a card payment provider sent us, each applied once.

Everything is importable from `membership.models`, as Django expects of an app's models.
"""

from membership.models.appeals import ReaderAppeal, ReaderAppealQuerySet
from membership.models.card import ProviderEvent
from membership.models.consents import ConsentRecord, ConsentText
from membership.models.form_tokens import UsedFormToken
from membership.models.members import (
    Member,
    MemberQuerySet,
    Status,
    StatusChange,
    normalize_email,
    validate_no_invisible_characters,
)
from membership.models.notifications import Notification
from membership.models.payments import Payment, add_months
from membership.models.pledges import (
    MAX_AMOUNT,
    Currency,
    Frequency,
    Tier,
    TierPrice,
    TierQuerySet,
    iban_validator,
    validate_pledge,
)
from membership.models.statements import BankCsvFormat, StatementImport, StatementLine

__all__ = [
    "MAX_AMOUNT",
    "BankCsvFormat",
    "StatementImport",
    "StatementLine",
    "ConsentRecord",
    "ConsentText",
    "Currency",
    "Frequency",
    "Member",
    "MemberQuerySet",
    "Notification",
    "Payment",
    "ProviderEvent",
    "ReaderAppeal",
    "ReaderAppealQuerySet",
    "Status",
    "StatusChange",
    "Tier",
    "TierPrice",
    "TierQuerySet",
    "UsedFormToken",
    "add_months",
    "iban_validator",
    "normalize_email",
    "validate_no_invisible_characters",
    "validate_pledge",
]
