"""A bank's CSV export, read through the column mapping staff saved for that bank (BankCsvFormat)."""

import csv
import datetime
import io
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from membership.statements.entries import StatementEntry, StatementError, compact_account


def read(data: bytes, csv_format) -> list[StatementEntry]:
    try:
        text = data.decode(csv_format.encoding or "utf-8-sig")
    except LookupError:  # a format saved before its encoding was checked (BankCsvFormat.clean)
        raise StatementError(
            _(
                "The %(bank)s format names the encoding “%(encoding)s”, which does not exist: correct the format."
            )
            % {"encoding": csv_format.encoding, "bank": csv_format.name}
        ) from None
    except UnicodeDecodeError:
        raise StatementError(
            _("The file is not in %(encoding)s, as the %(bank)s format says.")
            % {"encoding": csv_format.encoding, "bank": csv_format.name}
        ) from None
    text = text.removeprefix("\ufeff")
    rows = csv.DictReader(io.StringIO(text), delimiter=csv_format.delimiter)
    needed = [csv_format.date_column, csv_format.amount_column, csv_format.text_column]
    missing = [column for column in needed if column not in (rows.fieldnames or [])]
    if missing:
        raise StatementError(
            _(
                "The file has no column %(columns)s, which the %(bank)s format reads. Is it that bank's export?"
            )
            % {"columns": ", ".join(f"“{column}”" for column in missing), "bank": csv_format.name}
        )
    entries = []
    try:
        for number, row in enumerate(rows, start=2):
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue
            entries.append(_entry(row, number, csv_format))
    except csv.Error as error:
        raise StatementError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
    return entries


def _entry(row, number, csv_format):
    def column(name):
        return (row.get(name) or "").strip() if name else ""

    try:
        booked_on = datetime.datetime.strptime(column(csv_format.date_column), csv_format.date_format).date()  # noqa: DTZ007 (a date)
    except ValueError:
        raise StatementError(
            _("Line %(line)d: “%(value)s” is not a date in the form %(format)s.")
            % {"line": number, "value": column(csv_format.date_column), "format": csv_format.date_format}
        ) from None
    raw_amount = column(csv_format.amount_column).replace(" ", "").replace("\u00a0", "")
    if csv_format.decimal_comma:
        raw_amount = raw_amount.replace(".", "").replace(",", ".")
    else:
        raw_amount = raw_amount.replace(",", "")
    try:
        amount = Decimal(raw_amount)
        if not amount.is_finite():  # "NaN" is a Decimal, and comparing it with zero raises
            raise InvalidOperation
    except InvalidOperation:
        raise StatementError(
            _("Line %(line)d: “%(value)s” is not an amount.")
            % {"line": number, "value": column(csv_format.amount_column)}
        ) from None
    written = column(csv_format.currency_column) or csv_format.currency_id or ""
    if not written:
        raise StatementError(_("Line %(line)d has no currency.") % {"line": number})
    currency = written.upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):  # a currency code is three letters (ISO 4217)
        raise StatementError(
            _("Line %(line)d: the currency “%(currency)s” is not one we take.")
            % {"line": number, "currency": written}
        )
    return StatementEntry(
        booked_on=booked_on,
        amount=amount,
        currency=currency,
        text=column(csv_format.text_column),
        counterparty=column(csv_format.counterparty_column),
        counterparty_iban=compact_account(column(csv_format.iban_column)) if csv_format.iban_column else "",
        bank_reference=column(csv_format.reference_column),
        account=compact_account(csv_format.account),
    )
