"""ISO 20022 CAMT.053 (bank to customer statement), versions 001.02 to 001.13.

No maintained Python package reads CAMT.053 into entries (pycamt's last release is from 2020), so this reads
the few elements reconciliation needs with lxml, by local name, since each version has its own namespace.
The parser is hardened: no DTD, no entities, no network, no huge trees; a file that declares a DTD is
refused rather than read, as no bank sends one.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from lxml import etree

from membership.statements.entries import StatementEntry, StatementError, compact_account

NAMESPACE_PREFIX = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."

_parser = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
)


def read(data: bytes) -> list[StatementEntry]:
    try:
        root = etree.fromstring(data, parser=_parser)
    except etree.XMLSyntaxError as error:
        raise StatementError(
            _("This is not a readable XML file (%(error)s).") % {"error": error.msg}
        ) from None
    if root.getroottree().docinfo.internalDTD is not None or root.getroottree().docinfo.doctype:
        raise StatementError(
            _("The file declares a document type; bank statements do not. Nothing was imported.")
        )
    namespace = etree.QName(root).namespace or ""
    if not namespace.startswith(NAMESPACE_PREFIX) or etree.QName(root).localname != "Document":
        raise StatementError(
            _("This XML file is not a CAMT.053 bank statement (its namespace is %(namespace)s).")
            % {"namespace": namespace or "-"}
        )
    entries = []
    for statement in _all(root, "BkToCstmrStmt", "Stmt"):
        account = compact_account(
            _text(statement, "Acct", "Id", "IBAN") or _text(statement, "Acct", "Id", "Othr", "Id")
        )
        for entry in _all(statement, "Ntry"):
            entries.extend(_entry_lines(entry, account))
    return entries


def _entry_lines(entry, account):
    """One line per transaction of the entry (a batch booking holds several), or the entry itself."""
    sign = {"CRDT": 1, "DBIT": -1}.get(_text(entry, "CdtDbtInd"))
    if sign is None:
        raise StatementError(_("An entry says neither credit nor debit (CdtDbtInd)."))
    if (_text(entry, "RvslInd") or "").lower() == "true":
        sign = -sign  # a reversal undoes an earlier entry: money in becomes money out
    booked = _text(entry, "BookgDt", "Dt") or (_text(entry, "BookgDt", "DtTm") or "")[:10]
    try:
        booked_on = datetime.date.fromisoformat(booked)
    except ValueError:
        raise StatementError(_("An entry has no readable booking date (BookgDt).")) from None
    entry_amount, currency = _amount(_first(entry, "Amt"))
    entry_reference = _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef") or ""
    details = _all(entry, "NtryDtls", "TxDtls")
    lines = []
    for position, transaction in enumerate(details or [None]):
        amount, line_currency = entry_amount, currency
        if transaction is not None and len(details) > 1:
            found = _first(transaction, "AmtDtls", "TxAmt", "Amt") or _first(transaction, "Amt")
            if found is None:
                raise StatementError(_("A batch entry's transaction has no amount."))
            amount, line_currency = _amount(found)
        scope = transaction if transaction is not None else entry
        reference = _text(scope, "Refs", "AcctSvcrRef") or (
            f"{entry_reference}/{position + 1}" if len(details) > 1 else entry_reference
        )
        texts = [
            *(element.text or "" for element in _all(scope, "RmtInf", "Ustrd")),
            *(element.text or "" for element in _all(scope, "RmtInf", "Strd", "CdtrRefInf", "Ref")),
            _text(entry, "AddtlNtryInf") or "",
        ]
        debtor = _first(scope, "RltdPties", "Dbtr")
        lines.append(
            StatementEntry(
                booked_on=booked_on,
                amount=sign * amount,
                currency=line_currency,
                text=" ".join(text.strip() for text in texts if text and text.strip()),
                counterparty=(_text(debtor, "Nm") or _text(debtor, "Pty", "Nm") or "")
                if debtor is not None
                else "",
                counterparty_iban=_text(scope, "RltdPties", "DbtrAcct", "Id", "IBAN") or "",
                bank_reference=reference,
                account=account,
            )
        )
    return lines


def _amount(element):
    if element is None:
        raise StatementError(_("An entry has no amount (Amt)."))
    try:
        amount = Decimal((element.text or "").strip())
        if not amount.is_finite():  # "NaN" is a Decimal, and comparing it with zero below raises
            raise InvalidOperation
    except InvalidOperation:
        raise StatementError(_("An amount is not a number: %(value)s") % {"value": element.text}) from None
    currency = element.get("Ccy", "")
    if amount <= 0 or len(currency) != 3:
        raise StatementError(_("An amount must be positive and name its currency (Ccy)."))
    return amount, currency.upper()


def _all(element, *path):
    found = [element]
    for name in path:
        found = [
            child
            for parent in found
            for child in parent
            if isinstance(child.tag, str) and etree.QName(child).localname == name  # not comments
        ]
    return found


def _first(element, *path):
    found = _all(element, *path) if element is not None else []
    return found[0] if found else None


def _text(element, *path):
    found = _first(element, *path)
    return found.text.strip() if found is not None and found.text else None
