"""Staff tools: who can see members, the CSV export, the actions, recording payments, erasure, staff edits
of a member (consents recorded, the pledge's rules kept, the member's history), and the dashboard's
figures on known data."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from membership import dashboard, services
from membership.models import ConsentRecord, ConsentText, Payment, Status
from tests import factories
from tests.membership.conftest import admin_form_data, make_member, pay

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 15)


def test_editors_cannot_see_members_but_membership_staff_can(client, currencies):
    make_member(currencies, email="a@example.org")
    client.force_login(factories.user(group="Editor"))
    assert client.get(reverse("admin:membership_member_changelist")).status_code == 403
    assert client.get(reverse("admin:membership_member_dashboard")).status_code == 403
    client.force_login(factories.user(group="Membership staff"))
    assert client.get(reverse("admin:membership_member_changelist")).status_code == 200
    assert client.get(reverse("admin:membership_member_dashboard")).status_code == 200


def test_admin_group_has_every_membership_permission():
    admin_group = Group.objects.get(name="Admin")
    assert admin_group.permissions.filter(
        content_type__app_label="membership", codename="erase_member"
    ).exists()


def test_member_list_shows_status_tier_amount_and_last_payment(staff_client, currencies):
    member = make_member(currencies, email="a@example.org", name="Ana")
    pay(member, currencies, datetime.date(2025, 1, 5))
    html = staff_client.get(reverse("admin:membership_member_changelist")).content.decode()
    assert "Ana" in html and "300.00" in html and "Jan. 5, 2025" in html


def test_the_member_list_fits_a_1280_pixel_screen_in_five_columns(staff_client, currencies, tier):
    # Ten columns beside the navigation and the filters needed sideways scrolling at 1280 px (measured in
    # Chromium: a 1113 px table in 671 px); the address goes under the name and the pledge is one column.
    member = make_member(currencies, email="ana@example.org", name="Ana", amount="1500", tier=tier)
    html = staff_client.get(reverse("admin:membership_member_changelist")).content.decode()
    table = html[html.index('id="result_list"') :]
    headings = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', table)
    assert headings == ["display_name", "current_status", "pledge", "paid_until", "last_payment"]
    member_url = reverse("admin:membership_member_change", args=[member.pk])
    assert (
        f'<a href="{member_url}">Ana<br><span class="membership-email">ana<wbr>@example.org</span></a>'
        in table
    )
    assert '1,500.00\u00a0MKD<br><span class="membership-pledge">Monthly · Supporter</span>' in table


def test_status_filter_uses_the_status_as_of_today(staff_client, currencies):
    lapsed = make_member(currencies, email="old@example.org", name="Old Payer")
    pay(lapsed, currencies, datetime.date(2020, 1, 1))
    make_member(currencies, email="new@example.org", name="Brand New")
    html = staff_client.get(reverse("admin:membership_member_changelist") + "?status=lapsed").content.decode()
    assert "Old Payer" in html and "Brand New" not in html


def test_export_csv_contains_the_selected_members(staff_client, currencies, membership_staff):
    membership_staff.user_permissions.add(*Group.objects.get(name="Membership staff").permissions.all())
    ana = make_member(currencies, email="ana@example.org", name="Ana", frequency="yearly", amount="3000")
    pay(ana, currencies, datetime.date(2025, 3, 1))
    make_member(currencies, email="not-selected@example.org")
    formula = make_member(currencies, email="eve@example.org", name="=HYPERLINK(1)")
    response = staff_client.post(
        reverse("admin:membership_member_changelist"),
        {"action": "export_csv", "_selected_action": [ana.pk, formula.pk]},
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_email = {row["Email"]: row for row in rows}
    assert set(by_email) == {"ana@example.org", "eve@example.org"}
    assert by_email["ana@example.org"]["Amount"] == "3000.00"
    assert by_email["ana@example.org"]["Frequency"] == "Yearly"
    assert by_email["ana@example.org"]["Last payment"] == "2025-03-01"
    assert by_email["ana@example.org"]["Paid until"] == "2026-02-28"
    assert by_email["ana@example.org"]["Payment reference"] == ana.payment_reference
    assert by_email["eve@example.org"]["Name"] == "'=HYPERLINK(1)"  # not run as a formula by a spreadsheet


def test_staff_without_export_permission_cannot_export(client, currencies):
    clerk = factories.user(is_staff=True)
    clerk.user_permissions.add(
        *Group.objects.get(name="Membership staff").permissions.exclude(codename="export_member")
    )
    client.force_login(clerk)
    member = make_member(currencies, email="a@example.org")
    response = client.post(
        reverse("admin:membership_member_changelist"),
        {"action": "export_csv", "_selected_action": [member.pk]},
    )
    assert not response.get("Content-Type", "").startswith("text/csv")


def test_resend_confirmation_action_queues_email_for_pending_members_only(staff_client, currencies):
    pending = make_member(currencies, email="p@example.org")
    active = make_member(currencies, email="a@example.org")
    pay(active, currencies, datetime.date.today())
    staff_client.post(
        reverse("admin:membership_member_changelist"),
        {"action": "resend_confirmation", "_selected_action": [pending.pk, active.pk]},
    )
    assert pending.notifications.filter(kind="confirm").count() == 1
    assert active.notifications.filter(kind="confirm").count() == 0


def test_cancel_action_records_who_cancelled(staff_client, currencies, membership_staff):
    member = make_member(currencies, email="a@example.org")
    staff_client.post(
        reverse("admin:membership_member_changelist"),
        {"action": "cancel_members", "_selected_action": [member.pk]},
    )
    member.refresh_from_db()
    assert member.status == Status.CANCELLED
    change = member.status_changes.last()
    assert (change.to_status, change.by, change.actor) == ("cancelled", membership_staff, "staff")


def test_recording_a_payment_in_the_admin_activates_the_member(staff_client, currencies, membership_staff):
    member = make_member(currencies, email="a@example.org")
    services.member_confirm(member=member)
    response = staff_client.post(
        reverse("admin:membership_payment_add"),
        {
            "member": member.pk,
            "amount": "300",
            "currency": "MKD",
            "paid_on": "2025-06-01",
            "method": "bank_transfer",
            "reference": member.payment_reference,
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    member.refresh_from_db()
    assert member.status == Status.ACTIVE and member.paid_until == datetime.date(2025, 6, 30)
    assert Payment.objects.get().recorded_by == membership_staff


def test_a_payment_in_the_future_is_refused(staff_client, currencies):
    member = make_member(currencies, email="a@example.org")
    response = staff_client.post(
        reverse("admin:membership_payment_add"),
        {"member": member.pk, "amount": "300", "currency": "MKD", "paid_on": "2999-01-01", "method": "cash"},
    )
    assert response.status_code == 200 and "cannot be in the future" in response.content.decode()
    assert Payment.objects.count() == 0


def test_erase_removes_personal_data_but_keeps_payments(staff_client, currencies):
    member = make_member(currencies, email="ana@example.org", name="Ana Petrovska")
    pay(member, currencies, datetime.date(2025, 1, 1))
    staff_client.post(
        reverse("admin:membership_member_changelist"),
        {"action": "erase_members", "_selected_action": [member.pk]},
    )
    member.refresh_from_db()
    assert member.erased_at and member.email is None and member.name == "" and not member.country
    assert member.status == Status.CANCELLED
    payment = Payment.objects.get()
    assert payment.member == member and payment.amount == Decimal("300")
    # The address can sign up again as a new person.
    assert make_member(currencies, email="ana@example.org").pk != member.pk


def test_dashboard_figures_on_known_data(currencies):
    # Active monthly 300 MKD since March; active yearly 1200 MKD (100 a month); active monthly 5 EUR;
    # a one-time gift (active, not recurring); one lapsed in June; one pending; one cancelled.
    monthly = make_member(currencies, email="m@example.org")
    for month in (3, 4, 5, 6):
        pay(monthly, currencies, datetime.date(2025, month, 1))
    yearly = make_member(currencies, email="y@example.org", amount="1200", frequency="yearly")
    pay(yearly, currencies, datetime.date(2025, 6, 2))
    euro = make_member(currencies, email="e@example.org", amount="5", currency="EUR")
    pay(euro, currencies, datetime.date(2025, 6, 10))
    once = make_member(currencies, email="o@example.org", amount="1000", frequency="one_time")
    pay(once, currencies, datetime.date(2024, 12, 20))
    gone = make_member(currencies, email="l@example.org")
    pay(gone, currencies, datetime.date(2025, 5, 5))  # covers 5 May to 4 June
    make_member(currencies, email="p@example.org")
    services.member_cancel(member=make_member(currencies, email="c@example.org"), notify=False)

    figures = dashboard.figures(today=TODAY)

    by_status = {status: count for status, _label, count in figures["by_status"]}
    assert by_status == {
        "pending": 1,
        "confirmed": 0,
        "active": 4,
        "past_due": 0,
        "lapsed": 1,
        "cancelled": 1,
    }
    assert figures["new_this_month"] == 2  # yearly and euro paid first in June
    assert figures["lapsed_this_month"] == 1
    assert figures["mrr"] == [("EUR", Decimal("5.00")), ("MKD", Decimal("400.00"))]
    series = dict(figures["series"])
    assert len(series) == 12
    assert series[datetime.date(2024, 7, 1)] == 0
    assert series[datetime.date(2024, 12, 1)] == 1  # the one-time gift
    assert series[datetime.date(2025, 3, 1)] == 2
    assert series[datetime.date(2025, 5, 1)] == 3  # monthly, one-time, and the one who lapses in June
    assert series[datetime.date(2025, 6, 1)] == 4  # as of today: monthly, yearly, euro, one-time


def test_dashboard_page_draws_the_chart(staff_client, currencies):
    member = make_member(currencies, email="m@example.org")
    pay(member, currencies, datetime.date(2025, 6, 1))
    with time_machine.travel(datetime.datetime(2025, 6, 15, 12, tzinfo=datetime.UTC)):
        response = staff_client.get(reverse("admin:membership_member_dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and html.count("<rect") == 12
    assert 'data-mrr="MKD">300.00<' in html
    assert 'data-month="2025-06">1<' in html


def member_change(staff_client, member, **typed):
    """Staff open the member's page in the admin, type `typed` in and save."""
    url = reverse("admin:membership_member_change", args=[member.pk])
    return staff_client.post(url, admin_form_data(staff_client.get(url), **typed))


