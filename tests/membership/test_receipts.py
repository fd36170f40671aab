"""Receipts and yearly statements (membership.emails, templates/membership/email/): every recorded payment,
whatever its way in (staff in the admin, a bank statement line, a card), sends the member a receipt in
their language through the email queue; the statement they ask for lists a year's payments and totals each
currency apart."""

import datetime
from decimal import Decimal
from email.header import decode_header, make_header
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from membership import services, tokens
from membership.models import Member, Notification, Payment
from tests.membership.conftest import make_member, run_queue
from tests.membership.test_queue import Inbox, smtp_server, smtp_settings  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

ADDRESS = "Newsroom DOOEL, Ulica Makedonija 1, 1000 Skopje"
SAMPLES = Path(__file__).parent / "statements"


@pytest.fixture(autouse=True)
def _postal_address(settings):
    settings.SITE_POSTAL_ADDRESS = ADDRESS


def receipts_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_staff_typing_a_payment_in_sends_the_member_a_receipt(staff_client, currencies):
    member = make_member(currencies, email="ana@example.org", name="Ana", amount="1500")
    response = staff_client.post(
        reverse("admin:membership_payment_add"),
        {"member": member.pk, "amount": "1500", "currency": "MKD", "paid_on": "2025-06-01", "method": "cash"},
    )
    assert response.status_code == 302

    run_queue()

    [receipt] = receipts_to("ana@example.org")
    payment = Payment.objects.get()
    assert receipt.subject == "Your receipt from Newsroom: 1,500.00 MKD"  # one line: spaces collapsed
    assert f"Receipt number: {payment.pk}" in receipt.body
    assert f"Received by: Newsroom Skopje, {ADDRESS}" in receipt.body
    assert "Amount: 1,500.00\N{NO-BREAK SPACE}MKD" in receipt.body
    assert "Paid on: 1 June 2025" in receipt.body
    assert "Method: Cash" in receipt.body
    assert "Period covered: 1 June 2025 to 30 June 2025" in receipt.body
    assert f"Payment reference: {member.formatted_reference}" in receipt.body


def test_a_bank_statement_line_sends_a_receipt(currencies):
    make_member(currencies, email="ana@example.org", payment_reference="RF18539007547034")
    record = services.statement_import(
        (SAMPLES / "camt053-2026-10.xml").read_bytes(), file_name="oct.xml", file_format="camt053"
    )
    assert record.matched == 1

    run_queue()

    [receipt] = receipts_to("ana@example.org")
    payment = Payment.objects.get()
    assert "Method: Bank transfer" in receipt.body
    assert f"Paid on: {payment.paid_on.day} October 2026" in receipt.body
    assert "Amount: 300.00\N{NO-BREAK SPACE}MKD" in receipt.body
    assert "to 29 November 2026" in receipt.body


def test_a_card_payment_sends_a_receipt(currencies):
    # Card payments are recorded through the same service (payment_record) by the card provider's webhook.
    member = make_member(currencies, email="eu@example.org", amount="5", currency="EUR")
    services.payment_record(
        member=member,
        amount=Decimal("5"),
        currency=currencies["EUR"],
        paid_on=datetime.date(2026, 3, 4),
        method=Payment.Method.CARD,
    )
    run_queue()
    [receipt] = receipts_to("eu@example.org")
    assert "Method: Card" in receipt.body and "Amount: 5.00\N{NO-BREAK SPACE}EUR" in receipt.body


def test_each_of_two_payments_gets_its_own_receipt_even_when_both_wait_in_the_queue(currencies):
    member = make_member(currencies, email="ana@example.org")
    for day, amount in ((1, "300"), (20, "450")):
        services.payment_record(
            member=member,
            amount=Decimal(amount),
            currency=currencies["MKD"],
            paid_on=datetime.date(2026, 2, day),
        )
    run_queue()
    bodies = sorted(message.body for message in receipts_to("ana@example.org"))
    assert len(bodies) == 2
    assert "Amount: 300.00\N{NO-BREAK SPACE}MKD" in bodies[0] and "Paid on: 1 February 2026" in bodies[0]
    assert "Amount: 450.00\N{NO-BREAK SPACE}MKD" in bodies[1] and "Paid on: 20 February 2026" in bodies[1]
    # The second pays for the month after the first.
    assert "Period covered: 1 March 2026 to 31 March 2026" in bodies[1]


