"""Amounts of money as membership writes them: one way per language, the way the join form reads them.

A language's amounts are grouped in threes with its THOUSAND_SEPARATOR and take its DECIMAL_SEPARATOR
(Django's formats and newsroom.formats): "15.000 MKD" and "1.500,50 MKD" in Macedonian and Albanian,
"15,000 MKD" in English. The same two separators decide how a typed amount is read (newsroom.formats.amounts:
"1.000" is a thousand in Macedonian and Albanian and refused in English), and the join form's live summary
(static/js/membership.js) is handed them by the page (`amount_separators`), so the tier prices, the summary,
the emails and what a reader types all agree. Django's Albanian format names "." as its thousands separator
but no NUMBER_GROUPING, so `number_format(force_grouping=True)` wrote "15000 MKD" there while the summary
wrote "15.000 MKD"; a language without a grouping of its own is grouped in threes here.
"""

from decimal import Decimal

from django.utils.formats import get_format

from newsroom.formats.amounts import written_amount

__all__ = ["amount_separators", "written_amount", "written_price"]


def written_price(amount):
    """An amount named to a reader (a price, a pledge, a currency's smallest): cents only where there are
    some, so "50", "15.000" and "2,50" in Macedonian, where `written_amount` alone wrote "50,00"."""
    amount = Decimal(amount)
    return written_amount(amount, decimal_pos=0 if amount == amount.to_integral_value() else 2)


def amount_separators():
    """The active language's decimal and thousands separators, for the form's script."""
    return {"decimal": get_format("DECIMAL_SEPARATOR"), "thousands": get_format("THOUSAND_SEPARATOR")}
