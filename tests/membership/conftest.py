"""Fixtures for membership tests: currencies with bank details, tiers, a valid sign-up, the email queue,
members made directly, membership staff in the admin and the forms its pages show."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from membership import services, tokens
from membership.models import ConsentText, Currency, Member, Status, Tier, TierPrice
from tests import factories

IBAN = "MK07250120000058984"


@pytest.fixture
def currencies(db):
    mkd = Currency.objects.get(code="MKD")
    mkd.account_holder, mkd.bank_name, mkd.iban, mkd.swift = (
        "Newsroom Skopje",
        "Stopanska banka",
        IBAN,
        "STOBMK2X",
    )
    mkd.save()
    eur = Currency.objects.get(code="EUR")
    eur.account_holder, eur.iban = "Newsroom Skopje", IBAN
    eur.save()
    return {"MKD": mkd, "EUR": eur}


@pytest.fixture
def tier(currencies):
    supporter = Tier.objects.create(
        name="Supporter", slug="supporter", benefits="Our thanks\nA monthly letter"
    )
    TierPrice.objects.create(
        tier=supporter, currency=currencies["MKD"], frequency="monthly", amount=Decimal("300")
    )
    TierPrice.objects.create(
        tier=supporter, currency=currencies["MKD"], frequency="yearly", amount=Decimal("3000")
    )
    TierPrice.objects.create(
        tier=supporter, currency=currencies["EUR"], frequency="monthly", amount=Decimal("5")
    )
    return supporter


def form_data(**overrides):
    """A complete, valid sign-up as a person would send it (the form was shown a minute ago)."""
    data = {
        "tier": "supporter",
        "amount": "",
        "frequency": "monthly",
        "currency": "MKD",
        "name": "Ana Petrovska",
        "email": "Ana@Example.org",
        "country": "MK",
        "privacy": "on",
        "privacy_version": str(ConsentText.current("privacy").version),
        "newsletter_version": str(ConsentText.current("newsletter").version),
        "website": "",
        "started": tokens.form_timing_token(at=timezone.now() - datetime.timedelta(minutes=1)),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def sign_up(client, tier, django_capture_on_commit_callbacks):
    def post(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/membership/join/", form_data(**overrides), REMOTE_ADDR="192.0.2.10")

    return post


def run_queue():
    """Run the email queue's worker once over everything due, as `manage.py db_worker --batch` does.

    The worker closes "old" database connections between tasks like a request would; inside a test's
    transaction that would close the test's own connection (on PostgreSQL), so only that is switched off.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def last_link(name):
    body = mail.outbox[-1].body
    match = re.search(rf"(https?://\S+/membership/{name}/\S+?/)(?:\s|$)", body)
    assert match, f"no {name} link in: {body}"
    return path_of(match.group(1))


def make_member(
    currencies, *, email, amount="300", currency="MKD", frequency="monthly", name="Reader", **fields
):
    return Member.objects.create(
        email=email,
        name=name,
        country=fields.pop("country", "MK"),
        amount=Decimal(amount),
        currency=currencies[currency],
        frequency=frequency,
        **fields,
    )


def pay(member, currencies, paid_on, amount=None):
    return services.payment_record(
        member=member,
        amount=Decimal(amount or member.amount),
        currency=currencies[member.currency_id],
        paid_on=paid_on,
        notify=False,
    )


def make_card_member(currencies, paid_on):
    """Ana, a monthly member paying by card through a Stripe subscription, paid for the month from `paid_on`
    (the customer and subscription ids are the ones tests/membership/stripe_fake.py answers for)."""
    member = make_member(
        currencies,
        email="ana@example.org",
        name="Ana Petrovska",
        status=Status.CONFIRMED,
        card_provider="stripe",
        card_customer_id="cus_test_ana",
        card_subscription_id="sub_test_ana",
    )
    pay(member, currencies, paid_on)
    member.refresh_from_db()
    assert member.status == Status.ACTIVE
    return member


@pytest.fixture
def membership_staff(db):
    return factories.user(group="Membership staff")


@pytest.fixture
def staff_client(client, membership_staff):
    client.force_login(membership_staff)
    return client


class _FormFields(HTMLParser):
    """The values a browser would send for the page's forms: inputs, ticked boxes, chosen options, text."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            # A browser sends the chosen option, or the first when none is marked.
            if "selected" in attrs or self._select not in self.data:
                self.data[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def admin_form_data(response, **overrides):
    """What the admin page in `response` posts when saved with `overrides` typed in (None unticks a box)."""
    parser = _FormFields()
    parser.feed(response.content.decode())
    data = {key: value for key, value in parser.data.items() if key != "csrfmiddlewaretoken"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
