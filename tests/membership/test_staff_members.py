"""The member list and the member's page as membership staff use them: the filters, the form's choices and
messages, and what the actions report."""

import html
import re

import pytest
from django.urls import reverse

from membership import services
from membership.models import Member, Status
from tests.membership.conftest import admin_form_data, make_member

pytestmark = pytest.mark.django_db


def member_change(staff_client, member, **typed):
    url = reverse("admin:membership_member_change", args=[member.pk])
    return staff_client.post(url, admin_form_data(staff_client.get(url), **typed))


def test_the_country_filter_lists_the_countries_members_live_in_not_every_country(staff_client, currencies):
    # The filter listed about 250 countries, which made the member list several screens long.
    make_member(currencies, email="arben@example.org", name="Arben", country="XK")
    make_member(currencies, email="ana@example.org", name="Ana", country="MK")
    page = staff_client.get(reverse("admin:membership_member_changelist")).content.decode()
    assert "?country__exact=XK" in page and "?country__exact=MK" in page
    assert "?country__exact=FR" not in page and "?country__exact=AF" not in page
    filtered = staff_client.get(reverse("admin:membership_member_changelist") + "?country__exact=XK")
    rows = filtered.content.decode().split('id="result_list"')[1]
    assert "Arben" in rows and "Ana" not in rows


def test_staff_choose_the_members_email_language_among_the_sites(staff_client, currencies):
    # A free text field took "Macedonian"; the emails then went out in English.
    member = make_member(currencies, email="ana@example.org", language="en")
    page = staff_client.get(reverse("admin:membership_member_change", args=[member.pk])).content.decode()
    assert '<select name="language"' in page and '<option value="mk">Macedonian</option>' in page

    response = member_change(staff_client, member, language="Macedonian")
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    member.refresh_from_db()
    assert member.language == "en"

    assert member_change(staff_client, member, language="sq").status_code == 302
    member.refresh_from_db()
    assert member.language == "sq"


def test_an_address_another_member_has_is_refused_in_words(staff_client, currencies):
    # The page said 'Constraint "member_unique_email" is violated.'
    make_member(currencies, email="ana@example.org")
    other = make_member(currencies, email="elena@example.org")
    response = member_change(staff_client, other, email="Ana@Example.org")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Another member already has this email address." in page and "member_unique_email" not in page
    other.refresh_from_db()
    assert other.email == "elena@example.org"


def action(staff_client, name, members):
    response = staff_client.post(
        reverse("admin:membership_member_changelist"),
        {"action": name, "_selected_action": [member.pk for member in members]},
        follow=True,
    )
    return [str(message) for message in response.context["messages"]]


def test_cancelling_counts_only_the_memberships_it_ended(staff_client, currencies):
    # "Cancelled 2 memberships." when one of the two had been cancelled a month before.
    earlier = services.member_cancel(member=make_member(currencies, email="a@example.org"), notify=False)
    ana = make_member(currencies, email="ana@example.org")
    assert action(staff_client, "cancel_members", [earlier, ana]) == [
        "Cancelled 1 membership.",
        "1 membership was cancelled already.",
    ]
    assert Member.objects.get(pk=ana.pk).status == Status.CANCELLED


def test_erasing_counts_only_the_members_it_erased(staff_client, currencies):
    earlier = make_member(currencies, email="a@example.org")
    services.member_erase(member=earlier, by=None)
    ana = make_member(currencies, email="ana@example.org")
    elena = make_member(currencies, email="elena@example.org")
    assert action(staff_client, "erase_members", [earlier, ana, elena]) == [
        "Erased the personal data of 2 members.",
        "1 member was erased already.",
    ]


@pytest.fixture
def admin_client_of_the_admin_group(client):
    from tests import factories

    client.force_login(factories.user(group="Admin"))
    return client


def test_a_tier_members_pledge_at_cannot_be_deleted_from_its_page_or_the_list(
    admin_client_of_the_admin_group, currencies, tier
):
    # The Admin group may delete tiers; deleting one emptied its members' tier without a word (the
    # confirmation page did not even list them).
    from membership.models import Tier

    client = admin_client_of_the_admin_group
    ana = make_member(currencies, email="ana@example.org", tier=tier)
    page = client.get(reverse("admin:membership_tier_delete", args=[tier.pk])).content.decode()
    assert "1 member pledges at this tier" in page
    client.post(reverse("admin:membership_tier_delete", args=[tier.pk]), {"post": "yes"})
    assert Tier.objects.filter(pk=tier.pk).exists()
    client.post(
        reverse("admin:membership_tier_changelist"),
        {"action": "delete_selected", "_selected_action": [tier.pk], "post": "yes"},
    )
    assert Tier.objects.filter(pk=tier.pk).exists()
    assert Member.objects.get(pk=ana.pk).tier == tier

    unused = Tier.objects.create(name="Old tier", slug="old")
    client.post(reverse("admin:membership_tier_delete", args=[unused.pk]), {"post": "yes"})
    assert not Tier.objects.filter(pk=unused.pk).exists()


