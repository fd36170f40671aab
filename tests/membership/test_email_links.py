"""The addresses in a member's emails lead to their own edition: the cancellation's welcome back and every
email's footer link to the home page in the member's language (/mk/, /sq/; English has no prefix)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from membership import services
from tests.membership.conftest import make_member, run_queue

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def only_email_to(address):
    [message] = [message for message in mail.outbox if message.to == [address]]
    return message.body


@pytest.mark.parametrize(
    ("language", "welcome_back"),
    [
        ("mk", f"Секогаш сте добредојдени назад: {SITE}/mk/"),
        ("sq", f"Jeni gjithmonë të mirëpritur të ktheheni: {SITE}/sq/"),
        ("en", f"You are welcome back at any time: {SITE}/"),
    ],
)
def test_the_cancellation_email_welcomes_the_member_back_to_their_editions_home_page(
    currencies, language, welcome_back
):
    member = make_member(currencies, email="reader@example.org", language=language)

    services.member_cancel(member=member)
    run_queue()

    body = only_email_to("reader@example.org")
    assert f"{welcome_back}\n" in body
    assert body.rstrip().endswith(f"Newsroom · {welcome_back.rsplit(' ', 1)[1]}")  # the footer's link too


@pytest.mark.parametrize("language", ["mk", "sq"])
def test_every_email_footer_links_to_the_members_edition_and_their_page_in_their_language(
    currencies, language
):
    member = make_member(currencies, email="reader@example.org", language=language)
    services.member_confirm(member=member)
    services.payment_record(
        member=member, amount=Decimal("300"), currency=currencies["MKD"], paid_on=datetime.date(2026, 5, 3)
    )
    run_queue()

    bodies = [message.body for message in mail.outbox if message.to == ["reader@example.org"]]
    assert len(bodies) >= 2  # the payment details and the receipt
    for body in bodies:
        assert body.rstrip().endswith(f"Newsroom · {SITE}/{language}/")
        assert f"{SITE}/{language}/membership/manage/" in body


def test_a_member_with_a_language_the_site_does_not_have_gets_working_english_links(currencies):
    # Staff may type any language into a member's record; /de/ would lead nowhere.
    member = make_member(currencies, email="reader@example.org", language="de")

    services.member_cancel(member=member)
    run_queue()

    body = only_email_to("reader@example.org")
    assert f"You are welcome back at any time: {SITE}/\n" in body
    assert f"{SITE}/membership/manage/" in body and "/de/" not in body
