"""The compact join form under a Macedonian story, in a real browser: its live summary says what the server
would refuse before the reader sends it, with each currency's own smallest amount, written the edition's way."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from membership.models import Currency, ReaderAppeal, Tier, TierPrice
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def macedonian_story():
    ReaderAppeal.objects.create(heading="Поддржете не", text="Читателите ја плаќаат нашата работа.")
    Currency.objects.filter(code="EUR").update(minimum_amount=Decimal("2.50"))  # MKD's is 50
    reader = Tier.objects.create(name="Читател", slug="reader")
    mkd = Currency.objects.get(code="MKD")
    TierPrice.objects.create(tier=reader, currency=mkd, frequency="monthly", amount=Decimal("100"))
    return factories.article(language="mk")


def test_the_summary_checks_a_custom_amount_against_the_chosen_currencys_smallest(browsing, macedonian_story):
    # It took 10 MKD ("10 MKD секој месец…") against a minimum of 0,01 that the server does not use; the
    # server then refused it.
    page = browsing.new_page(language="mk")
    page.goto(macedonian_story.get_absolute_url())
    form = page.locator(".appeal form")
    summary = form.locator(".membership-summary")
    form.locator("input[name=tier][value=custom]").check()
    form.locator("input[name=frequency][value=monthly]").check()
    form.locator("input[name=currency][value=MKD]").check()
    form.locator("input[name=amount]").fill("10")
    expect(summary).to_have_text("Најмалиот износ во MKD е 50.")

    form.locator("input[name=currency][value=EUR]").check()  # ten euros is enough
    expect(summary).to_have_text("10 EUR секој месец, додека не откажете")
    form.locator("input[name=amount]").fill("2")
    expect(summary).to_have_text("Најмалиот износ во EUR е 2,50.")
    form.locator("input[name=amount]").fill("2,50")
    expect(summary).to_have_text("2,50 EUR секој месец, додека не откажете")
    form.locator("input[name=amount]").fill(
        "0"
    )  # below every bound: the currency's smallest, as the server says
    expect(summary).to_have_text("Најмалиот износ во EUR е 2,50.")
    assert not browsing.public_page_errors()
