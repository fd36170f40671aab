"""A GDPR erasure leaves the member's name and addresses nowhere staff or a database dump could read them:
not in the admin's change log (for the member and what belongs to them), the member's history, payment
notes and references, or the errors of emails that bounced. What the books and the audit need stays."""

import datetime
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from membership.models import Member, Notification, Payment
from tests.membership.conftest import admin_form_data, make_member

pytestmark = pytest.mark.django_db

NAME = "Ана Петровска"
EMAIL = "ana.petrovska@example.org"
OLD_EMAIL = "ana.p@old-provider.example"  # the address staff corrected to EMAIL
TRACES = [NAME, "Петровска", EMAIL, OLD_EMAIL, "Petrovska"]  # and as banks spell her, in Latin letters


def traces_in(text):
    """Which of the member's name and addresses `text` holds, as typed or as JSON stores them."""
    text = str(text or "").lower()
    return [trace for trace in TRACES if trace.lower() in text or json.dumps(trace)[1:-1].lower() in text]


@pytest.fixture
def erased(staff_client, currencies, membership_staff):
    """A member with a paper trail made the way staff make one, then erased from the admin."""
    member = make_member(currencies, email=OLD_EMAIL, name=NAME)
    change_url = reverse("admin:membership_member_change", args=[member.pk])
    # follow=True: staff see the page after each save, with its message, as a browser shows it.
    response = staff_client.post(
        change_url, admin_form_data(staff_client.get(change_url), email=EMAIL), follow=True
    )
    assert response.redirect_chain, response.content.decode()[-3000:]
    response = staff_client.post(
        reverse("admin:membership_payment_add"),
        {
            "member": member.pk,
            "amount": "300",
            "currency": "MKD",
            "paid_on": "2025-06-01",
            "method": "cash",
            "reference": f"ANA PETROVSKA {member.payment_reference}",  # the bank spells her in Latin
            "note": f"Paid in cash at the stand by {NAME} ({EMAIL})",
        },
        follow=True,
    )
    assert response.redirect_chain, response.content.decode()[-3000:]
    staff_client.post(
        reverse("admin:membership_payment_add"),
        {
            "member": member.pk,
            "amount": "300",
            "currency": "MKD",
            "paid_on": "2025-07-01",
            "method": "bank_transfer",
            "reference": "Petrovska Ana - clenarina",  # no payment reference, the name as the bank shows it
            "note": "",
        },
        follow=True,
    )
    # A tool's entry in the change log, stored as Django stores messages: JSON with the name escaped.
    LogEntry.objects.log_actions(
        user_id=membership_staff.pk,
        queryset=[member],
        action_flag=CHANGE,
        change_message=[{"changed": {"name": "member", "object": f"{NAME} <{EMAIL}>", "fields": ["email"]}}],
    )
    Notification.objects.create(
        member=member,
        kind="payment_received",
        attempts=1,
        last_error=f"SMTPRecipientsRefused: {{'{EMAIL}': (550, b'5.1.1 mailbox unavailable')}}",
    )
    assert traces_in(Member.objects.get().name)  # the paper trail names her before the erasure
    staff_client.post(
        reverse("admin:membership_member_changelist"),
        {"action": "erase_members", "_selected_action": [member.pk]},
        follow=True,
    )
    member.refresh_from_db()
    assert member.erased_at
    return member


def test_after_erasure_no_admin_log_entry_names_the_member(erased, staff_client):
    entries = list(LogEntry.objects.all())
    assert len(entries) >= 3  # the edit, the payment and the tool's note are still logged
    for entry in entries:
        assert traces_in(entry.object_repr) == []
        assert traces_in(entry.change_message) == []
        assert traces_in(entry.get_change_message()) == []
    own = [
        entry
        for entry in entries
        if entry.object_id == str(erased.pk) and entry.content_type.model == "member"
    ]
    assert own and {entry.object_repr for entry in own} == {str(erased)}  # "Erased member RF…"
    assert traces_in(staff_client.get(reverse("admin:index")).content.decode()) == []  # recent actions


def test_after_erasure_no_payment_note_or_reference_names_the_member(erased):
    payments = list(Payment.objects.order_by("paid_on"))
    assert len(payments) == 2  # the books keep the payments
    for payment in payments:
        assert traces_in(payment.note) == [] and traces_in(payment.reference) == []
        assert payment.member == erased and str(payment.amount) == "300.00"
    assert payments[0].paid_on == datetime.date(2025, 6, 1)
    assert payments[0].reference == erased.payment_reference  # what matches it to the bank statement
    assert "clenarina" in payments[1].reference


def test_after_erasure_no_email_error_holds_the_address(erased):
    for notification in Notification.objects.all():
        assert traces_in(notification.last_error) == []


def test_after_erasure_no_row_of_the_members_history_holds_the_name_or_an_address_it_had(
    erased, staff_client
):
    rows = Member.history.filter(id=erased.pk)
    assert rows.count() >= 3  # made, corrected by staff, erased: the history itself stays
    for row in rows.values():
        assert traces_in(" ".join(str(value) for value in row.values())) == []
    page = staff_client.get(reverse("admin:membership_member_history", args=[erased.pk]))
    assert page.status_code == 200 and traces_in(page.content.decode()) == []
