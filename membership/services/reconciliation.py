"""Bank statements in: each credit line matched by its RF reference to a member's pledge and recorded as a
payment; a line seen before (the same statement imported twice, or overlapping statements) is recognised
by its fingerprint and recorded nothing; what cannot be matched waits for staff in the reconciliation queue.

A whole file is read before anything is written (a broken file records nothing) and recorded in one
transaction; the fingerprint's unique constraint is what makes two imports at the same moment record a line
once.
"""

import hashlib
import re
from collections import Counter

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from stdnum import iban, iso11649

from membership.models import Currency, Member, Payment, StatementImport, StatementLine
from membership.services.payments import payment_record
from membership.statements import StatementError, read_statement

Line = StatementLine.Status

# "RF" and two check digits, then up to 21 letters or digits, as people type them: spaced in fours, or not.
_RF_START = re.compile(r"RF\s?(\d\s?\d)", re.IGNORECASE)


def rf_references_in(text: str) -> list[str]:
    """The valid RF creditor references the free text may hold, compact and in capitals.

    Tolerant of spaces and case, and of words after the reference ("rf18 5390 0754 7034 thank you", or a
    bank's line break inside a word): every run of the characters that follow whose check digits hold is a
    candidate, longest first; matching keeps those that are a member's reference.
    """
    found = []
    for start in _RF_START.finditer(text):
        following = re.match(r"[0-9A-Za-z ]{0,60}", text[start.end() :]).group(0)
        characters = following.replace(" ", "").upper()[:21]
        check = start.group(1).replace(" ", "")
        for length in range(len(characters), 0, -1):
            candidate = f"RF{check}{characters[:length]}"
            if iso11649.is_valid(candidate) and candidate not in found:
                found.append(candidate)
    return found


def statement_import(
    data: bytes, *, file_name: str, file_format: str, csv_format=None, by=None
) -> StatementImport:
    """Read and record a statement file; returns the import with its report. Raises StatementError (nothing
    recorded) for a file that cannot be read or is not for one of our accounts."""
    entries = read_statement(data, kind=file_format, csv_format=csv_format)
    accounts = {entry.account for entry in entries if entry.account}
    ours = set(Currency.objects.exclude(iban="").values_list("iban", flat=True))
    strangers = sorted(
        account for account in accounts if iban.is_valid(account) and ours and account not in ours
    )
    if strangers:
        raise StatementError(
            _(
                "This statement is of account %(account)s, which is not one of the accounts under Currencies and bank accounts. Nothing was imported."
            )
            % {"account": iban.format(strangers[0])}
        )
    with transaction.atomic():
        record = StatementImport.objects.create(
            file_name=file_name[:255],
            file_format=file_format,
            csv_format=csv_format,
            account=", ".join(sorted(accounts))[:42],
            imported_by=by,
        )
        seen = Counter()
        report = []
        for number, entry in enumerate(entries, start=1):
            row = {
                "line": number,
                "booked_on": entry.booked_on.isoformat(),
                "amount": str(entry.amount),
                "currency": entry.currency,
                "text": entry.text[:140],
            }
            if not entry.is_credit:
                record.not_credits += 1
                report.append({**row, "outcome": "money out", "reason": "money_out"})
                continue
            identity = _identity(entry)
            seen[identity] += 1
            fingerprint = hashlib.sha256(f"{identity}|#{seen[identity]}".encode()).hexdigest()
            line = _line_record(record, entry, fingerprint, by)
            if line is None:
                record.already_known += 1
                report.append({**row, "outcome": "already known", "reason": "imported_before"})
                continue
            if line.status == Line.MATCHED:
                record.matched += 1
            elif line.status == Line.REFUSED:
                record.refused += 1
            else:
                record.unmatched += 1
            report.append(
                {
                    **row,
                    "outcome": line.status,
                    "reason": line.reason,
                    "reason_params": line.reason_params,
                    "line_id": line.pk,
                }
            )
        record.report = report
        record.save()
    return record


def _identity(entry):
    """What makes a line the same line in another file: the bank's own reference when it gives one, else
    what the line says (with the count of identical lines before it, so that two equal payments on one day
    stay two)."""
    if entry.bank_reference:
        return f"{entry.account}|ref|{entry.bank_reference}"
    return "|".join(
        [
            entry.account,
            entry.booked_on.isoformat(),
            str(entry.amount),
            entry.currency,
            entry.text,
            entry.counterparty,
        ]
    )


