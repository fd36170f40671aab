"""Signing up: the reader's pledge and consents, the single-use form token, the confirmation email and
the confirmed address. A member's payment reference is drawn at random; one already taken is drawn again."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from membership.models import (
    ConsentRecord,
    ConsentText,
    Currency,
    Member,
    Notification,
    Status,
    StatusChange,
    Tier,
    UsedFormToken,
    normalize_email,
)
from membership.references import new_rf_reference
from membership.services.records import notification_queue, status_change_record
from membership.tokens import FormToken

Kind = Notification.Kind


@dataclass(frozen=True)
class Pledge:
    amount: Decimal
    currency: Currency
    frequency: str
    tier: Tier | None = None


class FormTokenUsed(Exception):
    """The sign-up form carrying this token has signed someone up already."""


def form_token_spend(*, token: FormToken, at: datetime.datetime | None = None) -> None:
    """Record that the form carrying `token` signed someone up; FormTokenUsed if it had already.

    The INSERT decides, under the primary key on the nonce: a sign-up sent twice at once from two workers
    finds the other's row (PostgreSQL makes the second wait for the first to commit or roll back). Rows of
    tokens too old for the form to accept are deleted on the way.
    """
    if not token.nonce:  # signed before tokens had one: the form asks for a fresh one before this
        raise FormTokenUsed
    at = at or timezone.now()
    try:
        with transaction.atomic():
            UsedFormToken.objects.create(nonce=token.nonce, issued_at=token.issued_at, used_at=at)
    except IntegrityError:
        raise FormTokenUsed from None
    too_old = at - datetime.timedelta(seconds=settings.MEMBERSHIP_FORM_MAX_AGE)
    UsedFormToken.objects.filter(issued_at__lt=too_old).delete()


def member_sign_up(
    *,
    email: str,
    name: str,
    country: str,
    pledge: Pledge,
    privacy_text: ConsentText,
    newsletter_text: ConsentText | None,
    newsletter: bool,
    channel: str,
    language: str = "en",
    at: datetime.datetime | None = None,
    form_token: FormToken | None = None,
) -> Member:
    """Create a pending member, or update the pledge of the same email's pending one.

    With `form_token`, the form that sent the sign-up: it is spent in the same transaction, so a sign-up
    that fails leaves it usable, and a second sign-up with it raises FormTokenUsed and writes nothing.

    The same address never becomes two members: a unique index on the normalized email refuses the second
    INSERT (PostgreSQL makes parallel identical submissions wait for the first to commit), and the repeat
    then takes the row lock of the existing member. A repeat within MEMBERSHIP_CONFIRMATION_RESEND_AFTER
    sends no second email, so double clicks give one email. A member who is confirmed, active or lapsed
    keeps their pledge: a sign-up form is no way to change it for someone else's address. The caller shows
    the same page in every case.
    """
    at = at or timezone.now()
    email = normalize_email(email)
    details = {
        "name": name,
        "country": country,
        "amount": pledge.amount,
        "currency": pledge.currency,
        "frequency": pledge.frequency,
        "tier": pledge.tier,
        "newsletter": newsletter,
        "language": language,
    }
    consents = {
        "privacy_text": privacy_text,
        "newsletter_text": newsletter_text,
        "channel": channel,
        "at": at,
    }
    if form_token is None:
        return _member_sign_up(email=email, details=details, consents=consents)
    with transaction.atomic():
        form_token_spend(token=form_token, at=at)
        return _member_sign_up(email=email, details=details, consents=consents)


def _member_sign_up(*, email, details, consents):
    at, channel, newsletter = consents["at"], consents["channel"], details["newsletter"]
    for _attempt in range(10):
        # New addresses are the usual case: insert first, in one transaction with everything a sign-up
        # writes, rather than look the address up and then insert.
        member = Member(email=email, created_at=at, confirmation_sent_at=at, **details)
        member.payment_reference = new_rf_reference()
        try:
            with transaction.atomic():
                member.save(force_insert=True)
                StatusChange.objects.create(
                    member=member,
                    from_status="",
                    to_status=Status.PENDING,
                    actor="reader",
                    at=at,
                    note=channel,
                )
                _record_consents(member, newsletter=newsletter, **consents)
                notification_queue(member=member, kind=Kind.CONFIRM)
            return member
        except IntegrityError:
            existing = _member_sign_up_again(email=email, details=details, consents=consents)
            if existing is not None:
                return existing
            if not Member.objects.filter(payment_reference=member.payment_reference).exists():
                raise
            # Another member has that reference: try a new one.
    raise IntegrityError("No free payment reference found.")


@transaction.atomic
def _member_sign_up_again(*, email, details, consents):
    """The sign-up of an address that is a member already, under its row lock; None if it is not one."""
    member = Member.objects.select_for_update().with_email(email).first()
    if member is None:
        return None
    at, channel = consents["at"], consents["channel"]
    if member.status == Status.CANCELLED:
        # Coming back after cancelling is a new pledge that needs a new confirmation.
        status_change_record(member=member, to_status=Status.PENDING, actor="reader", note=channel, at=at)
    elif member.status != Status.PENDING:
        return member
    for field, value in details.items():
        setattr(member, field, value)
    _record_consents(member, newsletter=details["newsletter"], **consents)
    resend_after = datetime.timedelta(seconds=settings.MEMBERSHIP_CONFIRMATION_RESEND_AFTER)
    if member.confirmation_sent_at is None or at - member.confirmation_sent_at >= resend_after:
        member.confirmation_sent_at = at
        notification_queue(member=member, kind=Kind.CONFIRM)
    member.save()
    return member


def _record_consents(member, *, privacy_text, newsletter_text, newsletter, channel, at):
    """The consents exactly as the reader saw them: one row per text version, in one INSERT."""
    records = [ConsentRecord(member=member, consent_text=privacy_text, given=True, at=at, channel=channel)]
    if newsletter_text is not None:
        records.append(
            ConsentRecord(
                member=member, consent_text=newsletter_text, given=newsletter, at=at, channel=channel
            )
        )
    ConsentRecord.objects.bulk_create(records)


@transaction.atomic
def member_resend_confirmation(*, member: Member, by=None) -> bool:
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != Status.PENDING or member.erased_at:
        return False
    member.confirmation_sent_at = timezone.now()
    member.save(update_fields=["confirmation_sent_at"])
    notification_queue(member=member, kind=Kind.CONFIRM)
    return True


@transaction.atomic
def member_confirm(*, member: Member, at=None) -> Member:
    """The reader confirmed their address (a POST from the link's page): now awaiting payment."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != Status.PENDING:
        return member  # confirming twice is harmless and sends nothing
    at = at or timezone.now()
    status_change_record(member=member, to_status=Status.CONFIRMED, actor="reader", at=at)
    member.confirmed_at = at
    member.save()
    notification_queue(member=member, kind=Kind.PAYMENT_DETAILS)
    return member