def test_receipt_is_in_the_members_language(currencies):
    member = make_member(currencies, email="mk@example.org", amount="1500", language="mk")
    services.payment_record(
        member=member, amount=Decimal("1500"), currency=currencies["MKD"], paid_on=datetime.date(2026, 5, 3)
    )
    run_queue()
    [receipt] = receipts_to("mk@example.org")
    assert "Признаница" in receipt.subject
    assert "1.500,00\N{NO-BREAK SPACE}MKD" in receipt.body
    assert "3 мај 2026" in receipt.body and "2 јуни 2026" in receipt.body
    assert "Received by" not in receipt.body


@pytest.fixture
def two_currencies_member(currencies):
    """Paid MKD until mid-2025, then moved the pledge to EUR; one payment in 2024 and one in 2026."""
    member = make_member(currencies, email="sq@example.org", name="Arta", language="sq")
    paid = [
        ("2024-12-15", "300", "MKD"),
        ("2025-01-15", "300", "MKD"),
        ("2025-02-15", "300", "MKD"),
        ("2025-07-01", "10", "EUR"),
        ("2025-08-01", "10.50", "EUR"),
        ("2026-01-03", "10", "EUR"),
    ]
    for day, amount, code in paid:
        if code == "EUR" and member.currency_id != "EUR":
            member = services.member_edit(member=member, by=None, changes={"currency": currencies["EUR"]})
        services.payment_record(
            member=member,
            amount=Decimal(amount),
            currency=currencies[code],
            paid_on=datetime.date.fromisoformat(day),
            notify=False,
        )
    return member


def test_yearly_statement_lists_that_years_payments_and_totals_each_currency_apart(two_currencies_member):
    with time_machine.travel(datetime.datetime(2026, 2, 1, 9, tzinfo=datetime.UTC)):
        services.yearly_statement_request(member=two_currencies_member, year=2025)
        run_queue()

    [statement] = receipts_to("sq@example.org")
    body = statement.body
    assert "2025" in statement.subject
    assert "300,00\N{NO-BREAK SPACE}MKD" in body and "10,50\N{NO-BREAK SPACE}EUR" in body
    assert body.count("MKD,") == 2 and body.count("EUR,") == 2  # four payment lines, none of 2024 or 2026
    assert "15 dhjetor 2024" not in body and "3 janar 2026" not in body
    assert "600,00\N{NO-BREAK SPACE}MKD" in body  # MKD total
    assert "20,50\N{NO-BREAK SPACE}EUR" in body  # EUR total, never added to the denars
    assert "620,50" not in body and "610,50" not in body
    assert ADDRESS in body and "Newsroom Skopje" in body
    assert Notification.objects.get(kind="yearly_statement").sent_at is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_receipt_and_statement_reach_a_real_smtp_server(smtp_settings, currencies):  # noqa: F811
    inbox = Inbox()
    server = smtp_server(smtp_settings, inbox)
    try:
        member = make_member(currencies, email="ana@example.org", amount="1500")
        services.payment_record(
            member=member,
            amount=Decimal("1500"),
            currency=currencies["MKD"],
            paid_on=datetime.date(2026, 4, 2),
        )
        url = reverse("membership:manage", args=[tokens.manage_token(Member.objects.get())])
        assert Client().post(url, {"action": "statement", "year": "2026"}).status_code == 302
        run_queue()
    finally:
        server.stop()
    subjects = sorted(str(make_header(decode_header(message["Subject"]))) for message in inbox.messages)
    assert subjects == ["Your Newsroom payments in 2026", "Your receipt from Newsroom: 1,500.00 MKD"]
    assert all(message["To"] == "ana@example.org" for message in inbox.messages)
