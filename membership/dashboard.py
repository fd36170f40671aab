"""The figures on the staff dashboard, computed from the data as of a given day.

"Active on a day" means a payment covers that day, so the chart is right for past months even though a
member's stored status only says where they are now.
"""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Min

from membership.models import Member, Payment, Status, add_months

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
    """Members whose paid period ended this month, before today, without a renewal."""
    return (
        Member.objects.filter(status__in=[Status.ACTIVE, Status.LAPSED])
        .filter(paid_until__gte=month_start(today), paid_until__lt=today)
        .count()
    )


def monthly_recurring_revenue(*, today):
    """Per currency: monthly pledges of active members, plus a twelfth of yearly ones; one-time gifts are
    not recurring and count nothing."""
    totals = defaultdict(Decimal)
    active = Member.objects.currently(Status.ACTIVE, today=today).only("amount", "currency", "frequency")
    for member in active:
        totals[member.currency_id] += member.monthly_amount
    return sorted((code, total.quantize(Decimal("0.01"))) for code, total in totals.items())


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
    return {
        "today": today,
        "by_status": members_by_status(today=today),
        "new_this_month": new_this_month(today=today),
        "lapsed_this_month": lapsed_this_month(today=today),
        "mrr": monthly_recurring_revenue(today=today),
        "series": series,
        "chart": chart(series),
    }
