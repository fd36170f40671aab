"""Membership writes with side effects: sign up, confirm, record a payment, lapse, cancel, staff edits,
erase.

Each runs in one transaction that also writes the status history and the emails owed (`Notification`
rows) with their queue tasks (the database queue's rows commit with them; another queue is handed the task
on commit), so nothing is sent for a change that was rolled back, and `membership_send_emails`
re-enqueues any email whose task was lost.
"""

import datetime
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from membership.models import (
    ConsentRecord,
    ConsentText,
    Currency,
    Frequency,
    Member,
    Notification,
    Payment,
    Status,
    StatusChange,
    Tier,
    UsedFormToken,
    add_months,
    normalize_email,
    validate_pledge,
)
from membership.references import new_rf_reference
from membership.tokens import FormToken

Kind = Notification.Kind


@dataclass(frozen=True)
class Pledge:
    amount: Decimal
    currency: Currency
    frequency: str
    tier: Tier | None = None


def _record_status(*, member, to_status, actor, by=None, note="", at=None):
    StatusChange.objects.create(
        member=member,
        from_status=member.status,
        to_status=to_status,
        actor=actor,
        by=by,
        note=note,
        at=at or timezone.now(),
    )
    member.status = to_status


def notification_queue(*, member, kind):
    """Owe `member` an email of `kind`; the queue sends it once the transaction has committed.

    With the database queue in the same database, the task row is written in this very transaction: it
    commits or rolls back with the change that caused the email, and costs no commit of its own. Any other
    queue is handed the task only after the commit.
    """
    from membership.tasks import send_notification

    notification = Notification.objects.create(member=member, kind=kind)
    if _queue_is_in_the_transaction(send_notification):
        send_notification.enqueue(notification.pk)
    else:
        transaction.on_commit(lambda: send_notification.enqueue(notification.pk))
    return notification


def _queue_is_in_the_transaction(task):
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    return isinstance(task.get_backend(), DatabaseBackend) and router.db_for_write(
        DBTaskResult
    ) == router.db_for_write(Notification)


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
        _record_status(member=member, to_status=Status.PENDING, actor="reader", note=channel, at=at)
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
    _record_status(member=member, to_status=Status.CONFIRMED, actor="reader", at=at)
    member.confirmed_at = at
    member.save()
    notification_queue(member=member, kind=Kind.PAYMENT_DETAILS)
    return member


