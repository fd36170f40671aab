"""The staff dashboard's money and movement figures (membership.dashboard) from real payments across months
and in two currencies: monthly recurring revenue, and new and churned members per month, each currency
apart."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from membership import dashboard, services
from tests.membership.conftest import make_member, pay

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def history(currencies):
    """Half a year of members in denars and euros; today is 15 June 2026."""
    members = {}

    def member(key, payments, **pledge):
        members[key] = make_member(currencies, email=f"{key}@example.org", **pledge)
        for paid_on, amount in payments:
            pay(members[key], currencies, day(paid_on), amount)

    # Monthly 300 MKD, renewed on time every month since January.
    member("a", [(f"2026-{month:02}-05", "300") for month in range(1, 7)])
    # Yearly, pledged 3000 MKD, paid 3600: the money counts, not the pledge (300 a month).
    member("b", [("2026-03-10", "3600")], amount="3000", frequency="yearly")
    # Paid February and March, then stopped: churned on 1 April.
    member("c", [("2026-02-01", "300"), ("2026-03-01", "300")])
    # Paid on 3 June and cancelled on 10 June: churned in June, out of the revenue though still paid up.
    member("d", [("2026-06-03", "300")])
    # A one-time gift in April: new, never recurring revenue.
    member("e", [("2026-04-01", "5000")], amount="5000", frequency="one_time")
    # Joined in December, lapsed on 1 January, came back in March (not new again), lapsed on 15 April.
    member("f", [("2025-12-01", "300"), ("2026-03-15", "300")])
    # Euros: monthly 5 since 20 May; yearly 60 since September 2025 (5 a month); 10 once in February.
    member("g", [("2026-05-20", "5")], amount="5", currency="EUR")
    member("h", [("2025-09-01", "60")], amount="60", currency="EUR", frequency="yearly")
    member("i", [("2026-02-10", "10")], amount="10", currency="EUR")
    with time_machine.travel(datetime.datetime(2026, 6, 10, 9, tzinfo=datetime.UTC)):
        services.member_cancel(member=members["d"], notify=False)
    return members


def test_monthly_recurring_revenue_counts_what_active_members_pay_each_currency_apart(history):
    # MKD: a 300 + b 3600/12; d cancelled, e one-time, c and f lapsed. EUR: g 5 + h 60/12.
    assert dashboard.monthly_recurring_revenue(today=TODAY) == [
        ("EUR", Decimal("10.00")),
        ("MKD", Decimal("600.00")),
    ]


def test_revenue_follows_the_currency_the_member_paid_in(currencies):
    member = make_member(currencies, email="moved@example.org", frequency="monthly")
    pay(member, currencies, day("2026-06-01"), "300")
    # The pledge moved to euros after the June payment; until a euro payment comes, June was paid in MKD.
    services.member_edit(
        member=member, by=None, changes={"currency": currencies["EUR"], "amount": Decimal("5")}
    )
    assert dashboard.monthly_recurring_revenue(today=TODAY) == [("MKD", Decimal("300.00"))]


def figures_by_month(today=TODAY):
    currencies, rows = dashboard.joined_and_left_by_month(today=today)
    return currencies, {
        (month.strftime("%Y-%m"), code): (new, churned)
        for month, cells in rows
        for code, new, churned in cells
    }


def test_new_and_churned_members_per_month_by_currency(history):
    currencies, months = figures_by_month()

    assert currencies == ["EUR", "MKD"]
    assert len(months) == 12 * 2 and min(months)[0] == "2025-07"
    moved = {key: value for key, value in months.items() if value != (0, 0)}
    assert moved == {
        ("2025-09", "EUR"): (1, 0),  # h
        ("2025-12", "MKD"): (1, 0),  # f
        ("2026-01", "MKD"): (1, 1),  # a new; f lapsed on 1 January
        ("2026-02", "MKD"): (1, 0),  # c
        ("2026-02", "EUR"): (1, 0),  # i
        ("2026-03", "MKD"): (1, 0),  # b (f's return is not new)
        ("2026-03", "EUR"): (0, 1),  # i lapsed on 10 March
        ("2026-04", "MKD"): (1, 2),  # e new; c lapsed on 1 April, f on 15 April
        ("2026-05", "EUR"): (1, 0),  # g
        ("2026-06", "MKD"): (1, 1),  # d new and cancelled
    }


def test_a_period_ending_today_is_not_churn_yet(currencies):
    member = make_member(currencies, email="due@example.org")
    pay(member, currencies, day("2026-05-16"))  # covers 16 May to 15 June
    _currencies, months = figures_by_month()
    assert months[("2026-06", "MKD")] == (0, 0)
    _currencies, months = figures_by_month(today=day("2026-06-16"))
    assert months[("2026-06", "MKD")] == (0, 1)


def test_a_card_renewal_retried_for_days_is_not_churn(currencies):
    def card_member(key):
        return make_member(currencies, email=f"{key}@example.org", card_subscription_id=f"sub_{key}")

    recovered = card_member("recovered")
    pay(recovered, currencies, day("2026-04-01"))  # covers April
    pay(recovered, currencies, day("2026-05-09"))  # the renewal went through on the 8th day of retries
    gone = card_member("gone")
    pay(gone, currencies, day("2026-04-01"))  # its renewal failed for good
    retrying = card_member("retrying")
    pay(retrying, currencies, day("2026-05-06"))  # covers to 5 June: still retried on 15 June

    _currencies, months = figures_by_month()

    assert months[("2026-04", "MKD")] == (2, 0)
    assert months[("2026-05", "MKD")] == (1, 1)  # only "gone", in the month its period ran out
    assert months[("2026-06", "MKD")] == (0, 0)


def test_dashboard_page_shows_new_and_churned_by_currency(staff_client, history):
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)):
        html = staff_client.get(reverse("admin:membership_member_dashboard")).content.decode()
    assert 'data-mrr="MKD">600.00<' in html and 'data-mrr="EUR">10.00<' in html
    assert 'data-new="2026-04 MKD">1<' in html and 'data-churned="2026-04 MKD">2<' in html
    assert 'data-churned="2026-03 EUR">1<' in html
    assert '<th scope="colgroup" colspan="2">EUR</th>' in html


def test_dashboard_queries_do_not_grow_with_members(staff_client, currencies):
    # Guards against a query per member or payment in the revenue and the months' movements.
    url = reverse("admin:membership_member_dashboard")

    def queries():
        moment = datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)
        with time_machine.travel(moment), CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url).status_code == 200
        return len(captured)

    first = make_member(currencies, email="one@example.org")
    pay(first, currencies, day("2026-06-01"))
    few = queries()
    for index in range(10):
        member = make_member(currencies, email=f"m{index}@example.org", currency="EUR", amount="5")
        pay(member, currencies, day("2026-01-01"))
        pay(member, currencies, day("2026-02-01"))
    assert queries() == few


@pytest.mark.parametrize("language", ["mk", "sq"])
def test_the_chart_is_drawn_for_staff_who_work_in_macedonian_or_albanian(staff_client, currencies, language):
    # Their languages write 43,1 for 43.1; SVG read "43,1" as two coordinates and piled the bars and the
    # month labels up at the chart's left edge.
    member = make_member(currencies, email="m@example.org")
    pay(member, currencies, day("2026-06-01"))
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)):
        html = staff_client.get(
            reverse("admin:membership_member_dashboard"), HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
    start = html.index('<svg role="img"')
    svg = html[start : html.index("</svg>", start)]
    coordinates = re.findall(r' (?:x|y|width|height|x1|y1|x2|y2)="([^"]*)"', svg)
    assert len(coordinates) > 12 * 4
    for value in coordinates:
        float(value)  # one number each, as SVG reads it
    assert 'data-mrr="MKD">300,00<' in html  # the figures themselves stay in the staff member's language