def test_record_a_payment_from_the_members_page_fills_in_the_pledge_and_comes_back_there(
    staff_client, currencies
):
    # The form came empty but for the member and the currency, and once saved left staff on the list of
    # every payment, away from the member whose paid period they had just changed.
    import datetime

    from membership.models import Payment

    ana = make_member(currencies, email="ana@example.org", name="Ana", amount="450")
    member_page = staff_client.get(reverse("admin:membership_member_change", args=[ana.pk])).content.decode()
    link = re.search(r'<a href="(/admin/membership/payment/add/\?[^"]+)">Record a payment</a>', member_page)
    url = html.unescape(link.group(1))
    form = staff_client.get(url)
    assert 'name="amount" value="450.00"' in form.content.decode()

    data = admin_form_data(form, paid_on="2025-06-01", _save="Save")
    response = staff_client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:membership_member_change", args=[ana.pk])
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        "Payment recorded: 450.00 MKD paid on June 1, 2025, covering June 1, 2025 to June 30, 2025."
    ]
    payment = Payment.objects.get()
    assert (payment.member, payment.amount, payment.paid_on) == (ana, 450, datetime.date(2025, 6, 1))


def test_the_members_page_heads_payments_and_status_changes_in_the_staffs_language(staff_client, currencies):
    # They read "1500.00 MKD on 2026-03-01" and "confirmed → active" in every language.
    import datetime

    member = make_member(currencies, email="ana@example.org", name="Ana", amount="1500")
    services.member_confirm(member=member)
    services.payment_record(
        member=member,
        amount=member.amount,
        currency=currencies["MKD"],
        paid_on=datetime.date(2026, 3, 1),
        notify=False,
    )
    url = reverse("admin:membership_member_change", args=[member.pk])
    english = staff_client.get(url).content.decode()
    assert "1,500.00 MKD on March 1, 2026" in english and "Confirmed (awaiting payment) → Active" in english
    macedonian = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="mk").content.decode()
    assert "1.500,00 MKD на 1 март 2026" in macedonian
    assert "1500.00 MKD on" not in macedonian and "confirmed → active" not in macedonian
    assert " → Confirmed" not in macedonian


def test_record_a_payment_is_offered_only_to_staff_who_may_record_one(client, currencies):
    # Staff who may see and change members but not record payments were offered the link, to a 403.
    from django.contrib.auth.models import Group

    from tests import factories

    ana = make_member(currencies, email="ana@example.org", name="Ana")
    url = reverse("admin:membership_member_change", args=[ana.pk])
    clerk = factories.user(is_staff=True)
    clerk.user_permissions.add(
        *Group.objects.get(name="Membership staff").permissions.exclude(codename="add_payment")
    )
    client.force_login(clerk)
    page = client.get(url).content.decode()
    assert "Ana" in page and "Record a payment" not in page

    client.force_login(factories.user(group="Membership staff"))  # the group may record payments
    assert ">Record a payment</a>" in client.get(url).content.decode()


def test_the_members_page_heads_each_email_with_what_it_is_and_when(staff_client, currencies):
    # The row read "Payment details → 1": the kind of email, then the member's id.
    import datetime

    from membership.models import Notification

    member = make_member(currencies, email="ana@example.org", name="Ana")
    at = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)  # 10:30 in Skopje
    Notification.objects.create(member=member, kind=Notification.Kind.PAYMENT_DETAILS, created_at=at)
    Notification.objects.create(
        member=member, kind=Notification.Kind.PAYMENT_RECEIVED, created_at=at, sent_at=at
    )
    url = reverse("admin:membership_member_change", args=[member.pk])
    english = html.unescape(staff_client.get(url).content.decode())
    assert "“Payment details” email, queued March 1, 2026, 10:30 a.m." in english
    assert "“Payment received” email, sent March 1, 2026, 10:30 a.m." in english
    assert "→ " + str(member.pk) not in english
