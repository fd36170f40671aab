"""A supporter joins: fills the membership form with the keyboard, gets the confirmation email over
SMTP, confirms from its link; then the membership staff find the member in the admin and record a payment.

The email leaves the site the way it does in production: queued in the database by the sign-up, sent
by the queue's worker (run here in the test's process, as `manage.py db_worker --batch` would) through
Django's SMTP backend to a real SMTP server on 127.0.0.1 (aiosmtpd).
"""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from membership.models import Currency, Member, Tier, TierPrice
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADMIN = "/" + settings.ADMIN_PATH


@pytest.fixture
def membership_offer():
    mkd = Currency.objects.get(code="MKD")
    mkd.account_holder, mkd.bank_name, mkd.iban, mkd.swift = (
        "Newsroom Skopje",
        "Stopanska banka",
        "MK07250120000058984",
        "STOBMK2X",
    )
    mkd.save()
    supporter = Tier.objects.create(name="Supporter", slug="supporter", benefits="Our thanks")
    TierPrice.objects.create(tier=supporter, currency=mkd, frequency="monthly", amount=Decimal("300"))
    return supporter


@pytest.fixture
def live_site_urls(settings, live_server):
    settings.SITE_URL = live_server.url  # the links in emails point at the live server
    settings.MEMBERSHIP_FORM_MIN_SECONDS = 0  # the anti-bot minimum; a test types faster than a person


def run_email_queue():
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)


def test_supporter_joins_confirms_by_email_and_staff_record_the_payment(
    browsing, membership_offer, live_site_urls, smtp_inbox
):
    page = browsing.new_page()
    page.goto("/membership/join/")

    # Keyboard only: labels lead to the fields, space ticks radios and boxes, Enter sends.
    page.get_by_label("Supporter").focus()
    page.keyboard.press("Space")
    page.get_by_label("Monthly").focus()
    page.keyboard.press("Space")
    page.get_by_label("MKD", exact=False).first.focus()
    page.keyboard.press("Space")
    page.get_by_label("Your name").focus()
    page.keyboard.type("Ana Petrovska")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email", exact=True)).to_be_focused()
    page.keyboard.type("ana@example.org")
    page.keyboard.press("Tab")
    country = page.get_by_label("Country", exact=True)
    expect(country).to_be_focused()
    country.select_option("MK")
    page.locator("#id_privacy").focus()
    page.keyboard.press("Space")
    expect(page.locator("#id_privacy")).to_be_checked()
    page.get_by_role("button", name="Sign up and confirm by email").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert browsing.public_page_errors() == []  # the form's script ran under the strict CSP
    member = Member.objects.get(email="ana@example.org")
    assert member.name == "Ana Petrovska" and member.amount == Decimal("300")
    assert smtp_inbox.messages == []  # queued, not sent inside the request

    run_email_queue()

    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "ana@example.org"
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/membership/confirm/\S+/", body)
    assert link, f"no confirmation link in the email:\n{body}"

    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your membership")
    page.get_by_role("button", name="Yes, confirm my membership").click()
    expect(page.get_by_role("status")).to_contain_text("your email address is confirmed")
    member.refresh_from_db()
    assert member.confirmed_at is not None

    staff = factories.user(group="Membership staff")
    admin = browsing.new_page()
    log_in(admin, staff)
    admin.goto(ADMIN + "membership/member/")
    admin.get_by_role("link", name="Ana Petrovska").click()
    admin.get_by_role("link", name="Record a payment").click()
    admin.locator("#id_amount").fill("300")
    admin.locator(".field-paid_on").get_by_role("link", name="Today").click()
    admin.locator("#id_reference").fill(member.payment_reference)
    admin.locator("input[name=_save]").click()

    expect(admin.locator(".messagelist .success")).to_be_visible()
    payment = member.payments.get()
    assert payment.amount == Decimal("300") and payment.recorded_by == staff
    member.refresh_from_db()
    assert member.paid_until == payment.period_end
    admin.goto(ADMIN + "membership/member/")
    expect(admin.locator("#result_list")).to_contain_text("Ana Petrovska")
    expect(admin.locator("#result_list")).to_contain_text("Active")


