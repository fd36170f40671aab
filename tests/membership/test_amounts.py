"""Amounts as readers and staff type them in Macedonian and Albanian: a decimal comma ("300,50"), a point
still, thousands grouped the language's way ("1.000,50"); what reads two ways is refused, never guessed.
And amounts as membership writes them, grouped the one way per language that the form reads: "3.000 MKD"
in Macedonian and Albanian, "3,000 MKD" in English, on the page, in its live summary and in the emails."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from membership import services
from membership.models import Currency, Member, Payment
from tests.membership.conftest import admin_form_data, form_data, make_member, run_queue

pytestmark = pytest.mark.django_db

READ_ONE_WAY = [
    ("300,50", "300.50"),
    ("300.50", "300.50"),
    ("1.000,50", "1000.50"),
    ("1 000,50", "1000.50"),
    ("1.000", "1000"),
]
REFUSED = {
    "mk": "Внесете го износот со цифри",
    "sq": "Shkruani shumën me shifra",
}


def join_url(language):
    return "/membership/join/" if language == "en" else f"/{language}/membership/join/"


def join(client, language, amount):
    data = form_data(tier="custom", amount=amount)
    return client.post(join_url(language), data, REMOTE_ADDR="192.0.2.10")


@pytest.mark.parametrize("language", ["mk", "sq"])
@pytest.mark.parametrize(("typed", "stored"), READ_ONE_WAY)
def test_the_join_form_reads_an_amount_typed_the_editions_way(client, tier, language, typed, stored):
    response = join(client, language, typed)

    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Member.objects.get().amount == Decimal(stored)


@pytest.mark.parametrize("language", ["mk", "sq"])
@pytest.mark.parametrize("typed", ["1,000", "300,505", "1.00.0", "300,50 ден"])
def test_the_join_form_refuses_an_amount_that_reads_two_ways_with_a_message_in_the_editions_language(
    client, tier, language, typed
):
    response = join(client, language, typed)

    assert response.status_code == 400
    assert REFUSED[language] in response.content.decode()
    assert Member.objects.count() == 0


def record_payment(staff_client, member, language, amount):
    return staff_client.post(
        reverse("admin:membership_payment_add"),
        {
            "member": member.pk,
            "amount": amount,
            "currency": "MKD",
            "paid_on": "2025-06-01",
            "method": "bank_transfer",
            "reference": member.payment_reference,
            "note": "",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize("language", ["mk", "sq"])
@pytest.mark.parametrize(("typed", "stored"), READ_ONE_WAY)
def test_staff_record_a_payment_typed_their_languages_way(staff_client, currencies, language, typed, stored):
    member = make_member(currencies, email="a@example.org")
    services.member_confirm(member=member)

    response = record_payment(staff_client, member, language, typed)

    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Payment.objects.get().amount == Decimal(stored)


@pytest.mark.parametrize("language", ["mk", "sq"])
def test_staff_are_refused_a_payment_that_reads_two_ways_with_a_message(staff_client, currencies, language):
    member = make_member(currencies, email="a@example.org")

    response = record_payment(staff_client, member, language, "1,000")

    assert response.status_code == 200
    assert REFUSED[language] in response.content.decode()
    assert Payment.objects.count() == 0


def test_staff_change_a_members_pledge_typed_with_a_decimal_comma(staff_client, currencies):
    member = make_member(currencies, email="a@example.org")
    url = reverse("admin:membership_member_change", args=[member.pk])

    shown = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="mk")
    response = staff_client.post(url, admin_form_data(shown, amount="450,50"), HTTP_ACCEPT_LANGUAGE="mk")

    assert response.status_code == 302, response.content.decode()[-3000:]
    member.refresh_from_db()
    assert member.amount == Decimal("450.50")


def test_staff_in_macedonian_see_a_members_amount_with_a_decimal_comma_and_saving_it_keeps_it(
    staff_client, currencies
):
    member = make_member(currencies, email="a@example.org", amount="450.50")
    url = reverse("admin:membership_member_change", args=[member.pk])

    shown = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="mk")
    response = staff_client.post(
        url, admin_form_data(shown, name="Reader Renamed"), HTTP_ACCEPT_LANGUAGE="mk"
    )

    assert 'name="amount" value="450,50"' in shown.content.decode()
    assert response.status_code == 302, response.content.decode()[-3000:]
    member.refresh_from_db()
    assert (member.name, member.amount) == ("Reader Renamed", Decimal("450.50"))


GROUPED = {"mk": ("3.000", ".", ","), "sq": ("3.000", ".", ","), "en": ("3,000", ",", ".")}


@pytest.mark.parametrize("language", GROUPED)
def test_tier_prices_are_grouped_the_way_the_form_reads_them_and_its_summary_writes_them(
    client, tier, language
):
    shown, thousands, decimal = GROUPED[language]
    html = client.get(join_url(language)).content.decode()

    [prices] = re.findall(r'<span class="membership-prices">\(([^)]*)\)</span>', html)
    assert f"{shown} MKD" in prices  # the yearly price, 3000 MKD; Albanian had "3000 MKD"
    # The live summary (static/js/membership.js) is handed the same separators.
    assert f'data-decimal="{decimal}" data-thousands="{thousands}"' in html


@pytest.mark.parametrize("language", GROUPED)
def test_a_price_typed_as_the_page_shows_it_is_that_price(client, tier, language):
    shown, _thousands, _decimal = GROUPED[language]
    assert f"{shown} MKD" in client.get(join_url(language)).content.decode()

    response = join(client, language, shown)

    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Member.objects.get().amount == Decimal("3000")


def test_albanian_emails_write_amounts_grouped_as_the_page_does(currencies):
    member = make_member(currencies, email="arta@example.org", name="Arta", amount="15000", language="sq")
    services.member_confirm(member=member)
    services.payment_record(
        member=member, amount=Decimal("15000"), currency=currencies["MKD"], paid_on=datetime.date(2026, 5, 3)
    )
    run_queue()

    messages = [message for message in mail.outbox if message.to == ["arta@example.org"]]
    assert len(messages) == 2  # the payment details and the receipt
    details = next(
        message.body for message in messages if "15.000 MKD" in message.body
    )  # the pledge in words
    assert "15.000,00\N{NO-BREAK SPACE}MKD" in details  # the amount to transfer
    assert any(message.subject.endswith("Newsroom: 15.000,00 MKD") for message in messages)  # the receipt
    assert not any(re.search(r"15000(,00)?\s?MKD", message.subject + message.body) for message in messages)


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("mk", "99999999999999", "Внесете износ од најмногу 1.000.000."),
        ("mk", "-5", "Најмалиот износ во MKD е 50."),  # below the currency's smallest: that, not the bounds
        ("sq", "2.000.000", "Shkruani një shumë jo më të madhe se 1.000.000."),
        ("en", "0", "The smallest amount in MKD is 50."),
        ("mk", "300,5055", "Внесете најмногу две цифри по запирката, на пр. 1500,50."),
    ],
)
def test_an_amount_out_of_bounds_gets_one_message_with_the_limits_written_the_editions_way(
    client, tier, language, typed, message
):
    response = join(client, language, typed)

    assert response.status_code == 400
    page = response.content.decode()
    listed = re.search(r'<ul class="field-errors" id="id_amount_error">(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", listed) == [message]
    assert Member.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "currency", "smallest", "typed", "message"),
    [
        ("mk", "MKD", "50", "10", "Најмалиот износ во MKD е 50."),
        ("sq", "MKD", "50", "10", "Shuma më e vogël në MKD është 50."),
        ("mk", "EUR", "1", "0,5", "Најмалиот износ во EUR е 1."),
        ("sq", "EUR", "2.50", "1", "Shuma më e vogël në EUR është 2,50."),
        ("en", "MKD", "1500", "10", "The smallest amount in MKD is 1,500."),
    ],
)
def test_an_amount_below_the_currencys_smallest_is_told_the_smallest_written_the_editions_way(
    client, tier, language, currency, smallest, typed, message
):
    # It said "Најмалиот износ во MKD е 50.00." in every language: a decimal point, and cents nobody asked for.
    Currency.objects.filter(code=currency).update(minimum_amount=Decimal(smallest))
    data = form_data(tier="custom", amount=typed, currency=currency)

    response = client.post(join_url(language), data, REMOTE_ADDR="192.0.2.10")

    assert response.status_code == 400
    page = response.content.decode()
    listed = re.search(r'<ul class="field-errors" id="id_amount_error">(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", listed) == [message]


def test_staff_in_macedonian_are_told_a_tiers_price_written_their_way(staff_client, currencies, tier):
    tier.prices.filter(currency="MKD", frequency="monthly").update(amount=Decimal("1500"))
    member = make_member(currencies, email="a@example.org", amount="1500", tier=tier)
    url = reverse("admin:membership_member_change", args=[member.pk])

    shown = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="mk")
    response = staff_client.post(url, admin_form_data(shown, amount="100"), HTTP_ACCEPT_LANGUAGE="mk")

    assert response.status_code == 200
    assert "Supporter чини 1.500 MKD месечно" in response.content.decode()  # was "1500.00 MKD"
