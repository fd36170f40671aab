"""Structured payment references: ISO 11649 "RF" creditor references.

A reference is "RF", two check digits and up to 21 letters or digits. Banks validate the check digits,
so a reader's typing mistake is caught at their bank rather than becoming an unmatched payment.
"""

import secrets

from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

# Nine random digits give a billion references: collisions are rare and the unique constraint on
# Member.payment_reference catches the rest. Random, not sequential, so a reference does not tell
# readers how many members there are.
BODY_DIGITS = 9


def rf_check_digits(body: str) -> str:
    """The two check digits for `body` (letters and digits, spaces ignored)."""
    return mod_97_10.calc_check_digits(iso11649.compact(body) + "RF")


def rf_reference(body: str) -> str:
    """The full creditor reference for `body`, e.g. '539007547034' → 'RF18539007547034'."""
    body = iso11649.compact(body)
    if not body.isalnum() or not 1 <= len(body) <= 21:
        raise ValueError("An RF reference body is 1 to 21 letters or digits.")
    return f"RF{rf_check_digits(body)}{body}"


def is_valid_rf_reference(reference: str) -> bool:
    return iso11649.is_valid(reference)


def format_rf_reference(reference: str) -> str:
    """Groups of four, the way banks print it: 'RF18 5390 0754 7034'."""
    return iso11649.format(reference)


def new_rf_reference() -> str:
    body = "".join(secrets.choice("0123456789") for _ in range(BODY_DIGITS))
    return rf_reference(body)
