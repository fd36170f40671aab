"""Erasing a member's personal data: from the member, their history, their payments' notes and references,
their emails' errors and the admin's change log. The payments stay: the books need them.

A recurring card pledge is cancelled at the card provider before anything is erased, and the provider's
record of the person (Stripe's customer: name, email address, cards) is deleted there; while the provider
cannot be reached the erasure is refused (ValidationError) rather than leave a pledge charging someone we can
no longer name, or their data with a processor we no longer link them to. The provider keeps its own record
of the payments (its legal duty)."""

import json
import re

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from membership.models import ConsentRecord, Member, Notification, Payment, Status, StatusChange
from membership.providers import ProviderUnavailable
from membership.services.members import member_card_customer_forget, member_card_pledge_end
from membership.services.records import history_names, status_change_record

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
    notes = ["Personal data erased"]
    # The pledge is ended first: one left running would go on charging someone we could no longer name. If
    # the provider cannot be reached, nothing is erased and staff try again (the admin says why).
    if member.card_subscription_id:
        refusal = _(
            "The member's recurring card pledge could not be cancelled at the card payment service, so nothing "
            "was erased. Please try again later."
        )
        notes.append(
            _at_card_provider(member_card_pledge_end, member, refusal=refusal, code="card_pledge_running")
        )
    if member.card_customer_id:
        refusal = _(
            "The member's record at the card payment service could not be deleted, so nothing was erased. "
            "Please try again later."
        )
        notes.append(
            _at_card_provider(member_card_customer_forget, member, refusal=refusal, code="card_customer_kept")
        )
    if member.status != Status.CANCELLED:
        status_change_record(member=member, to_status=Status.CANCELLED, actor="staff", by=by, note="Erased")
        member.cancelled_at = timezone.now()
    StatusChange.objects.create(
        member=member, from_status=member.status, to_status=member.status, actor="staff", by=by,
        note="; ".join(notes),
    )  # fmt: skip
    member.email = None
    member.name = ""
    member.country = ""
    member.newsletter = False
    member.card_customer_id = member.card_subscription_id = ""  # the provider's record of the person
    member.erased_at = timezone.now()
    history_names(member, by)
    member.save()
    member.history.update(name="", email=None, country="", card_customer_id="")
    member.notifications.filter(sent_at__isnull=True).update(gave_up=True, last_error="Member erased")
    for notification in member.notifications.exclude(last_error=""):
        notification.last_error = _without(notification.last_error, traces)
        notification.save(update_fields=["last_error"])
    for payment in member.payments.all():
        payment.note, payment.reference = "", _payment_reference_erased(payment.reference, member, traces)
        payment.save(update_fields=["note", "reference"])
    _erase_from_admin_log(member, traces)
    return member


def _at_card_provider(step, member, *, refusal, code):
    """`step(member)` at the card provider; while the provider cannot be reached, the erasure is refused."""
    try:
        return step(member)
    except ProviderUnavailable as error:
        raise ValidationError(refusal, code=code) from error


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
