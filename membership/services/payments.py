"""Money received and its end: a payment extends the paid period; a period that ended lapses."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from membership.models import Currency, Frequency, Member, Notification, Payment, Status, add_months
from membership.services.records import notification_queue, status_change_record

Kind = Notification.Kind


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
        status_change_record(
            member=member, to_status=Status.LAPSED, actor="system", note="Lapsed before payment"
        )
    member.paid_until = end
    if member.status != Status.ACTIVE:
        status_change_record(
            member=member,
            to_status=Status.ACTIVE,
            actor="staff" if by else "system",
            by=by,
            note=f"Payment {amount} {currency.code} on {paid_on.isoformat()}",
        )
    member.save()
    if notify and not member.erased_at:
        # The receipt, whichever way the money came in (staff, a bank statement line, a card).
        notification_queue(member=member, kind=Kind.PAYMENT_RECEIVED, payment=payment)
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
            status_change_record(
                member=member,
                to_status=Status.LAPSED,
                actor=actor,
                note=f"Paid until {member.paid_until.isoformat()}",
            )
            member.save(update_fields=["status"])
            count += 1
    return count
