"""Card payments through Stripe: the join form's card option and Checkout, and the webhook events that
record payments and move a member's status. Stripe's API is the fake in stripe_fake.py on 127.0.0.1, the
real `stripe` library talks to it and verifies every event's signature."""

import datetime
import json
from decimal import Decimal
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from membership.models import Member, Notification, Payment, ProviderEvent, Status
from membership.providers.stripe_checkout import from_stripe_amount, to_stripe_amount
from tests.membership import stripe_fake
from tests.membership.conftest import form_data, make_member, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_keys(settings):
    settings.STRIPE = {
        "SECRET_KEY": stripe_fake.SECRET_KEY,
        "PUBLISHABLE_KEY": "pk_test_newsroom",
        "WEBHOOK_SECRET": stripe_fake.WEBHOOK_SECRET,
    }


@pytest.fixture
def fake_stripe(settings, stripe_keys):
    with stripe_fake.FakeStripe() as fake:
        settings.STRIPE_API_BASE = fake.url
        yield fake


def deliver(client, body, **kwargs):
    return stripe_fake.deliver(client, body, **kwargs)


# The join form and Checkout --------------------------------------------------------------------------


def test_card_option_shows_on_the_join_form_only_when_stripe_keys_are_set(client, tier, settings):
    settings.STRIPE = {"SECRET_KEY": "", "PUBLISHABLE_KEY": "", "WEBHOOK_SECRET": ""}
    assert 'name="payment_method"' not in client.get("/membership/join/").content.decode()
    settings.STRIPE = {"SECRET_KEY": "sk_test_x", "PUBLISHABLE_KEY": "pk_test_x", "WEBHOOK_SECRET": "whsec_x"}
    page = client.get("/membership/join/").content.decode()
    assert 'name="payment_method" value="card"' in page


