"""What staff and readers take away about members: a reader's own data (their data request, as JSON), and
the members staff select, as a CSV file for a spreadsheet."""

import csv

from membership.models import Member

CSV_COLUMNS = [
    "name", "email", "country", "status", "tier", "amount", "currency", "frequency", "signed_up",
    "confirmed", "paid_until", "last_payment", "newsletter", "payment_reference",
]  # fmt: skip


def csv_safe(value):
    """Spreadsheets run cells that start with = + - @ as formulas; a leading quote keeps them text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def members_csv(members, file):
    """Write `members` to `file` as CSV, one row each under CSV_COLUMNS. Each member carries `current` (its
    status today: MemberQuerySet.with_current_status) and `last_paid_on` (the date of its last payment)."""
    file.write("\ufeff")  # so spreadsheet programs read UTF-8 names correctly
    writer = csv.writer(file)
    writer.writerow(CSV_COLUMNS)
    for member in members:
        writer.writerow(
            [
                csv_safe(value)
                for value in [
                    member.name, member.email, member.country.code, member.current,
                    member.tier.name if member.tier else "", member.amount, member.currency_id,
                    member.frequency, member.created_at.isoformat(),
                    member.confirmed_at.isoformat() if member.confirmed_at else "",
                    member.paid_until or "", member.last_paid_on or "", member.newsletter,
                    member.payment_reference,
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