@pytest.mark.parametrize(
    ("prefix", "typed", "shown"),
    [("/mk", "300,50", "300,50"), ("/mk", "1.000,50", "1.000,50"), ("", "1,000.50", "1,000.50")],
)
def test_the_pledge_summary_reads_an_amount_as_the_reader_types_it(
    browsing, membership_offer, prefix, typed, shown
):
    # The server takes "300,50" in Macedonian (newsroom.formats.amounts); the summary beside the form, which
    # restates the pledge as it is picked, must read it the same way rather than say nothing.
    page = browsing.new_page()
    page.goto(f"{prefix}/membership/join/")
    page.locator("input[name=tier][value=custom]").check()
    page.locator("input[name=frequency][value=monthly]").check()
    page.locator("input[name=currency][value=MKD]").check()
    page.locator("input[name=amount]").fill(typed)
    expect(page.locator(".membership-summary")).to_contain_text(shown)
    page.locator("input[name=amount]").fill("1,000" if prefix == "/mk" else "1.000")  # reads two ways
    # No amount restated: the server's question instead.
    expect(page.locator(".membership-summary")).to_contain_text(
        "Внесете го износот со цифри" if prefix == "/mk" else "Enter the amount in digits"
    )


@pytest.mark.parametrize(
    ("prefix", "price", "typed"),
    [("/sq", "15.000", "1.000"), ("/mk", "15.000", "1.000"), ("", "15,000", "1,000")],
)
def test_the_pledge_summary_writes_an_amount_as_the_tier_prices_beside_it_do(
    browsing, membership_offer, prefix, price, typed
):
    # Albanian tier prices read "15000 MKD" while the summary wrote "15.000 MKD".
    TierPrice.objects.create(
        tier=membership_offer,
        currency=Currency.objects.get(code="MKD"),
        frequency="yearly",
        amount=Decimal("15000"),
    )
    page = browsing.new_page()
    page.goto(f"{prefix}/membership/join/")
    expect(page.locator(".membership-prices")).to_contain_text(f"{price} MKD")
    page.locator("input[name=tier][value=supporter]").check()
    page.locator("input[name=frequency][value=yearly]").check()
    page.locator("input[name=currency][value=MKD]").check()
    expect(page.locator(".membership-summary")).to_contain_text(f"{price} MKD")
    page.locator("input[name=tier][value=custom]").check()
    page.locator("input[name=amount]").fill(typed)
    expect(page.locator(".membership-summary")).to_contain_text(f"{typed} MKD")


def test_the_pledge_summary_says_what_the_server_would_refuse_before_the_reader_sends_it(
    browsing, membership_offer
):
    # It said "Choose an amount and how often…" for a level chosen once (it has only a monthly price), and
    # restated "99.999.999.999.999 MKD every month" for an amount the server refuses.
    page = browsing.new_page()
    page.goto("/mk/membership/join/")
    summary = page.locator(".membership-summary")
    page.locator("input[name=tier][value=supporter]").check()
    page.locator("input[name=frequency][value=one_time]").check()
    page.locator("input[name=currency][value=MKD]").check()
    expect(summary).to_contain_text("Supporter не се нуди еднократно во MKD")
    page.locator("input[name=tier][value=custom]").check()
    page.locator("input[name=amount]").fill("99999999999999")
    expect(summary).to_have_text("Внесете износ од најмногу 1.000.000.")
    page.locator("input[name=amount]").fill("1,000")  # a thousand, or one? The server asks; so does this.
    expect(summary).to_contain_text("Внесете го износот со цифри")
    page.locator("input[name=amount]").fill("500")
    expect(summary).to_contain_text("500 MKD")
