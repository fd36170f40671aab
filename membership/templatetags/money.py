"""Money as the page's (or the email's) language writes it: `{{ payment.amount|money:payment.currency_id }}`
is "1,500.00 MKD" in English and "1.500,00 MKD" in Macedonian and Albanian (newsroom.formats)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def money(amount, currency_code):
    if amount in (None, ""):
        return ""
    # Always two decimals: a receipt for 1.500 looks like one and a half in English.
    shown = number_format(Decimal(amount), decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{shown}\N{NO-BREAK SPACE}{currency_code}"
