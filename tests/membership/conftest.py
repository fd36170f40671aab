"""Fixtures for membership tests: currencies with bank details, tiers, a valid sign-up, the email queue."""

import datetime
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from membership import tokens
from membership.models import ConsentText, Currency, Tier, TierPrice

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
