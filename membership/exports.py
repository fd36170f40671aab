"""What staff and readers take away about members: a reader's own data (their data request, as JSON), and
the members staff select, as a CSV file for a spreadsheet."""

import csv

from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from membership.models import Frequency, Member, Status

# The member's fields the columns hold, named in the staff member's language (None: the last payment's date).
CSV_FIELDS = [
    "name", "email", "country", "status", "tier", "amount", "currency", "frequency", "created_at",
    "confirmed_at", "paid_until", None, "newsletter", "payment_reference",
]  # fmt: skip


def csv_headings():
    return [
        capfirst(str(Member._meta.get_field(name).verbose_name if name else _("last payment")))
        for name in CSV_FIELDS
    ]


def csv_safe(value):
    """Spreadsheets run cells that start with = + - @ as formulas; a leading quote keeps them text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def members_csv(members, file):
    """Write `members` to `file` as CSV, one row each under `csv_headings()`. Each member carries
    `current` (its status today: MemberQuerySet.with_current_status) and `last_paid_on` (the date of its
    last payment).

    Written for a spreadsheet program set to the active language, as staff open it with a double click:
    headings, statuses, frequencies and countries in words of that language; amounts with its decimal
    separator; and, where that separator is a comma (Macedonian, Albanian), columns separated by
    semicolons, which is what Excel expects there (a comma-separated file opened as one column of text).
    Times are local, to the minute: UTC with microseconds put a late-evening sign-up on the next day.
    """
    decimal_separator = formats.get_format("DECIMAL_SEPARATOR")
    file.write("\ufeff")  # so spreadsheet programs read UTF-8 names correctly
    writer = csv.writer(file, delimiter=";" if decimal_separator == "," else ",")
    writer.writerow(csv_headings())

    def local_time(moment):
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""

    for member in members:
        writer.writerow(
            [
                csv_safe(value)
                for value in [
                    member.name, member.email, member.country.name if member.country else "",
                    Status(member.current).label, member.tier.name if member.tier else "",
                    str(member.amount).replace(".", decimal_separator), member.currency_id,
                    Frequency(member.frequency).label, local_time(member.created_at),
                    local_time(member.confirmed_at), member.paid_until or "", member.last_paid_on or "",
                    _("Yes") if member.newsletter else _("No"), member.payment_reference,
                ]
            ]
        )  # fmt: skip


def member_export_data(member: Member) -> dict:
    """Everything stored about `member`, for a reader's data request."""
    return {
        "name": member.name,
        "email": member.email,
        "country": str(member.country.code or ""),
        "language": member.language,
        "status": member.current_status(),
        "tier": member.tier.name if member.tier else None,
        "amount": str(member.amount),
        "currency": member.currency_id,
        "frequency": member.frequency,
        "payment_reference": member.payment_reference,
        "newsletter": member.newsletter,
        "signed_up": member.created_at.isoformat(),
        "email_confirmed": member.confirmed_at.isoformat() if member.confirmed_at else None,
        "paid_until": member.paid_until.isoformat() if member.paid_until else None,
        "status_history": [
            {"from": change.from_status, "to": change.to_status, "at": change.at.isoformat()}
            for change in member.status_changes.all()
        ],
        "payments": [
            {
                "amount": str(payment.amount),
                "currency": payment.currency_id,
                "paid_on": payment.paid_on.isoformat(),
                "covers_until": payment.period_end.isoformat(),
            }
            for payment in member.payments.all()
        ],
        "consents": [
            {
                "kind": record.consent_text.kind,
                "version": record.consent_text.version,
                "text": record.consent_text.text,
                "given": record.given,
                "at": record.at.isoformat(),
                "channel": record.channel,
            }
            for record in member.consents.select_related("consent_text")
        ],
    }