def test_staff_ticking_the_newsletter_records_a_consent_naming_them(
    staff_client, currencies, membership_staff
):
    member = make_member(currencies, email="ana@example.org")
    assert member_change(staff_client, member, newsletter="on").status_code == 302
    member.refresh_from_db()
    assert member.newsletter
    consent = member.consents.get()
    assert consent.consent_text == ConsentText.current("newsletter", member.language)
    assert (consent.given, consent.channel, consent.recorded_by) == (True, "staff", membership_staff)


def test_staff_unticking_the_newsletter_records_the_withdrawal_naming_them(
    staff_client, currencies, membership_staff
):
    member = make_member(currencies, email="ana@example.org", newsletter=True)
    assert member_change(staff_client, member, newsletter=None).status_code == 302
    member.refresh_from_db()
    assert not member.newsletter
    consent = member.consents.get()
    assert (consent.given, consent.channel, consent.recorded_by) == (False, "staff", membership_staff)


def test_a_staff_save_that_leaves_the_newsletter_alone_records_no_consent(staff_client, currencies):
    member = make_member(currencies, email="ana@example.org", newsletter=True)
    assert member_change(staff_client, member, name="Ana Petrovska").status_code == 302
    assert not member.consents.exists()


def test_staff_cannot_set_an_amount_below_the_currencys_smallest(staff_client, currencies):
    member = make_member(currencies, email="ana@example.org", amount="300")
    response = member_change(staff_client, member, amount="10")
    assert response.status_code == 200
    assert "The smallest amount in MKD is 50" in response.content.decode()
    member.refresh_from_db()
    assert member.amount == Decimal("300")


