"""The whole reader journey: sign up, confirm by POST, pay, active, lapse; and repeat sign-ups."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from membership import services
from membership.models import ConsentRecord, Member, Notification, Status, add_months
from tests.membership.conftest import last_link, run_queue

pytestmark = pytest.mark.django_db


def test_join_page_shows_offered_tiers_and_no_preselected_frequency(client, tier):
    response = client.get("/membership/join/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Supporter" in html and "300 MKD every month, until you cancel" in html
    assert 'name="frequency" value="monthly" id="id_frequency_monthly" required>' in html  # not checked


def test_join_page_shows_a_changed_price_tier_and_consent_text_at_once(client, tier):
    from membership.models import ConsentText, Tier

    client.get("/membership/join/")
    price = tier.prices.get(currency="MKD", frequency="monthly")
    price.amount = Decimal("350")
    price.save()
    Tier.objects.create(name="Patron", slug="patron")
    ConsentText.publish(kind="privacy", text="We keep your address for membership only.")
    html = client.get("/membership/join/").content.decode()
    assert "350 MKD every month, until you cancel" in html
    assert "300 MKD every month" not in html
    assert "Patron" in html
    assert "We keep your address for membership only." in html


def test_sign_up_creates_pending_member_and_queues_one_confirmation(sign_up):
    response = sign_up()
    assert response.status_code == 302 and response.url == "/membership/join/sent/"
    member = Member.objects.get()
    assert member.email == "ana@example.org"
    assert member.status == Status.PENDING
    assert member.amount == Decimal("300") and member.currency_id == "MKD" and member.frequency == "monthly"
    assert member.payment_reference.startswith("RF")
    assert mail.outbox == []  # nothing is sent in the request: the queue sends it
    run_queue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert "300 MKD every month, until you cancel" in message.body
    assert "/membership/manage/" in message.body  # the GDPR link is in every email


def test_full_flow_confirm_pay_active_then_lapse(client, sign_up, currencies):
    sign_up()
    run_queue()
    confirm_url = last_link("confirm")
    member = Member.objects.get()

    # Opening the link (as a mail scanner does) changes nothing.
    page = client.get(confirm_url)
    assert page.status_code == 200 and b"Yes, confirm my membership" in page.content
    member.refresh_from_db()
    assert member.status == Status.PENDING

    response = client.post(confirm_url)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == Status.CONFIRMED and member.confirmed_at

    # The member's page shows the bank details and the reference.
    page = client.get(response.url)
    html = page.content.decode()
    assert "MK07 2501 2000 0058 984" in html and member.formatted_reference in html

    paid_on = timezone.localdate()
    services.payment_record(member=member, amount=Decimal("300"), currency=currencies["MKD"], paid_on=paid_on)
    member.refresh_from_db()
    assert member.status == Status.ACTIVE
    assert member.paid_until == add_months(paid_on, 1) - datetime.timedelta(days=1)

    after_period = member.paid_until + datetime.timedelta(days=1)
    assert member.current_status(today=after_period) == Status.LAPSED
    assert Member.objects.currently(Status.LAPSED, today=after_period).get() == member

    with time_machine.travel(datetime.datetime.combine(after_period, datetime.time(12), tzinfo=datetime.UTC)):
        call_command("membership_lapse", verbosity=0)
        call_command("membership_lapse", verbosity=0)  # safe to run again
    member.refresh_from_db()
    assert member.status == Status.LAPSED
    history = list(member.status_changes.values_list("from_status", "to_status"))
    assert history == [
        ("", "pending"),
        ("pending", "confirmed"),
        ("confirmed", "active"),
        ("active", "lapsed"),
    ]


def test_confirmation_email_after_confirming_carries_bank_details(
    client, sign_up, django_capture_on_commit_callbacks
):
    sign_up()
    run_queue()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(last_link("confirm"))
    run_queue()
    body = mail.outbox[-1].body
    assert "MK07 2501 2000 0058 984" in body
    assert Member.objects.get().formatted_reference in body


def test_payment_made_early_extends_from_the_end_of_the_paid_period(sign_up, currencies):
    sign_up()
    member = Member.objects.get()
    first = services.payment_record(
        member=member, amount=Decimal("300"), currency=currencies["MKD"], paid_on=datetime.date(2025, 1, 10)
    )
    second = services.payment_record(
        member=member, amount=Decimal("300"), currency=currencies["MKD"], paid_on=datetime.date(2025, 2, 1)
    )
    assert (first.period_start, first.period_end) == (datetime.date(2025, 1, 10), datetime.date(2025, 2, 9))
    assert (second.period_start, second.period_end) == (datetime.date(2025, 2, 10), datetime.date(2025, 3, 9))


def test_repeat_sign_up_updates_pledge_of_pending_member_and_looks_the_same(sign_up):
    first = sign_up()
    second = sign_up(email=" ANA@example.org ", tier="custom", amount="750", frequency="yearly")
    assert first.status_code == second.status_code == 302 and first.url == second.url
    member = Member.objects.get()
    assert (member.amount, member.frequency, member.tier) == (Decimal("750"), "yearly", None)
    # A repeat within minutes (a double click, a retry) sends no second email.
    assert Notification.objects.filter(kind="confirm").count() == 1


def test_repeat_sign_up_later_sends_a_fresh_confirmation(sign_up):
    sign_up()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=30)):
        sign_up()
    assert Notification.objects.filter(kind="confirm").count() == 2
    assert Member.objects.count() == 1


def test_sign_up_for_an_active_member_changes_nothing_and_reveals_nothing(sign_up, currencies):
    sign_up()
    member = Member.objects.get()
    services.member_confirm(member=member)
    services.payment_record(
        member=member, amount=Decimal("300"), currency=currencies["MKD"], paid_on=timezone.localdate()
    )
    response = sign_up(tier="custom", amount="1", currency="EUR")
    assert response.status_code == 302 and response.url == "/membership/join/sent/"
    member.refresh_from_db()
    assert member.status == Status.ACTIVE and member.amount == Decimal("300") and member.currency_id == "MKD"


def test_consent_records_keep_the_version_the_reader_saw(sign_up):
    from membership.models import ConsentText

    seen = ConsentText.current("privacy")
    ConsentText.publish(kind="privacy", text="A new privacy text.")
    sign_up(privacy_version=str(seen.version), newsletter="on")
    member = Member.objects.get()
    privacy = member.consents.get(consent_text__kind="privacy")
    assert privacy.consent_text == seen and privacy.given
    assert privacy.channel == ConsentRecord.Channel.JOIN_FORM
    assert member.consents.get(consent_text__kind="newsletter").given
    assert member.newsletter


def test_changing_a_consent_text_creates_a_new_version():
    from membership.models import ConsentText

    old = ConsentText.current("newsletter")
    new = ConsentText.publish(kind="newsletter", text="Weekly newsletter, stop any time.")
    assert new.version > old.version  # numbered per kind across languages (the Macedonian text has one)
    assert ConsentText.current("newsletter") == new
    assert ConsentText.publish(kind="newsletter", text="Weekly newsletter, stop any time.") == new
    old.refresh_from_db()
    assert old.text != new.text  # the old wording is still there for the records that point at it


def test_an_email_whose_queue_task_was_lost_is_sent_by_the_catch_up_command(sign_up):
    from django_tasks_db.models import DBTaskResult

    sign_up()
    DBTaskResult.objects.all().delete()  # as if the process died between the commit and the enqueue
    run_queue()
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        call_command("membership_send_emails", verbosity=0)
        run_queue()
        call_command("membership_send_emails", verbosity=0)  # nothing owed any more: sends nothing twice
        run_queue()
    assert len(mail.outbox) == 1


def test_a_confirmation_for_an_erased_member_is_never_sent(sign_up):
    sign_up()
    member = Member.objects.get()
    services.member_erase(member=member, by=None)
    run_queue()
    assert mail.outbox == []
