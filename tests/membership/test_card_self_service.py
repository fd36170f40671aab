"""A card member looks after their recurring pledge on their own page (issue 22, item 4): Stripe's billing
portal to change the card, and cancelling, which ends the subscription at Stripe and the membership here in
one step, from every path (their page, the admin, erasure). Stripe is the fake in stripe_fake.py on
127.0.0.1, reached by the real `stripe` library; the dashboard counts a past-due member as past due."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from membership import dashboard, services, tokens
from membership.models import Member, Notification, Status
from tests.membership import stripe_fake
from tests.membership.conftest import make_card_member, make_member, run_queue

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 5, 20, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def fake_stripe(settings):
    settings.STRIPE = {
        "SECRET_KEY": stripe_fake.SECRET_KEY,
        "PUBLISHABLE_KEY": "pk_test_newsroom",
        "WEBHOOK_SECRET": stripe_fake.WEBHOOK_SECRET,
    }
    with stripe_fake.FakeStripe() as fake:
        settings.STRIPE_API_BASE = fake.url
        yield fake


@pytest.fixture
def card_member(currencies):
    """Paid until 4 June."""
    return make_card_member(currencies, datetime.date(2026, 5, 5))


def page_url(member):
    return reverse("membership:manage", args=[tokens.manage_token(member)])


def stripe_calls(fake, path):
    return [request for request in fake.requests if request["path"] == path]


SUBSCRIPTION = "/v1/subscriptions/sub_test_ana"
CUSTOMER = "/v1/customers/cus_test_ana"


# The member's page ------------------------------------------------------------------------------------


def test_a_card_member_sees_change_card_and_cancel_pledge_and_a_bank_member_does_not(
    client, card_member, currencies
):
    html = client.get(page_url(card_member)).content.decode()
    assert 'name="action" value="card_portal"' in html and "Change card" in html
    assert 'name="action" value="card_cancel"' in html
    assert 'value="cancel"' not in html  # one cancel button, the one that stops the card payments
    assert "Pay by bank transfer" not in html  # the card pays each period: no transfer to make
    bank_member = make_member(currencies, email="bank@example.org", status=Status.CONFIRMED)
    html = client.get(page_url(bank_member)).content.decode()
    assert "card_portal" not in html and "card_cancel" not in html
    assert 'name="action" value="cancel"' in html
    assert "Pay by bank transfer" in html


def test_change_card_opens_stripes_billing_portal_which_returns_to_the_members_page(
    client, card_member, fake_stripe
):
    response = client.post(page_url(card_member), {"action": "card_portal"})

    assert response.status_code == 303 and response["Location"] == f"{fake_stripe.url}/p/session"
    (sent,) = stripe_calls(fake_stripe, "/v1/billing_portal/sessions")
    assert sent["params"] == {
        "customer": "cus_test_ana",
        "return_url": f"http://testserver{page_url(card_member)}",
    }


def form_action(response):
    (directive,) = [d for d in response["Content-Security-Policy"].split(";") if "form-action" in d]
    return directive.split()[1:]


def test_a_card_members_page_lets_the_change_card_form_lead_to_stripe_and_no_other_page_does(
    client, card_member, currencies, fake_stripe, settings
):
    # Browsers apply form-action to the redirect after a form: without Stripe's origin the button does nothing.
    assert form_action(client.get(page_url(card_member))) == ["'self'", fake_stripe.url]
    bank_member = make_member(currencies, email="bank@example.org", status=Status.CONFIRMED)
    assert form_action(client.get(page_url(bank_member))) == ["'self'"]
    settings.STRIPE_API_BASE = None  # the real Stripe
    assert form_action(client.get(page_url(card_member))) == ["'self'", "https://billing.stripe.com"]


def test_change_card_when_stripe_is_down_says_so_and_links_back(client, card_member, fake_stripe):
    fake_stripe.failures["/v1/billing_portal/sessions"] = (500, "An unknown error occurred")
    response = client.post(page_url(card_member), {"action": "card_portal"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "could not reach the card payment service" in html and page_url(card_member) in html


def test_change_card_for_a_member_without_a_card_is_refused_with_a_message(client, currencies, fake_stripe):
    bank_member = make_member(currencies, email="bank@example.org", status=Status.CONFIRMED)
    response = client.post(page_url(bank_member), {"action": "card_portal"})
    assert response.status_code == 400 and "no card to change" in response.content.decode()
    assert fake_stripe.requests == []


def test_cancelling_the_pledge_ends_it_at_stripe_once_and_cancels_the_membership_with_one_email(
    client, card_member, fake_stripe, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_url(card_member), {"action": "card_cancel", "confirmed": "1"})
    assert response.status_code == 302 and response["Location"].endswith("?done=card_cancel")
    page = client.get(response["Location"]).content.decode()
    assert "no more payments will be taken from your card" in page
    assert "Change card" not in page

    # Twice (a double click, a reload) asks Stripe nothing more; Stripe's own notice changes nothing.
    client.post(page_url(card_member), {"action": "card_cancel", "confirmed": "1"})
    ended = stripe_fake.subscription(card_member, subscription_id="sub_test_ana", customer="cus_test_ana")
    assert (
        stripe_fake.deliver(client, stripe_fake.event("customer.subscription.deleted", ended)).status_code
        == 200
    )

    assert len(stripe_calls(fake_stripe, SUBSCRIPTION)) == 1
    card_member.refresh_from_db()
    assert card_member.status == Status.CANCELLED and card_member.card_subscription_id == ""
    last = card_member.status_changes.last()
    assert (last.from_status, last.to_status, last.actor) == ("active", "cancelled", "reader")
    assert "Recurring card pledge ended at stripe (sub_test_ana)" in last.note
    assert card_member.status_changes.filter(to_status=Status.CANCELLED).count() == 1
    run_queue()
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert card_member.notifications.get().kind == Notification.Kind.CANCELLED


def test_the_general_cancel_button_ends_the_card_pledge_at_stripe_too(client, card_member, fake_stripe):
    client.post(page_url(card_member), {"action": "cancel", "confirmed": "1"})
    assert len(stripe_calls(fake_stripe, SUBSCRIPTION)) == 1
    card_member.refresh_from_db()
    assert card_member.status == Status.CANCELLED and card_member.card_subscription_id == ""


def test_staff_cancelling_a_card_member_ends_the_pledge_at_stripe(staff_client, card_member, fake_stripe):
    staff_client.post(
        reverse("admin:membership_member_changelist"),
        {"action": "cancel_members", "_selected_action": [card_member.pk]},
    )
    assert len(stripe_calls(fake_stripe, SUBSCRIPTION)) == 1
    card_member.refresh_from_db()
    assert card_member.status == Status.CANCELLED and card_member.card_subscription_id == ""


def test_a_pledge_already_ended_at_stripe_cancels_the_membership_without_an_error(
    client, card_member, fake_stripe
):
    fake_stripe.canceled.add("sub_test_ana")  # cancelled at Stripe's portal; its notice not here yet
    response = client.post(page_url(card_member), {"action": "card_cancel", "confirmed": "1"})
    assert response.status_code == 302
    card_member.refresh_from_db()
    assert card_member.status == Status.CANCELLED and card_member.card_subscription_id == ""


def test_when_stripe_fails_the_member_is_told_and_nothing_is_cancelled(
    client, staff_client, card_member, fake_stripe
):
    fake_stripe.failures[SUBSCRIPTION] = (500, "An unknown error occurred")
    history = card_member.status_changes.count()

    response = client.post(page_url(card_member), {"action": "card_cancel", "confirmed": "1"})

    assert response.status_code == 503
    assert "nothing was changed: your card pledge and your membership are still running" in (
        response.content.decode()
    )
    card_member.refresh_from_db()
    assert card_member.status == Status.ACTIVE and card_member.card_subscription_id == "sub_test_ana"
    assert card_member.cancelled_at is None and card_member.status_changes.count() == history
    assert not card_member.notifications.exists()
    # Stripe refusing (a 4xx other than "no such subscription") is no different.
    fake_stripe.failures[SUBSCRIPTION] = (400, "This API call cannot be made with a publishable API key")
    assert client.post(page_url(card_member), {"action": "cancel", "confirmed": "1"}).status_code == 503
    # Staff in the admin get a message, not an error page.
    response = staff_client.post(
        reverse("admin:membership_member_changelist"),
        {"action": "cancel_members", "_selected_action": [card_member.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "could not be cancelled at the card payment service" in response.content.decode()
    card_member.refresh_from_db()
    assert card_member.status == Status.ACTIVE


# Erasure ------------------------------------------------------------------------------------------------


def test_erasing_a_card_member_ends_the_pledge_at_stripe_and_forgets_the_stripe_ids(
    card_member, fake_stripe, membership_staff
):
    services.member_erase(member=card_member, by=membership_staff)

    assert len(stripe_calls(fake_stripe, SUBSCRIPTION)) == 1
    assert fake_stripe.deleted_customers == {"cus_test_ana"}  # Stripe no longer holds her name and address
    card_member.refresh_from_db()
    assert card_member.erased_at and card_member.status == Status.CANCELLED
    assert (card_member.card_customer_id, card_member.card_subscription_id) == ("", "")
    assert not Member.history.filter(id=card_member.pk).exclude(card_customer_id="").exists()
    assert "Recurring card pledge ended at stripe" in card_member.status_changes.last().note


def test_erasure_is_refused_while_stripe_cannot_end_the_pledge(staff_client, card_member, fake_stripe):
    fake_stripe.failures[SUBSCRIPTION] = (503, "Stripe is down")
    response = staff_client.post(
        reverse("admin:membership_member_changelist"),
        {"action": "erase_members", "_selected_action": [card_member.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "so nothing was erased" in response.content.decode()
    card_member.refresh_from_db()
    assert card_member.erased_at is None and card_member.email == "ana@example.org"
    assert card_member.card_subscription_id == "sub_test_ana" and card_member.status == Status.ACTIVE


def test_erasure_is_refused_while_stripe_cannot_delete_the_customer_and_goes_through_on_retry(
    card_member, fake_stripe, membership_staff
):
    fake_stripe.failures[CUSTOMER] = (503, "Stripe is down")
    with pytest.raises(ValidationError, match="could not be deleted"):
        services.member_erase(member=card_member, by=membership_staff)
    card_member.refresh_from_db()
    assert card_member.erased_at is None and card_member.email == "ana@example.org"
    assert card_member.card_customer_id == "cus_test_ana"

    del fake_stripe.failures[CUSTOMER]
    services.member_erase(member=card_member, by=membership_staff)  # the pledge had ended: Stripe says so
    card_member.refresh_from_db()
    assert card_member.erased_at and fake_stripe.deleted_customers == {"cus_test_ana"}


def test_erasing_a_one_time_card_donor_deletes_their_stripe_customer(
    currencies, fake_stripe, membership_staff
):
    donor = make_member(
        currencies, email="gift@example.org", card_provider="stripe", card_customer_id="cus_test_gift"
    )
    services.member_erase(member=donor, by=membership_staff)
    assert fake_stripe.deleted_customers == {"cus_test_gift"}
    assert "Customer record deleted at stripe" in donor.status_changes.last().note


# The dashboard -------------------------------------------------------------------------------------------


def test_the_dashboard_counts_a_past_due_member_as_past_due_not_active_or_lapsed(
    staff_client, card_member, membership_staff
):
    def figures(day):
        by_status = {status: count for status, _label, count in dashboard.members_by_status(today=day)}
        return by_status, dashboard.lapsed_this_month(today=day)

    # Paid until 4 June; on 5 June Stripe is charging the renewal: active, not lapsed.
    by_status, lapsed = figures(datetime.date(2026, 6, 5))
    assert (by_status[Status.ACTIVE], by_status[Status.LAPSED], lapsed) == (1, 0, 0)
    # The renewal failed and Stripe retries: on 10 June they are past due, neither active nor lapsed.
    services.card_payment_failed(member=card_member, note="Stripe invoice in_test_1")
    by_status, lapsed = figures(datetime.date(2026, 6, 10))
    assert by_status[Status.PAST_DUE] == 1 and (by_status[Status.ACTIVE], by_status[Status.LAPSED]) == (0, 0)
    assert lapsed == 0 and dashboard.monthly_recurring_revenue(today=datetime.date(2026, 6, 10)) == []
    with time_machine.travel(datetime.datetime(2026, 6, 10, 12, tzinfo=datetime.UTC), tick=False):
        staff_client.force_login(membership_staff)
        html = staff_client.get(reverse("admin:membership_member_dashboard")).content.decode()
    assert 'data-status="past_due">1<' in html and 'data-status="active">0<' in html
    assert '<dd id="lapsed-this-month">0<' in html
    # The retries are over (the lapse command has not run yet): lapsed this month, as their status says.
    by_status, lapsed = figures(datetime.date(2026, 6, 25))
    assert (by_status[Status.PAST_DUE], by_status[Status.LAPSED], lapsed) == (0, 1, 1)


def test_a_card_member_is_asked_once_more_before_the_card_payments_stop(client, fake_stripe, card_member):
    asked = client.post(page_url(card_member), {"action": "card_cancel"}).content.decode()
    assert "Cancel your membership?" in asked and "nothing more is charged" in asked
    assert 'name="action" value="card_cancel"' in asked
    assert stripe_calls(fake_stripe, SUBSCRIPTION) == []  # nothing asked of Stripe yet
    card_member.refresh_from_db()
    assert card_member.status == Status.ACTIVE
