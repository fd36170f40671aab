"""The reader appeal is on every story's page: a change to it, its tiers, their prices, the currencies or the
consent texts purges every page from the caching proxy in front (membership.purging); a sign-up purges nothing."""

from decimal import Decimal

import pytest

from membership.models import ConsentText, Currency, Member, ReaderAppeal, Tier, TierPrice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("purged")]  # tests/conftest.py


def test_each_thing_the_appeal_shows_purges_every_page_when_it_changes(
    purged, django_capture_on_commit_callbacks
):
    mkd = Currency.objects.get(code="MKD")
    changes = {
        "a new appeal": lambda: ReaderAppeal.objects.create(heading="Support us", text="Become a member."),
        "a new tier": lambda: Tier.objects.create(name="Supporter", slug="supporter"),
        "a price": lambda: TierPrice.objects.create(
            tier=Tier.objects.get(slug="supporter"), currency=mkd, frequency="monthly", amount=Decimal("300")
        ),
        "a price deleted": lambda: TierPrice.objects.filter(tier__slug="supporter").get().delete(),
        "a currency's bank details": lambda: (setattr(mkd, "bank_name", "Stopanska banka"), mkd.save()),
        "a new consent text": lambda: ConsentText.publish(kind="newsletter", text="Send me the newsletter."),
    }
    for change, make in changes.items():
        purged.clear()
        with django_capture_on_commit_callbacks(execute=True):
            make()
        assert purged == [["site"]], change


def test_a_sign_up_purges_nothing(purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Member.objects.create(
            email="reader@example.org", name="Reader", country="MK", amount=300,
            currency=Currency.objects.get(code="MKD"), frequency="monthly",
        )  # fmt: skip

    assert purged == []
