"""A reader pays by card: pledges on the join form, chooses Card, pays on Stripe's Checkout page (the fake
Stripe of tests/membership/stripe_fake.py on 127.0.0.1, which the real `stripe` library calls and whose
page sends the browser back at once, as a paid Checkout does), then Stripe's signed webhook arrives, the
receipt comes by email over SMTP, and its link shows the payment on the reader's own page."""

import json
import re
import urllib.request
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from membership import tokens
from membership.models import Member, Payment, Status
from tests.e2e.test_supporter import membership_offer, run_email_queue  # noqa: F401, F811 (a fixture)
from tests.membership import stripe_fake
from tests.membership.conftest import currencies, make_card_member  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def fake_stripe(settings, live_server):
    settings.SITE_URL = live_server.url  # the links in emails point at the live server
    settings.MEMBERSHIP_FORM_MIN_SECONDS = 0  # the anti-bot minimum; a test types faster than a person
    settings.STRIPE = {
        "SECRET_KEY": stripe_fake.SECRET_KEY,
        "PUBLISHABLE_KEY": "pk_test_newsroom",
        "WEBHOOK_SECRET": stripe_fake.WEBHOOK_SECRET,
    }
    with stripe_fake.FakeStripe() as fake:
        settings.STRIPE_API_BASE = fake.url
        yield fake


def deliver_over_http(url, body):
    """POST the event to the live site as Stripe's servers do: JSON, signed."""
    payload = json.dumps(body).encode()
    request = urllib.request.Request(
        url,
        data=payload,
        headers={"Content-Type": "application/json", "Stripe-Signature": stripe_fake.sign(payload)},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (127.0.0.1 only)
        return response.status


def test_a_reader_pledges_pays_by_card_and_sees_the_payment_on_their_page(
    browsing,
    membership_offer,  # noqa: F811 (the fixture imported above)
    fake_stripe,
    live_server,
    smtp_inbox,  # noqa: F811
):
    page = browsing.new_page()
    page.goto("/membership/join/")
    page.get_by_label("Amount of your choice").fill("1200")
    page.get_by_label("One time").check()
    page.locator("#id_tier_custom").check()
    expect(page.locator("#id_tier_custom")).to_be_checked()
    page.locator("#id_currency_MKD").check()
    page.get_by_label("Card", exact=True).check()
    page.get_by_label("Your name").fill("Ana Petrovska")
    page.get_by_label("Email", exact=True).fill("ana@example.org")
    page.get_by_label("Country", exact=True).select_option("MK")
    page.locator("#id_privacy").check()
    page.get_by_role("button", name="Sign up", exact=True).click()

    # Off to Checkout and back: the page thanks, and says the receipt will come by email.
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your payment")
    assert page.url.startswith(live_server.url + "/membership/card/paid/?session_id=cs_test_")
    assert browsing.public_page_errors() == []  # no Content-Security-Policy refusal of the redirect
    member = Member.objects.get(email="ana@example.org")
    (session,) = fake_stripe.sessions.values()
    assert session["client_reference_id"] == member.payment_reference
    assert not member.payments.exists()  # the return page counts nothing: the webhook does

    completed = stripe_fake.checkout_session(member, amount_total=120000)
    completed["id"] = session["id"]
    status = deliver_over_http(
        live_server.url + "/membership/card/stripe/webhook/",
        stripe_fake.event("checkout.session.completed", completed),
    )
    assert status == 200
    payment = member.payments.get()
    assert (payment.amount, payment.method) == (Decimal("1200.00"), Payment.Method.CARD)

    run_email_queue()
    receipt = next(m for m in smtp_inbox.messages if "receipt" in m["Subject"].lower())
    body = receipt.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/membership/manage/\S+/", body)
    assert link, f"no link to the member's page in the receipt:\n{body}"

    page.goto(link.group(0))
    details = page.locator("dl").first
    expect(details).to_contain_text("Active")
    payments = page.get_by_role("table")
    expect(payments).to_contain_text("Card")
    expect(payments).to_contain_text("1,200")
    member.refresh_from_db()
    assert member.status == Status.ACTIVE


def test_a_card_member_changes_their_card_at_stripe_comes_back_and_cancels_the_pledge(
    browsing,
    fake_stripe,
    currencies,  # noqa: F811 (the fixture imported above)
):
    member = make_card_member(currencies, timezone.localdate() - timedelta(days=5))
    page = browsing.new_page()
    page.goto(reverse("membership:manage", args=[tokens.manage_token(member)]))

    # "Change card" posts to the member's page, which sends the browser on to Stripe's billing portal: the
    # page's Content-Security-Policy (form-action) must allow that redirect, or the button does nothing.
    page.get_by_role("button", name="Change card").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your card")
    assert page.url == fake_stripe.url + "/p/session"
    # No refusal logged on the member's page (the fake portal's own missing favicon is not ours).
    assert [e for e in browsing.public_page_errors() if e.startswith(browsing.base_url)] == []
    page.get_by_role("link", name="Return to the site").click()
    expect(page.get_by_role("heading", name="Your card payments")).to_be_visible()

    page.get_by_role("button", name="Cancel my recurring pledge and stop the card payments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your membership?")  # asked once more
    page.get_by_role("button", name="Yes, cancel my membership").click()
    expect(page.get_by_role("status")).to_contain_text("no more payments will be taken from your card")
    expect(page.get_by_role("button", name="Change card")).to_have_count(0)
    member.refresh_from_db()
    assert member.status == Status.CANCELLED
    assert [r["path"] for r in fake_stripe.requests if r["path"].startswith("/v1/subscriptions/")] == [
        "/v1/subscriptions/sub_test_ana"
    ]
