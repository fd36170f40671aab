"""Sums of money as people type them: "300,50" and "300.50" are both 300.50, in every language; thousands
may be grouped the page's language's way ("1.000,50" in Macedonian and Albanian, "1,000.50" in English), or
with spaces.

What could be read two ways is refused with a message, never guessed: a single separator before three digits
groups thousands only where the language groups with it ("1.000" is 1000 in Macedonian, "1,000" in English)
and is refused where it is the decimal separator ("1,000" in Macedonian, "1.000" in English). A form field of
its own rather than Django's `localize=True`, which takes only the language's decimal separator and, with
thousands separators on, reads "300.50" in Macedonian as 30050.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import numberformat
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _

SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")  # also the no-break and thin spaces that grouping uses
AMOUNT = re.compile(r"\d(?:[\d., ]*\d)?")  # digits and separators, a digit at each end


def plain_decimal(text):
    """`text`, an amount as typed, as "1234.56" (what Decimal reads), or None when it is not a number that
    reads one way only."""
    text = SPACES.sub(" ", text.strip())
    sign = ""
    if text[:1] in ("+", "-"):
        sign, text = text[0], text[1:].lstrip()
    if not AMOUNT.fullmatch(text):
        return None
    integer, fraction = text, ""
    separators = [character for character in text if character in ".,"]
    if separators:
        last = separators[-1]
        digits_after = len(text) - text.rfind(last) - 1
        if separators.count(last) > 1:
            decimal = None  # "1.000.000": the same separator more than once groups thousands
        elif len(set(separators)) == 2:
            decimal = last  # "1.000,50", "1,000.50": the last one, once, is the decimal separator
        elif digits_after == 3:
            if last != get_format("THOUSAND_SEPARATOR"):
                return None  # "1,000" in Macedonian, "1.000" in English: a thousand, or one?
            decimal = None  # "1.000" is one thousand in Macedonian and Albanian, "1,000" in English
        else:
            decimal = last  # "300,50", "300.50"
        if decimal:
            integer, fraction = text.rsplit(decimal, 1)
    group = {character for character in integer if not character.isdigit()}
    if len(group) > 1 or not fraction.isdigit() and fraction:
        return None
    if group and not re.fullmatch(rf"[1-9]\d{{0,2}}(?:{re.escape(group.pop())}\d{{3}})+", integer):
        return None
    return sign + re.sub(r"\D", "", integer) + (f".{fraction}" if fraction else "")


class AmountField(forms.DecimalField):
    """A DecimalField for money that reads a decimal comma or point and thousands grouped the page's
    language's way, shown in a text box (a number box refuses a comma in some browsers)."""

    default_error_messages = {
        "invalid": _(
            "Enter the amount in digits, with a comma or a point before the cents only, e.g. %(whole)s or "
            "%(cents)s."
        ),
        # Not Django's codes min_value and max_value: Django gives a model validator's error the field's
        # message of the same code, with the validator's parameters (limit_value), not these.
        "too_small": _("Enter an amount of at least %(min)s."),
        "too_large": _("Enter an amount of at most %(max)s."),
        "cents": _("Enter at most two digits for the cents, e.g. %(cents)s."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)
        self.widget.is_localized = True  # a value shown again is written the page's way: "300,50"

    def to_python(self, value):
        if isinstance(value, str) and value.strip() not in self.empty_values:
            plain = plain_decimal(value)
            if plain is None:
                raise ValidationError(self.invalid_message(), code="invalid")
            value = plain
        return super().to_python(value)

    def invalid_message(self):
        """What an amount that is not one, or reads two ways, is told; also the live summary's words for it."""
        return self.error_messages["invalid"] % {
            "whole": "1500",
            "cents": number_format(Decimal("1500.50"), 2),
        }

    def too_small_message(self):
        """What an amount below the field's smallest is told; also the form's live summary's words for one."""
        return self.error_messages["too_small"] % {"min": _written(self.min_value)}

    def too_large_message(self):
        """What an amount above the field's largest is told; also the form's live summary's words for one."""
        return self.error_messages["too_large"] % {"max": _written(self.max_value)}

    def run_validators(self, value):
        # One sentence in the form's voice with the limit written the page's way ("at most 1.000.000"), where
        # Django's validators gave two at once for one big number ("less than or equal to 1000000", "no more
        # than 12 digits") and wrote the limit with a decimal point on a Macedonian page. The limit that was
        # passed only: "from 0,01 to 1.000.000" told a reader who typed two million MKD of a smallest amount
        # that MKD does not have (the join form tells the currency's own: membership.forms).
        if value in self.empty_values:
            return
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(self.too_small_message(), code="too_small")
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(self.too_large_message(), code="too_large")
        if self.decimal_places is not None and -value.as_tuple().exponent > self.decimal_places:
            raise ValidationError(
                self.error_messages["cents"],
                code="cents",
                params={"cents": number_format(Decimal("1500.50"), 2)},
            )
        super().run_validators(value)


def _written(amount):
    """An amount limit as the page's language writes it, cents only where there are some: "0,01", "1.000.000"."""
    return written_amount(amount, 0 if amount == amount.to_integral_value() else 2)


def written_amount(amount, decimal_pos=None):
    """`amount` as the active language writes money: "15.000" or "1.500,50" in mk and sq, "15,000" in en.
    Grouped in threes where the language's format names a thousands separator but no grouping (Django's
    Albanian: `number_format(force_grouping=True)` wrote "15000" there; membership.amounts)."""
    return numberformat.format(
        Decimal(amount),
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos,
        grouping=get_format("NUMBER_GROUPING") or 3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