def test_a_monthly_pledge_by_card_goes_to_stripe_checkout_as_a_subscription_in_its_currency(
    client, tier, fake_stripe
):
    page = client.get("/membership/join/")
    # The form's answer may redirect to Stripe's page: the join page's CSP allows that origin.
    assert fake_stripe.url in page["Content-Security-Policy"].split("form-action", 1)[1].split(";")[0]
    response = client.post("/membership/join/", form_data(payment_method="card"), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 303
    assert response["Location"].startswith(f"{fake_stripe.url}/c/pay/cs_test_")
    member = Member.objects.get()
    sent = fake_stripe.requests[0]
    assert sent["path"] == "/v1/checkout/sessions"
    assert sent["auth"] == f"Bearer {stripe_fake.SECRET_KEY}"
    params = sent["params"]
    assert params["mode"] == "subscription"
    assert params["line_items[0][price_data][currency]"] == "mkd"
    assert params["line_items[0][price_data][unit_amount]"] == "30000"  # 300 MKD: two decimals at Stripe
    assert params["line_items[0][price_data][recurring][interval]"] == "month"
    assert params["client_reference_id"] == member.payment_reference
    assert params["subscription_data[metadata][member_reference]"] == member.payment_reference
    assert params["customer_email"] == "ana@example.org"
    assert params["success_url"].startswith("http://testserver/membership/card/paid/")


def test_a_one_time_pledge_by_card_is_a_one_off_checkout_payment(client, tier, fake_stripe):
    response = client.post(
        "/membership/join/",
        form_data(payment_method="card", tier="custom", amount="25,50", currency="EUR", frequency="one_time"),
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 303
    params = fake_stripe.requests[0]["params"]
    assert params["mode"] == "payment"
    assert params["line_items[0][price_data][unit_amount]"] == "2550"
    assert params["line_items[0][price_data][currency]"] == "eur"
    assert "line_items[0][price_data][recurring][interval]" not in params
    assert params["payment_intent_data[metadata][member_reference]"] == Member.objects.get().payment_reference


def test_a_pledge_by_bank_transfer_still_goes_to_the_email_page(client, tier, fake_stripe):
    response = client.post(
        "/membership/join/", form_data(payment_method="bank_transfer"), REMOTE_ADDR="192.0.2.10"
    )
    assert response.status_code == 302 and response["Location"] == "/membership/join/sent/"
    assert fake_stripe.requests == []


def test_stripe_out_of_reach_gives_a_page_that_says_so_not_an_error(client, tier, stripe_keys, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # the discard port: nothing answers
    with mock.patch("stripe._http_client.time.sleep"):  # the library's retries, without their waits
        response = client.post(
            "/membership/join/", form_data(payment_method="card"), REMOTE_ADDR="192.0.2.10"
        )
    assert response.status_code == 503
    assert "could not reach the card payment service" in response.content.decode()
    assert Member.objects.get().status == Status.PENDING  # the sign-up is kept


def test_many_card_checkouts_from_one_address_are_refused(client, tier, fake_stripe, settings):
    settings.MEMBERSHIP_CARD_RATE_PER_IP = "3/h"
    answers = [
        client.post(
            "/membership/join/",
            form_data(payment_method="card", email=f"tester{n}@example.org"),
            REMOTE_ADDR="198.51.100.7",
        ).status_code
        for n in range(5)
    ]
    assert answers == [303, 303, 303, 429, 429]
    assert len(fake_stripe.requests) == 3


def test_stripe_amounts_use_the_currency_s_smallest_unit():
    assert to_stripe_amount(Decimal("300"), "mkd") == 30000
    assert to_stripe_amount(Decimal("500"), "JPY") == 500
    assert to_stripe_amount(Decimal("1.5"), "KWD") == 1500
    assert from_stripe_amount(2550, "eur") == Decimal("25.50")


# Webhooks ----------------------------------------------------------------------------------------------


@pytest.fixture
def member(currencies):
    return make_member(currencies, email="ana@example.org", name="Ana", frequency="one_time")


def test_a_paid_one_time_checkout_records_a_card_payment_and_makes_the_member_active(
    client, stripe_keys, member, django_capture_on_commit_callbacks
):
    session = stripe_fake.checkout_session(member, amount_total=120000)
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client, stripe_fake.event("checkout.session.completed", session))
    assert response.status_code == 200
    payment = Payment.objects.get()
    assert (payment.member, payment.amount, payment.currency_id) == (member, Decimal("1200.00"), "MKD")
    assert payment.method == Payment.Method.CARD and payment.reference == session["payment_intent"]
    member.refresh_from_db()
    assert member.status == Status.ACTIVE and member.paid_until >= timezone.localdate()
    assert member.notifications.filter(kind=Notification.Kind.PAYMENT_RECEIVED).count() == 1


def test_the_same_event_delivered_again_records_nothing_more(client, stripe_keys, member):
    body = stripe_fake.event("checkout.session.completed", stripe_fake.checkout_session(member))
    assert json.loads(deliver(client, body).content)["applied"] is True
    assert json.loads(deliver(client, body).content)["applied"] is False
    assert Payment.objects.count() == 1
    assert ProviderEvent.objects.get().outcome == "payment recorded"


@pytest.mark.parametrize(
    "how",
    ["wrong secret", "no signature", "changed body", "old timestamp", "signed but not an event"],
)
def test_a_webhook_not_signed_by_stripe_is_refused_with_400_and_changes_nothing(
    client, stripe_keys, member, how
):
    body = json.dumps(stripe_fake.event("checkout.session.completed", stripe_fake.checkout_session(member)))
    payload, header = body.encode(), stripe_fake.sign(body.encode())
    if how == "wrong secret":
        header = stripe_fake.sign(payload, secret="whsec_someone_else")
    elif how == "no signature":
        header = ""
    elif how == "changed body":
        payload = payload.replace(b'"amount_total": 30000', b'"amount_total": 3000000')
    elif how == "old timestamp":
        header = stripe_fake.sign(payload, timestamp=int(timezone.now().timestamp()) - 3600)
    else:
        payload = b"not json"
        header = stripe_fake.sign(payload)
    response = client.post(
        "/membership/card/stripe/webhook/",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 400
    assert not Payment.objects.exists() and not ProviderEvent.objects.exists()
    member.refresh_from_db()
    assert member.status == Status.PENDING


def test_the_webhook_is_not_there_without_keys_and_takes_only_post(client, settings, stripe_keys):
    assert client.get("/membership/card/stripe/webhook/").status_code == 405
    settings.STRIPE = {"SECRET_KEY": "", "WEBHOOK_SECRET": ""}
    assert (
        client.post("/membership/card/stripe/webhook/", b"{}", content_type="application/json").status_code
        == 404
    )


@pytest.fixture
def monthly_member(currencies):
    return make_member(currencies, email="boris@example.org", name="Boris", frequency="monthly")


def test_an_invoice_paid_before_its_checkout_completed_still_records_the_payment_and_links_the_card(
    client, stripe_keys, monthly_member
):
    customer, subscription = stripe_fake.new_id("cus"), stripe_fake.new_id("sub")
    first_invoice = stripe_fake.invoice(
        monthly_member, subscription=subscription, customer=customer, billing_reason="subscription_create"
    )
    assert deliver(client, stripe_fake.event("invoice.paid", first_invoice)).status_code == 200
    session = stripe_fake.checkout_session(
        monthly_member, mode="subscription", customer=customer, subscription=subscription
    )
    assert deliver(client, stripe_fake.event("checkout.session.completed", session)).status_code == 200
    monthly_member.refresh_from_db()
    assert monthly_member.status == Status.ACTIVE
    assert (monthly_member.card_customer_id, monthly_member.card_subscription_id) == (customer, subscription)
    assert Payment.objects.get().reference == first_invoice["id"]


def test_a_renewal_invoice_extends_the_paid_period_found_by_the_subscription_alone(
    client, stripe_keys, monthly_member, currencies
):
    customer, subscription = stripe_fake.new_id("cus"), stripe_fake.new_id("sub")
    session = stripe_fake.checkout_session(
        monthly_member, mode="subscription", customer=customer, subscription=subscription
    )
    deliver(client, stripe_fake.event("checkout.session.completed", session))
    today = timezone.localdate()
    pay(monthly_member, currencies, today - datetime.timedelta(days=30))
    monthly_member.refresh_from_db()
    until = monthly_member.paid_until
    renewal = stripe_fake.invoice(
        monthly_member, subscription=subscription, customer=customer, with_metadata=False
    )
    assert deliver(client, stripe_fake.event("invoice.paid", renewal)).status_code == 200
    monthly_member.refresh_from_db()
    assert monthly_member.paid_until > until and monthly_member.current_status() == Status.ACTIVE
    assert monthly_member.payments.filter(method=Payment.Method.CARD, reference=renewal["id"]).exists()


def test_a_failed_renewal_makes_the_member_past_due_with_one_email_until_the_retries_end(
    client, stripe_keys, monthly_member, currencies, django_capture_on_commit_callbacks
):
    customer, subscription = stripe_fake.new_id("cus"), stripe_fake.new_id("sub")
    deliver(
        client,
        stripe_fake.event(
            "checkout.session.completed",
            stripe_fake.checkout_session(
                monthly_member, mode="subscription", customer=customer, subscription=subscription
            ),
        ),
    )
    today = timezone.localdate()
    pay(monthly_member, currencies, today - datetime.timedelta(days=31))  # paid until yesterday
    for _retry in range(2):
        failed = stripe_fake.invoice(monthly_member, subscription=subscription, customer=customer, paid=False)
        assert deliver(client, stripe_fake.event("invoice.payment_failed", failed)).status_code == 200
    monthly_member.refresh_from_db()
    assert monthly_member.status == Status.PAST_DUE
    assert monthly_member.current_status(today=today) == Status.PAST_DUE  # not lapsed while Stripe retries
    assert monthly_member.notifications.filter(kind=Notification.Kind.PAYMENT_FAILED).count() == 1
    assert (
        Member.objects.currently(Status.LAPSED, today=today + datetime.timedelta(days=20)).get()
        == monthly_member
    )
    # Stripe gives up and ends the subscription: the membership lapses now.
    ended = stripe_fake.subscription(
        monthly_member, subscription_id=subscription, customer=customer, reason="payment_failed"
    )
    deliver(client, stripe_fake.event("customer.subscription.deleted", ended))
    monthly_member.refresh_from_db()
    assert monthly_member.status == Status.LAPSED and monthly_member.card_subscription_id == ""


def test_a_renewal_paid_after_a_failure_makes_the_member_active_again(
    client, stripe_keys, monthly_member, currencies
):
    customer, subscription = stripe_fake.new_id("cus"), stripe_fake.new_id("sub")
    pay(monthly_member, currencies, timezone.localdate() - datetime.timedelta(days=31))
    failed = stripe_fake.invoice(monthly_member, subscription=subscription, customer=customer, paid=False)
    deliver(client, stripe_fake.event("invoice.payment_failed", failed))
    paid = stripe_fake.invoice(monthly_member, subscription=subscription, customer=customer)
    deliver(client, stripe_fake.event("invoice.paid", paid))
    monthly_member.refresh_from_db()
    assert monthly_member.status == Status.ACTIVE and monthly_member.paid_until > timezone.localdate()
    assert list(monthly_member.status_changes.values_list("to_status", flat=True))[-2:] == [
        "past_due",
        "active",
    ]


def test_a_subscription_the_member_cancelled_at_stripe_cancels_the_membership(
    client, stripe_keys, monthly_member, currencies
):
    customer, subscription = stripe_fake.new_id("cus"), stripe_fake.new_id("sub")
    pay(monthly_member, currencies, timezone.localdate())
    deliver(
        client,
        stripe_fake.event(
            "checkout.session.completed",
            stripe_fake.checkout_session(
                monthly_member, mode="subscription", customer=customer, subscription=subscription
            ),
        ),
    )
    ended = stripe_fake.subscription(monthly_member, subscription_id=subscription, customer=customer)
    assert deliver(client, stripe_fake.event("customer.subscription.deleted", ended)).status_code == 200
    monthly_member.refresh_from_db()
    assert monthly_member.status == Status.CANCELLED and monthly_member.card_subscription_id == ""


def test_a_database_outage_while_applying_answers_503_keeps_nothing_and_the_retry_applies_it(
    client, stripe_keys, member
):
    body = stripe_fake.event("checkout.session.completed", stripe_fake.checkout_session(member))
    with mock.patch(
        "membership.services.payments.status_change_record",
        side_effect=OperationalError("server closed the connection"),
    ):
        response = deliver(client, body)
    assert response.status_code == 503 and response["Retry-After"]
    # The payment row was written before the failure: it was rolled back with the event's row.
    assert not Payment.objects.exists() and not ProviderEvent.objects.exists()
    member.refresh_from_db()
    assert member.status == Status.PENDING and member.paid_until is None
    assert deliver(client, body).status_code == 200  # Stripe's next delivery
    assert Payment.objects.count() == 1


def test_an_event_about_no_member_of_ours_is_acknowledged_and_changes_nothing(client, stripe_keys, member):
    session = stripe_fake.checkout_session(member)
    session["metadata"], session["client_reference_id"] = {}, None
    assert deliver(client, stripe_fake.event("checkout.session.completed", session)).status_code == 200
    assert not Payment.objects.exists()
    assert ProviderEvent.objects.get().outcome == "no member"
