"""Money as the page's (or the email's) language writes it: `{{ payment.amount|money:payment.currency_id }}`
is "1,500.00 MKD" in English and "1.500,00 MKD" in Macedonian and Albanian (membership.amounts)."""

from decimal import Decimal

from django import template

from membership.amounts import written_amount

register = template.Library()


@register.filter
def money(amount, currency_code):
    if amount in (None, ""):
        return ""
    # Always two decimals: a receipt for 1.500 looks like one and a half in English.
    shown = written_amount(Decimal(amount), decimal_pos=2)
    return f"{shown}\N{NO-BREAK SPACE}{currency_code}"
