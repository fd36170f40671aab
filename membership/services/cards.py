"""Card payments as the payment provider reports them, whichever provider it is (membership/providers/).

A provider's webhook event is applied by `card_event_apply`: once, in one transaction with the row that
says it was applied. The provider module reads its event and calls the functions below, which know nothing
of any provider's formats: a card payment recorded (through `payment_record`, like every payment), a
recurring pledge linked to the member, a failed renewal (past due, with an email), the recurring pledge
ended (cancelled by the member, or given up after failed retries).
"""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.db import IntegrityError, transaction

from membership.models import Currency, Member, Notification, Payment, ProviderEvent, Status
from membership.services.members import member_cancel
from membership.services.payments import payment_record
from membership.services.records import notification_queue, status_change_record


def card_event_apply(*, provider: str, event_id: str, event_type: str, apply: Callable[[], str]) -> bool:
    """Apply a provider's event once: False, applying nothing, when it was applied already.

    The event's row is inserted first, in the transaction that applies the event. A second delivery of
    the same event at the same moment waits on the unique index (PostgreSQL) until the first commits, then
    finds the row and applies nothing; if the first fails (a database outage), everything it wrote rolls
    back with its row, and the provider's next delivery applies the event whole.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                event = ProviderEvent.objects.create(provider=provider, event_id=event_id, type=event_type)
        except IntegrityError:
            return False
        event.outcome = (apply() or "")[:200]
        event.save(update_fields=["outcome"])
    return True


@transaction.atomic
def card_payment_record(
    *, member: Member, amount: Decimal, currency_code: str, paid_on: datetime.date, reference: str, note=""
) -> Payment | None:
    """Money taken by card: a payment (receipt email, status, paid period) unless one with this
    provider reference was recorded already (one charge reported by two different events)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if Payment.objects.filter(member=member, method=Payment.Method.CARD, reference=reference).exists():
        return None
    return payment_record(
        member=member,
        amount=amount,
        currency=Currency.objects.get(code=currency_code),
        paid_on=paid_on,
        method=Payment.Method.CARD,
        reference=reference,
        note=note,
    )


@transaction.atomic
def card_subscription_link(
    *, member: Member, provider: str, customer_id: str, subscription_id: str
) -> Member:
    """The member's recurring pledge is now charged by `provider` to their card."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if (member.card_provider, member.card_customer_id, member.card_subscription_id) != (
        provider,
        customer_id,
        subscription_id,
    ):
        member.card_provider, member.card_customer_id = provider, customer_id
        member.card_subscription_id = subscription_id
        member.save(update_fields=["card_provider", "card_customer_id", "card_subscription_id"])
    return member


@transaction.atomic
def card_payment_failed(*, member: Member, note: str = "") -> Member:
    """A renewal could not be charged: the member is past due and told so once; the provider retries."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status not in (Status.ACTIVE, Status.LAPSED):
        return member  # past due already (a retry failed too), or not a paying member
    status_change_record(member=member, to_status=Status.PAST_DUE, actor="system", note=note[:300])
    member.save(update_fields=["status"])
    if member.email:
        notification_queue(member=member, kind=Notification.Kind.PAYMENT_FAILED)
    return member


@transaction.atomic
def card_subscription_end(
    *, member: Member, provider: str, subscription_id: str, by_member: bool, note: str = ""
) -> Member:
    """The recurring card pledge ended. Cancelled by the member (at the provider's page): the membership
    is cancelled. Given up after failed retries: a past-due membership lapses now; one still paid for
    lapses when its period ends, as any other."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.card_provider == provider and member.card_subscription_id == subscription_id:
        member.card_subscription_id = ""
        member.save(update_fields=["card_subscription_id"])
    if by_member:
        return member_cancel(member=member, actor="reader")
    if member.status == Status.PAST_DUE:
        status_change_record(member=member, to_status=Status.LAPSED, actor="system", note=note[:300])
        member.save(update_fields=["status"])
    return member