def test_staff_cannot_set_an_amount_below_the_tiers_price(staff_client, currencies, tier):
    member = make_member(currencies, email="ana@example.org", amount="300", tier=tier)
    response = member_change(staff_client, member, amount="100")
    assert response.status_code == 200
    assert "Supporter costs 300" in response.content.decode()
    member.refresh_from_db()
    assert member.amount == Decimal("300")
    assert member_change(staff_client, member, amount="500").status_code == 302  # giving more is fine


def test_a_member_whose_tier_price_rose_can_still_have_their_email_corrected(staff_client, currencies, tier):
    member = make_member(currencies, email="ana@example.org", amount="300", tier=tier)
    tier.prices.filter(currency="MKD", frequency="monthly").update(amount=Decimal("400"))
    assert member_change(staff_client, member, email="ana.p@example.org").status_code == 302


def test_staff_edits_of_email_and_amount_are_in_the_members_history_naming_them(
    staff_client, currencies, membership_staff
):
    member = make_member(currencies, email="ana@example.org", amount="300")
    assert member_change(staff_client, member, email="ana.p@example.org", amount="450").status_code == 302
    latest = member.history.latest()
    assert latest.history_user == membership_staff
    assert (latest.email, latest.amount) == ("ana.p@example.org", Decimal("450"))
    before = latest.prev_record
    assert (before.email, before.amount) == ("ana@example.org", Decimal("300"))
    page = staff_client.get(reverse("admin:membership_member_history", args=[member.pk])).content.decode()
    assert "ana@example.org" in page and "ana.p@example.org" in page and membership_staff.username in page


