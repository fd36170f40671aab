"""SWIFT MT940 statements, read with the maintained `mt-940` package (import name `mt940`)."""

import datetime

import mt940
from django.utils.translation import gettext as _

from membership.statements.entries import StatementEntry, StatementError, compact_account


def read(data: bytes) -> list[StatementEntry]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # older MT940 exports are in a single-byte code page
    if ":61:" not in text or ":20:" not in text:
        raise StatementError(_("This is not an MT940 statement (no :20: or :61: fields)."))
    statement = mt940.models.Transactions()
    try:
        statement.parse(text)
    except Exception as error:  # the package raises bare ones for broken fields  # noqa: BLE001
        raise StatementError(_("The MT940 file cannot be read: %(error)s") % {"error": error}) from None
    account = compact_account((statement.data.get("account_identification") or "").split("/")[-1])
    entries = []
    for transaction in statement:
        data = transaction.data
        amount = data.get("amount")
        if amount is None or data.get("date") is None:
            raise StatementError(_("An MT940 line has no amount or date."))
        bank_reference = data.get("bank_reference") or ""
        if not bank_reference and data.get("customer_reference") not in (None, "", "NONREF"):
            bank_reference = data["customer_reference"]
        entries.append(
            StatementEntry(
                booked_on=datetime.date(data["date"].year, data["date"].month, data["date"].day),
                amount=amount.amount,
                currency=(amount.currency or data.get("currency") or "").upper(),
                text=" ".join(
                    (data.get(field) or "").replace("\n", " ").strip()
                    for field in ("transaction_details", "extra_details")
                ).strip(),
                bank_reference=bank_reference,
                account=account,
            )
        )
    return entries
