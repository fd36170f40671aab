"""The member's own page (membership.views.manage): their payments, when the next one is due or when a
one-time gift ends, cancelling, and the yearly statement they can ask for by email."""

import datetime
import shutil
import subprocess

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from membership import services, tokens
from membership.models import Notification, Payment, Status
from tests.membership.conftest import make_member
from tests.membership.test_html import VNU_JAR

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 20, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def page_url(member, language="en"):
    with translation.override(language):
        return reverse("membership:manage", args=[tokens.manage_token(member)])


def record(member, currencies, paid_on, method=Payment.Method.BANK_TRANSFER, amount=None):
    return services.payment_record(
        member=member,
        amount=amount or member.amount,
        currency=currencies[member.currency_id],
        paid_on=paid_on,
        method=method,
        notify=False,
    )


@pytest.fixture
def monthly(currencies):
    """1,500 MKD a month, paid in March by transfer and in April and May by card."""
    member = make_member(currencies, email="ana@example.org", name="Ana", amount="1500")
    record(member, currencies, datetime.date(2026, 3, 1))
    record(member, currencies, datetime.date(2026, 4, 1), method=Payment.Method.CARD)
    record(member, currencies, datetime.date(2026, 5, 1), method=Payment.Method.CARD)
    return member


def test_member_sees_each_payment_with_amount_method_and_period_covered(client, monthly):
    html = client.get(page_url(monthly)).content.decode()
    assert html.count('<td class="membership-amount">1,500.00\N{NO-BREAK SPACE}MKD</td>') == 3
    assert "Bank transfer" in html and html.count("<td>Card</td>") == 2
    assert "1 March 2026 to 31 March 2026" in html
    assert "1 May 2026 to 31 May 2026" in html
    # Newest first.
    assert html.index("1 May 2026 to") < html.index("1 March 2026 to")


def test_amounts_and_dates_are_written_the_pages_language_way(client, monthly):
    html = client.get(page_url(monthly, "mk")).content.decode()
    assert "1.500,00\N{NO-BREAK SPACE}MKD" in html
    assert "1 мај 2026" in html
    assert "1,500.00" not in html


def test_member_sees_until_when_they_paid_and_when_the_next_payment_is_due(client, monthly):
    html = client.get(page_url(monthly)).content.decode()
    assert '<dd id="paid-until">31 May 2026</dd>' in html
    assert '<dd id="next-payment">1 June 2026</dd>' in html


def test_one_time_gift_says_when_it_ends_and_that_nothing_renews(client, currencies):
    member = make_member(currencies, email="gift@example.org", amount="5000", frequency="one_time")
    record(member, currencies, datetime.date(2026, 2, 10))
    html = client.get(page_url(member)).content.decode()
    assert 'id="gift-ends"' in html and "until 9 February 2027; nothing renews by itself" in html
    assert 'id="next-payment"' not in html


def test_member_without_payments_is_told_none_arrived_and_offered_no_statement(client, currencies):
    member = make_member(currencies, email="new@example.org")
    html = client.get(page_url(member)).content.decode()
    assert "No payment has reached us yet." in html
    assert "Email me my statement" not in html


def test_member_cancels_from_their_page_after_saying_yes_once_more(client, monthly):
    html = client.get(page_url(monthly)).content.decode()
    assert 'name="action" value="cancel"' in html
    # The page's button asks once more, and changes nothing yet: one tap on a phone must not end a membership.
    asked = client.post(page_url(monthly), {"action": "cancel"}).content.decode()
    assert "Cancel your membership?" in asked and 'name="confirmed" value="1"' in asked
    assert f'href="{page_url(monthly)}">Keep my membership</a>' in asked
    monthly.refresh_from_db()
    assert monthly.status != Status.CANCELLED
    response = client.post(page_url(monthly), {"action": "cancel", "confirmed": "1"})
    assert response.status_code == 302 and response["Location"].endswith("?done=cancel")
    monthly.refresh_from_db()
    assert monthly.status == Status.CANCELLED
    html = client.get(page_url(monthly)).content.decode()
    assert "Your membership is cancelled." not in html  # no ?done on a plain visit
    assert 'id="next-payment"' not in html


def test_statement_button_for_each_year_with_payments_queues_that_years_statement(client, currencies):
    member = make_member(currencies, email="ana@example.org")
    record(member, currencies, datetime.date(2025, 11, 3))
    record(member, currencies, datetime.date(2026, 1, 5))
    html = client.get(page_url(member)).content.decode()
    assert html.index("Email me my statement for 2026") < html.index("Email me my statement for 2025")

    response = client.post(page_url(member), {"action": "statement", "year": "2025"})

    assert response.status_code == 302 and response["Location"].endswith("?done=statement")
    notification = Notification.objects.get(member=member, kind=Notification.Kind.YEARLY_STATEMENT)
    assert notification.year == 2025
    page = client.get(response["Location"]).content.decode()
    assert "Your statement is on its way to your email address." in page


def test_pressing_the_statement_button_twice_sends_one_email(client, monthly):
    for _press in range(2):
        assert client.post(page_url(monthly), {"action": "statement", "year": "2026"}).status_code == 302
    assert Notification.objects.filter(kind=Notification.Kind.YEARLY_STATEMENT).count() == 1


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("", "Choose the year of the statement"),
        ("twenty", "Choose the year of the statement"),
        ("2019", "You made no payment in 2019"),
    ],
)
def test_statement_for_a_bad_year_is_refused_with_a_message(client, monthly, year, message):
    response = client.post(page_url(monthly), {"action": "statement", "year": year})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Notification.objects.filter(kind=Notification.Kind.YEARLY_STATEMENT).exists()


def test_statement_requests_are_rate_limited_per_member(client, monthly, settings):
    settings.MEMBERSHIP_SIGNUP_RATE_PER_EMAIL = "2/h"
    for _press in range(2):
        assert client.post(page_url(monthly), {"action": "statement", "year": "2026"}).status_code == 302
    response = client.post(page_url(monthly), {"action": "statement", "year": "2026"})
    assert response.status_code == 429


def test_erased_member_gets_no_statement(client, monthly):
    notification_count = Notification.objects.count()
    services.member_erase(member=monthly, by=None)
    with pytest.raises(ValidationError, match="no email address"):
        services.yearly_statement_request(member=monthly, year=2026)
    assert Notification.objects.count() == notification_count


def test_member_page_reads_payments_in_one_query(client, currencies, django_assert_num_queries):
    # Guards against a query per payment row (its currency or its method) as the history grows.
    member = make_member(currencies, email="many@example.org")
    for month in range(1, 13):
        record(member, currencies, datetime.date(2025, month, 2))
    url = page_url(member)
    client.get(url)
    with django_assert_num_queries(3):  # the member, its currency (bank details), the payments
        response = client.get(url)
    assert (
        response.content.decode().count('<td class="membership-amount">300.00\N{NO-BREAK SPACE}MKD</td>')
        == 12
    )


def test_member_page_with_payments_is_valid_html(client, monthly, tmp_path):
    if not (VNU_JAR.exists() and shutil.which("java")):
        pytest.skip(
            "The Nu Html Checker is installed by the e2e setup (tests/e2e, npm install) and needs Java."
        )
    for language in ("en", "mk"):
        (tmp_path / f"manage-{language}.html").write_text(
            client.get(page_url(monthly, language)).content.decode()
        )
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", *sorted(map(str, tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