@transaction.atomic
def payment_record(
    *,
    member: Member,
    amount: Decimal,
    currency: Currency,
    paid_on: datetime.date,
    method: str = Payment.Method.BANK_TRANSFER,
    reference: str = "",
    note: str = "",
    by=None,
    notify: bool = True,
) -> Payment:
    """Record money received; the membership is active until the end of the period it pays for.

    A payment made while the membership is still paid for extends it from its current end, so paying
    early never loses days; otherwise the period starts on the day of payment.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    covered_to = member.paid_until
    start = covered_to + datetime.timedelta(days=1) if covered_to and covered_to >= paid_on else paid_on
    end = add_months(start, Frequency(member.frequency).months) - datetime.timedelta(days=1)
    payment = Payment.objects.create(
        member=member,
        amount=amount,
        currency=currency,
        paid_on=paid_on,
        method=method,
        reference=reference,
        note=note,
        period_start=start,
        period_end=end,
        recorded_by=by,
    )
    if member.status == Status.ACTIVE and member.current_status(today=paid_on) == Status.LAPSED:
        # The lapse happened before this payment, even if no command has written it yet.
        _record_status(member=member, to_status=Status.LAPSED, actor="system", note="Lapsed before payment")
    member.paid_until = end
    if member.status != Status.ACTIVE:
        _record_status(
            member=member,
            to_status=Status.ACTIVE,
            actor="staff" if by else "system",
            by=by,
            note=f"Payment {amount} {currency.code} on {paid_on.isoformat()}",
        )
    member.save()
    if notify and not member.erased_at:
        notification_queue(member=member, kind=Kind.PAYMENT_RECEIVED)
    return payment


def members_lapse(*, today=None, actor="membership_lapse") -> int:
    """Write 'lapsed' into the history of every active member whose paid period has ended.

    Safe to run at any time and as often as wanted: a member is lapsed once, under a row lock.
    """
    today = today or timezone.localdate()
    count = 0
    for pk in Member.objects.due_to_lapse(today=today).values_list("pk", flat=True):
        with transaction.atomic():
            member = Member.objects.select_for_update().filter(pk=pk).first()
            if member is None or member.current_status(today=today) != Status.LAPSED:
                continue
            _record_status(
                member=member,
                to_status=Status.LAPSED,
                actor=actor,
                note=f"Paid until {member.paid_until.isoformat()}",
            )
            member.save(update_fields=["status"])
            count += 1
    return count


@transaction.atomic
def member_cancel(*, member: Member, by=None, actor="reader", notify=True) -> Member:
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status == Status.CANCELLED:
        return member
    _record_status(member=member, to_status=Status.CANCELLED, actor=actor, by=by)
    member.cancelled_at = timezone.now()
    member.save()
    if notify and member.email:
        notification_queue(member=member, kind=Kind.CANCELLED)
    return member


@transaction.atomic
def member_set_newsletter(
    *, member: Member, subscribed: bool, channel=ConsentRecord.Channel.MANAGE_PAGE, by=None
) -> Member:
    member = Member.objects.select_for_update().get(pk=member.pk)
    _record_newsletter_consent(member, subscribed=subscribed, channel=channel, by=by)
    _history_names(member, by)
    member.save(update_fields=["newsletter"])
    return member


def _record_newsletter_consent(member, *, subscribed, channel, by=None):
    """The newsletter consent given or withdrawn, against the text in the member's language, naming the
    staff member `by` when staff recorded it."""
    text = ConsentText.current(ConsentText.Kind.NEWSLETTER, member.language)
    if text is not None:
        ConsentRecord.objects.create(
            member=member, consent_text=text, given=subscribed, channel=channel, recorded_by=by
        )
    member.newsletter = subscribed


def _history_names(member, by):
    """The member's next history row names `by`; without one, whoever is signed in to the request
    (simple_history's middleware), or no one."""
    if by is not None:
        member._history_user = by


PLEDGE_FIELDS = ("tier", "amount", "currency", "frequency")
STAFF_EDITABLE_FIELDS = ("name", "email", "country", "language", "newsletter", *PLEDGE_FIELDS)


@transaction.atomic
def member_edit(*, member: Member, by, changes: dict) -> Member:
    """Staff change a member's details or pledge (the fields in `changes`, by name).

    A changed pledge must keep the rule the public form keeps (`validate_pledge`); a changed newsletter
    box is a consent given or withdrawn, recorded as one naming `by`; the edit is a row of the member's
    history naming `by`. An erased member's data cannot come back this way. Raises ValidationError.
    """
    unknown = set(changes) - set(STAFF_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not changed by staff this way: {', '.join(sorted(unknown))}")
    member = Member.objects.select_for_update().get(pk=member.pk)
    changes = {field: value for field, value in changes.items() if getattr(member, field) != value}
    if not changes:
        return member
    if member.erased_at:
        raise ValidationError(_("This member was erased; their record cannot be changed."), code="erased")
    if "newsletter" in changes:
        _record_newsletter_consent(
            member, subscribed=changes.pop("newsletter"), channel=ConsentRecord.Channel.STAFF, by=by
        )
    for field, value in changes.items():
        setattr(member, field, value)
    if set(changes) & set(PLEDGE_FIELDS):
        validate_pledge(
            amount=member.amount, currency=member.currency, frequency=member.frequency, tier=member.tier
        )
    _history_names(member, by)
    member.save()
    return member


@transaction.atomic
def member_request_manage_link(*, email: str) -> None:
    """Email a fresh management link if the address is a member; silently nothing otherwise."""
    member = Member.objects.not_erased().with_email(email).first()
    if member is not None:
        notification_queue(member=member, kind=Kind.MANAGE_LINK)


ERASED = "[erased]"


@transaction.atomic
def member_erase(*, member: Member, by) -> Member:
    """Remove the personal data; keep the payments (the books need them) and the anonymous history.

    Gone with it: the name and the addresses the member ever had from every row of the member's history,
    from the admin's change log (its entries for the member and what belongs to them, and any entry naming
    one of the addresses), from payment references, and the free-text payment notes altogether.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.erased_at:
        return member
    traces = _personal_traces(member)
    if member.status != Status.CANCELLED:
        _record_status(member=member, to_status=Status.CANCELLED, actor="staff", by=by, note="Erased")
        member.cancelled_at = timezone.now()
    StatusChange.objects.create(
        member=member, from_status=member.status, to_status=member.status, actor="staff", by=by,
        note="Personal data erased",
    )  # fmt: skip
    member.email = None
    member.name = ""
    member.country = ""
    member.newsletter = False
    member.erased_at = timezone.now()
    _history_names(member, by)
    member.save()
    member.history.update(name="", email=None, country="")
    member.notifications.filter(sent_at__isnull=True).update(gave_up=True, last_error="Member erased")
    for notification in member.notifications.exclude(last_error=""):
        notification.last_error = _without(notification.last_error, traces)
        notification.save(update_fields=["last_error"])
    for payment in member.payments.all():
        payment.note, payment.reference = "", _payment_reference_erased(payment.reference, member, traces)
        payment.save(update_fields=["note", "reference"])
    _erase_from_admin_log(member, traces)
    return member


# Macedonian Cyrillic in the Latin letters a bank statement prints for it (ASCII; ѓ, ќ, ж, ч, ш as the
# banks write them), so that "ANA PETROVSKA" is found as well as "Ана Петровска".
LATIN_LETTERS = str.maketrans(
    {
        **dict(zip("абвгдезијклмнопрстуфхц", "abvgdezijklmnoprstufhc", strict=True)),
        "ѓ": "gj", "ж": "zh", "ѕ": "dz", "љ": "lj", "њ": "nj", "ќ": "kj", "ч": "ch", "џ": "dzh", "ш": "sh",
    }
)  # fmt: skip


def _personal_traces(member):
    """The texts that name `member`: the names and addresses they ever had, each word of a name, and the
    names in Latin letters."""
    names, emails = {member.name}, {member.email}
    for name, email in member.history.values_list("name", "email"):
        names.add(name)
        emails.add(email)
    names = {name for name in names if name}
    names |= {name.lower().translate(LATIN_LETTERS) for name in names}
    words = {word for name in names for word in re.findall(r"\w{3,}", name)}
    return sorted((names | emails | words) - {"", None}, key=len, reverse=True)


def _payment_reference_erased(reference, member, traces):
    """A payment's reference with nothing personal: the member's payment reference if the payer used it
    (what matches the payment to the bank statement), else the reference without the member's names."""
    if member.payment_reference in re.sub(r"\s", "", reference).upper():
        return member.payment_reference
    return _without(reference, traces)


def _without(text, traces):
    """`text` with each of `traces`, in any case and in JSON's escaped spelling too, replaced by ERASED
    where it stands as a word of its own ("Ana", not the "ana" in "banana")."""
    for trace in traces:
        for spelling in {trace, json.dumps(trace)[1:-1]}:
            text = re.sub(rf"(?<!\w){re.escape(spelling)}(?!\w)", ERASED, text, flags=re.IGNORECASE)
    return text


def _without_in_json(data, traces):
    if isinstance(data, str):
        return _without(data, traces)
    if isinstance(data, list):
        return [_without_in_json(item, traces) for item in data]
    if isinstance(data, dict):
        return {key: _without_in_json(value, traces) for key, value in data.items()}
    return data


def _erase_from_admin_log(member, traces):
    """The admin's change log without `member`'s name and addresses: the member's own entries name the
    erased member instead, and the entries of what belongs to them, or naming one of the addresses
    anywhere, have those texts replaced."""
    belongings = {
        Member: [member.pk],
        Payment: list(member.payments.values_list("pk", flat=True)),
        ConsentRecord: list(member.consents.values_list("pk", flat=True)),
        StatusChange: list(member.status_changes.values_list("pk", flat=True)),
        Notification: list(member.notifications.values_list("pk", flat=True)),
    }
    types = ContentType.objects.get_for_models(*belongings)
    related = Q(pk__in=[])
    for model, pks in belongings.items():
        related |= Q(content_type=types[model], object_id__in=[str(pk) for pk in pks])
    naming = Q(pk__in=[])
    for trace in traces:
        if "@" in trace:  # an address names one person wherever it appears; a name need not
            for spelling in {trace, json.dumps(trace)[1:-1]}:
                naming |= Q(object_repr__icontains=spelling) | Q(change_message__icontains=spelling)
    member_type, erased_repr = types[Member], str(member)[:200]
    for entry in LogEntry.objects.filter(related | naming):
        own = entry.content_type_id == member_type.pk and entry.object_id == str(member.pk)
        entry.object_repr = erased_repr if own else _without(entry.object_repr, traces)[:200]
        try:
            entry.change_message = json.dumps(_without_in_json(json.loads(entry.change_message), traces))
        except ValueError:
            entry.change_message = _without(entry.change_message, traces)
        entry.save(update_fields=["object_repr", "change_message"])


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