def test_the_members_history_cannot_rewrite_the_member(staff_client, currencies):
    member = make_member(currencies, email="ana@example.org", amount="300")
    member_change(staff_client, member, amount="450")
    first = member.history.earliest()
    url = reverse("admin:membership_member_simple_history", args=[member.pk, first.history_id])
    shown = staff_client.get(url)
    assert shown.status_code == 200  # staff may look at an earlier version
    response = staff_client.post(url, admin_form_data(shown, _save="Save"))
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.amount == Decimal("450")


def test_an_erased_member_cannot_be_given_personal_data_again_in_the_admin(staff_client, currencies):
    member = make_member(currencies, email="ana@example.org", name="Ana")
    services.member_erase(member=member, by=None)
    member_change(staff_client, member, name="Ana", email="ana@example.org", newsletter="on")
    member.refresh_from_db()
    assert (member.name, member.email, member.newsletter) == ("", None, False)


def test_a_members_payments_status_changes_consents_and_emails_are_shown_but_never_edited_there(
    staff_client, currencies
):
    member = make_member(currencies, email="a@example.org")
    services.member_confirm(member=member)
    pay(member, currencies, datetime.date(2025, 6, 1))
    ConsentRecord.objects.create(
        member=member,
        consent_text=ConsentText.current("privacy"),
        given=True,
        channel=ConsentRecord.Channel.JOIN_FORM,
    )
    response = staff_client.get(reverse("admin:membership_member_change", args=[member.pk]))
    inlines = {
        inline.formset.model._meta.model_name: inline for inline in response.context["inline_admin_formsets"]
    }
    assert set(inlines) == {"statuschange", "payment", "consentrecord", "notification"}
    for name, inline in inlines.items():
        formset = inline.formset
        assert formset.forms, name  # each kind has rows to show...
        assert not inline.has_add_permission and not formset.can_delete, name  # ...and no new or deleted ones
        typed_in = [field for form in formset.forms for field in form.visible_fields()]
        assert typed_in == [], (name, [field.name for field in typed_in])