def _line_record(record, entry, fingerprint, by):
    """The stored line, matched and paid when it can be; None when a line with this fingerprint exists."""
    if StatementLine.objects.filter(fingerprint=fingerprint).exists():
        return None
    status, (reason, reason_params), member = _match(entry)
    try:
        with transaction.atomic():  # a savepoint: another import may store the same line at this moment
            line = StatementLine.objects.create(
                statement_import=record,
                fingerprint=fingerprint,
                booked_on=entry.booked_on,
                amount=entry.amount,
                currency=entry.currency,
                text=entry.text,
                counterparty=entry.counterparty[:200],
                counterparty_iban=entry.counterparty_iban[:42],
                bank_reference=entry.bank_reference[:100],
                status=status,
                reason=reason,
                reason_params=reason_params,
                member=member,
            )
            if status == Line.MATCHED:
                _pay(line, member, by=by)
    except IntegrityError:
        if StatementLine.objects.filter(fingerprint=fingerprint).exists():
            return None
        raise
    return line


def _match(entry):
    """(status, (reason, its values), member) for a credit line, by the RF references in its text. The reason is
    a code of IMPORT_REASONS, worded when read (membership.models.statements.import_reason)."""
    if not entry.payer_account_is_readable:
        return Line.REFUSED, ("unreadable_account", {"account": entry.counterparty_iban[:42]}), None
    references = rf_references_in(entry.text)
    if not references:
        return Line.UNMATCHED, ("no_reference", {}), None
    members = list(Member.objects.filter(payment_reference__in=references).select_related("currency"))
    if not members:
        return Line.UNMATCHED, ("unknown_reference", {"reference": references[0]}), None
    if len(members) > 1:
        return Line.AMBIGUOUS, ("several_members", {"count": len(members)}), None
    member = members[0]
    if member.erased_at:
        return Line.REFUSED, ("member_erased", {}), member
    if entry.currency != member.currency_id:
        return (
            Line.REFUSED,
            ("other_currency", {"paid": entry.currency, "pledged": member.currency_id}),
            member,
        )
    if entry.amount != member.amount:
        amounts = {"paid": str(entry.amount), "pledged": str(member.amount)}
        return Line.UNMATCHED, ("other_amount", amounts), member
    return Line.MATCHED, ("", {}), member


def _pay(line, member, *, by):
    line.payment = payment_record(
        member=member,
        amount=line.amount,
        currency=Currency.objects.get(pk=line.currency),
        paid_on=line.booked_on,
        method=Payment.Method.BANK_TRANSFER,
        reference=member.payment_reference,
        note=_("Bank statement, line of %(date)s") % {"date": line.booked_on.isoformat()},
        by=by,
    )
    line.member = member
    line.save(update_fields=["payment", "member"])


@transaction.atomic
def statement_line_match(line: StatementLine, *, member: Member, by) -> StatementLine:
    """Staff match a waiting line to a member by hand: the payment is recorded as for a matched line."""
    line = StatementLine.objects.select_for_update().get(pk=line.pk)
    if line.status not in StatementLine.WAITING:
        raise ValueError(_("This line was already dealt with."))
    if member.erased_at:
        raise ValueError(_("This member was erased; record no new payments."))
    if not Currency.objects.filter(pk=line.currency).exists():
        raise ValueError(_("%(currency)s is not a currency we take.") % {"currency": line.currency})
    _pay(line, member, by=by)
    line.status = Line.MATCHED_BY_STAFF
    line.reason, line.reason_params = "", {}
    line.save(update_fields=["status", "reason", "reason_params"])
    return line


@transaction.atomic
def statement_line_dismiss(line: StatementLine, *, note: str) -> StatementLine:
    """Staff say a waiting line is not a membership payment (a donation, a refund): it leaves the queue."""
    line = StatementLine.objects.select_for_update().get(pk=line.pk)
    if line.status not in StatementLine.WAITING:
        raise ValueError(_("This line was already dealt with."))
    line.status = Line.DISMISSED
    line.reason, line.reason_params = note[:300], {}
    line.save(update_fields=["status", "reason", "reason_params"])
    return line
