"""The figures on the staff dashboard, computed from the data as of a given day.

"Active on a day" means a payment covers that day, so the chart is right for past months even though a
member's stored status only says where they are now. Money is counted from the payments received, each
currency apart: denars and euros are never added together.
"""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Min, Q
from django.utils import timezone

from membership.models import Frequency, Member, Payment, Status, add_months
from membership.models.members import PAST_DUE_DAYS

CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 640, 220, 36


def month_start(day):
    return day.replace(day=1)


def members_by_status(*, today):
    counts = Counter(Member.objects.with_current_status(today=today).values_list("current", flat=True))
    return [(status, label, counts.get(status, 0)) for status, label in Status.choices]


def new_this_month(*, today):
    """Members whose first payment ever fell in this month."""
    first = Payment.objects.values("member").annotate(first=Min("paid_on"))
    return first.filter(first__gte=month_start(today), first__lte=today).count()


def lapsed_this_month(*, today):
    """Members whose paid period ended this month, before today, without a renewal: lapsed as their status
    says, so a card member whose renewal is still being charged or retried (past due) is not lapsed yet."""
    return (
        Member.objects.currently(Status.LAPSED, today=today)
        .filter(paid_until__gte=month_start(today), paid_until__lt=today)
        .count()
    )


def monthly_recurring_revenue(*, today):
    """Per currency: what active members' recurring pledges bring a month, from the payment that covers
    today (its amount and currency, what the member really pays): a monthly payment counts whole, a yearly
    one a twelfth; one-time gifts are not recurring and count nothing, nor do cancelled members."""
    covering = (
        Payment.objects.covering(today)
        .filter(member__status=Status.ACTIVE)
        .exclude(member__frequency=Frequency.ONE_TIME)
        .order_by("member_id", "-paid_on", "-pk")
        .values_list("member_id", "member__frequency", "amount", "currency_id")
    )
    totals, counted = defaultdict(Decimal), set()
    for member_id, frequency, amount, currency in covering:
        if member_id in counted:
            continue  # a renewal paid early covers today too: the newest payment says what they pay
        counted.add(member_id)
        totals[currency] += amount if frequency == Frequency.MONTHLY else amount / 12
    return sorted((code, total.quantize(Decimal("0.01"))) for code, total in totals.items())


def joined_and_left_by_month(*, today, months=12):
    """New and churned members in each of the last months, by currency, from the payments.

    New: the member's first payment ever fell in that month (counted in its currency). Churned: a paying
    member left, either cancelling while a payment covered them, or their paid period ending, before today,
    with no payment taking it on (a card member's after the days its renewal is retried, PAST_DUE_DAYS), in
    the month the period ran out, counted in the currency of their last payment. A member who comes back
    after a gap is not new again; one who cancelled is not churned a second time when their period ends.

    Returns (currencies, rows): the currencies in play, and per month (its first day, [(currency, new,
    churned)] in the order of `currencies`).
    """
    first_month = add_months(month_start(today), -(months - 1))
    periods = defaultdict(list)
    payments = Payment.objects.filter(paid_on__lte=today).order_by("member_id", "period_start", "pk")
    for member_id, paid_on, start, end, currency in payments.values_list(
        "member_id", "paid_on", "period_start", "period_end", "currency_id"
    ):
        periods[member_id].append((paid_on, start, end, currency))
    cancelled, by_card = {}, set()
    for pk, cancelled_at, subscription in Member.objects.filter(
        Q(cancelled_at__isnull=False) | ~Q(card_subscription_id="")
    ).values_list("pk", "cancelled_at", "card_subscription_id"):
        if cancelled_at:
            cancelled[pk] = timezone.localdate(cancelled_at)
        if subscription:
            by_card.add(pk)
    events = Counter()  # (month, currency, "new" or "churned") -> members
    for member_id, paid in periods.items():
        first_paid_on, _start, _end, first_currency = min(paid)
        events[month_start(first_paid_on), first_currency, "new"] += 1
        left_on = cancelled.get(member_id)
        # A card renewal is retried for days (past due) before the member lapses, as the status says.
        grace = datetime.timedelta(days=PAST_DUE_DAYS if member_id in by_card else 0)
        for start, end, currency in _covered_stretches(paid, grace=grace):
            if left_on is not None and start <= left_on <= min(end, today):
                events[month_start(left_on), currency, "churned"] += 1
                break  # their period running out later is the same leaving
            if end + grace < today:
                events[month_start(end + datetime.timedelta(days=1)), currency, "churned"] += 1
    currencies = sorted({currency for month, currency, _kind in events if month >= first_month})
    rows = []
    for index in range(months):
        month = add_months(first_month, index)
        cells = [(code, events[month, code, "new"], events[month, code, "churned"]) for code in currencies]
        rows.append((month, cells))
    return currencies, rows


def _covered_stretches(paid, *, grace):
    """[(first day, last day, currency of its last payment)] of each unbroken stretch of days the payments
    cover, in order: a renewal paid early, on time or within `grace` days late continues its stretch."""
    stretches = []
    for _paid_on, start, end, currency in sorted(paid, key=lambda row: (row[1], row[0])):
        if stretches and start <= stretches[-1][1] + grace + datetime.timedelta(days=1):
            first, last, _currency = stretches[-1]
            stretches[-1] = (first, max(last, end), currency)
        else:
            stretches.append((start, end, currency))
    return stretches


def active_by_month(*, today, months=12):
    """(first day of month, members active on the last day of that month or today) for the last months."""
    first_month = add_months(month_start(today), -(months - 1))
    points = []
    for index in range(months):
        start = add_months(first_month, index)
        day = min(add_months(start, 1) - datetime.timedelta(days=1), today)
        points.append((start, day))
    periods = list(
        Payment.objects.filter(period_end__gte=first_month, period_start__lte=today).values_list(
            "member_id", "period_start", "period_end"
        )
    )
    return [
        (start, len({member for member, begin, end in periods if begin <= day <= end}))
        for start, day in points
    ]


def chart(series):
    """Bars for an SVG chart: coordinates computed here so the template only draws."""
    peak = max((count for _, count in series), default=0) or 1
    inner_width, inner_height = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD
    slot = inner_width / max(len(series), 1)
    bars = []
    for index, (month, count) in enumerate(series):
        height = round(inner_height * count / peak, 1)
        x = round(CHART_PAD + index * slot + slot * 0.15, 1)
        bars.append(
            {
                "month": month,
                "count": count,
                "x": x,
                "y": round(CHART_PAD + inner_height - height, 1),
                "width": round(slot * 0.7, 1),
                "height": height,
                "text_y": round(CHART_PAD + inner_height - height - 4, 1),
                "label_x": round(x + slot * 0.35, 1),
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "baseline": CHART_PAD + inner_height,
        "label_y": CHART_HEIGHT - 10,
        "peak": peak,
    }


def figures(*, today):
    series = active_by_month(today=today)
    currencies, joined_and_left = joined_and_left_by_month(today=today)
    return {
        "currencies": currencies,
        "joined_and_left": joined_and_left,
        "today": today,
        "by_status": members_by_status(today=today),
        "new_this_month": new_this_month(today=today),
        "lapsed_this_month": lapsed_this_month(today=today),
        "mrr": monthly_recurring_revenue(today=today),
        "series": series,
        "chart": chart(series),
    }
