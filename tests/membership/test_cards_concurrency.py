"""The same Stripe event delivered twice at the same moment records one payment (PostgreSQL: two
requests in two threads, each with its own database connection, released together by a barrier)."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from membership.models import Payment, ProviderEvent
from tests.membership import stripe_fake
from tests.membership.conftest import make_member

# Real commits (transaction=True); the rows the migrations made (currencies, groups) are put back afterwards
# for the tests that follow (serialized_rollback).
pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent deliveries need PostgreSQL (SQLite runs one writer at a time)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def stripe_keys(settings):
    settings.STRIPE = {"SECRET_KEY": stripe_fake.SECRET_KEY, "WEBHOOK_SECRET": stripe_fake.WEBHOOK_SECRET}


def test_two_identical_webhooks_delivered_at_once_record_one_payment(stripe_keys, currencies):
    member = make_member(currencies, email="ana@example.org", frequency="one_time")
    body = stripe_fake.event("checkout.session.completed", stripe_fake.checkout_session(member))
    barrier, answers = threading.Barrier(2), []

    def deliver():
        try:
            client = Client()
            barrier.wait(timeout=10)
            response = stripe_fake.deliver(client, body)
            answers.append((response.status_code, json.loads(response.content)["applied"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(answers) == [(200, False), (200, True)]
    assert Payment.objects.filter(member=member).count() == 1
    assert ProviderEvent.objects.count() == 1
