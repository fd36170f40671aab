"""Nothing lost, nothing duplicated: email through the database queue against a real SMTP server on
loopback that goes down and comes back, parallel identical sign-ups on PostgreSQL, and the queue task
stored in the sign-up's own transaction."""

import datetime
import socket
import threading

import pytest
import time_machine
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from membership.forms import JoinForm
from membership.models import Member, Notification
from tests.membership.conftest import form_data, run_queue


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_settings(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 3
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return port


def smtp_server(port, inbox):
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sign_up_is_kept_while_smtp_is_down_and_the_email_goes_out_when_it_is_back(smtp_settings, tier):
    inbox = Inbox()
    server = smtp_server(smtp_settings, inbox)
    server.stop()  # the mail server goes down

    response = Client().post("/membership/join/", form_data(), REMOTE_ADDR="192.0.2.20")
    assert response.status_code == 302
    member = Member.objects.get()
    assert member.status == "pending"

    run_queue()
    notification = Notification.objects.get(member=member, kind="confirm")
    assert notification.sent_at is None and notification.attempts == 1
    assert "Connection" in notification.last_error or "refused" in notification.last_error.lower()

    server = smtp_server(smtp_settings, inbox)  # and comes back
    try:
        run_queue()
        assert inbox.messages == []  # the retry waits for its delay
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
            run_queue()
    finally:
        server.stop()

    assert len(inbox.messages) == 1
    assert inbox.messages[0]["To"] == "ana@example.org"
    assert "/membership/confirm/" in inbox.messages[0].get_payload(decode=True).decode()
    notification.refresh_from_db()
    assert notification.sent_at is not None and notification.attempts == 2
    assert Member.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_identical_sign_ups_give_one_member_and_one_email(tier, mailoutbox, settings):
    if connection.vendor != "postgresql":
        pytest.skip("Needs real row locks and parallel transactions: run with DATABASE_URL=postgres://…")
    # The database must hold on its own, so the per-address rate limit is not what stops the duplicates.
    settings.MEMBERSHIP_SIGNUP_RATE_PER_EMAIL = "100/h"
    parallel = 8
    # The same answers from forms fetched one by one: each form's token is its own.
    statuses, errors = post_in_parallel([form_data() for _index in range(parallel)])

    assert errors == []
    assert statuses == [302] * parallel
    assert Member.objects.count() == 1
    assert Notification.objects.filter(kind="confirm").count() == 1
    run_queue()
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_form_sent_by_many_workers_at_once_signs_up_one_reader(tier, settings):
    if connection.vendor != "postgresql":
        pytest.skip("Needs real row locks and parallel transactions: run with DATABASE_URL=postgres://…")
    settings.MEMBERSHIP_SIGNUP_RATE_PER_IP = "100/h"
    parallel = 8
    started = form_data()["started"]
    statuses, errors = post_in_parallel(
        [form_data(started=started, email=f"bot{index}@example.org") for index in range(parallel)]
    )

    assert errors == []
    assert sorted(statuses) == [302] + [400] * (parallel - 1)
    assert Member.objects.count() == 1


def post_in_parallel(submissions):
    """POST each sign-up to the join page from its own thread and connection, all at the same moment."""
    barrier = threading.Barrier(len(submissions))
    statuses, errors = [], []

    def submit(index, data):
        try:
            client = Client()
            barrier.wait(timeout=10)
            statuses.append(
                client.post("/membership/join/", data, REMOTE_ADDR=f"192.0.2.{30 + index}").status_code
            )
        except Exception as error:  # collected and asserted below, so a failure is not lost in a thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=item) for item in enumerate(submissions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses, errors


@pytest.mark.django_db
def test_the_confirmation_is_queued_in_the_sign_up_transaction_itself(client, tier, mailoutbox):
    # No on-commit callback runs here: the queue task must already be stored with the member, so a process
    # that dies just after the commit cannot lose the email.
    response = client.post("/membership/join/", form_data(), REMOTE_ADDR="192.0.2.20")
    assert response.status_code == 302
    assert DBTaskResult.objects.count() == 1
    run_queue()
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_sign_up_that_is_rolled_back_leaves_no_email_owed_or_queued(tier, mailoutbox):
    form = JoinForm(form_data())
    assert form.is_valid(), form.errors
    with pytest.raises(RuntimeError), transaction.atomic():
        form.sign_up(language="en")
        raise RuntimeError("something after the sign-up failed")
    assert not Member.objects.exists()
    assert not Notification.objects.exists() and not DBTaskResult.objects.exists()
    run_queue()
    assert mailoutbox == []
