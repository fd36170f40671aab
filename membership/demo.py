"""Demo rows for `manage.py seed_demo`: the reader appeals (in every language and in Macedonian), three tiers
priced in denars and euros, and the bank accounts readers transfer to. Each runs twice without change."""

from decimal import Decimal

from membership.models import Currency, Frequency, ReaderAppeal, Tier, TierPrice

# (name, slug, description, benefits, {(currency, frequency): amount})
TIERS = [
    (
        "Reader",
        "reader",
        "Keep the site free for everyone.",
        "Our monthly newsletter from the editors",
        {("MKD", "monthly"): 200, ("MKD", "yearly"): 2000, ("EUR", "monthly"): 4, ("EUR", "yearly"): 40},
    ),
    (
        "Supporter",
        "supporter",
        "Pay for a week of a reporter's work on an investigation every year.",
        "Our monthly newsletter from the editors\nAn invitation to the yearly readers' meeting",
        {("MKD", "monthly"): 500, ("MKD", "yearly"): 5000, ("EUR", "monthly"): 9, ("EUR", "yearly"): 90},
    ),
    (
        "Patron",
        "patron",
        "Make the long investigations possible.",
        "Everything supporters get\nA call with the editors about what we investigate next",
        {("MKD", "monthly"): 1500, ("MKD", "yearly"): 15000, ("EUR", "monthly"): 25, ("EUR", "yearly"): 250},
    ),
]

# Where readers transfer their pledges: a domestic denar account and a foreign-currency one at the same bank.
# The IBAN is the IBAN registry's example for North Macedonia, which passes the check digits and is nobody's.
BANK = {
    "account_holder": "Newsroom Media DOOEL Skopje",
    "bank_name": "Demo Bank AD Skopje",
    "bank_address": "Makedonija 1, 1000 Skopje, North Macedonia",
    "swift": "DEMOMK22",
}
ACCOUNTS = {
    "MKD": {"account_number": "250-1200000589-84", "iban": ""},
    "EUR": {"account_number": "", "iban": "MK07250120000058984"},
}


def seed_demo_appeals():
    """Create the demo appeals unless there is an appeal already; return how many were created."""
    if ReaderAppeal.objects.exists():
        return 0
    ReaderAppeal.objects.create(
        heading="Independent journalism needs you",
        text=(
            "Our content is free because we believe in equal access to information. "
            "We are funded by our readers, not by advertisers or the government. "
            "Support us: become a member, so that this site can stay free for everyone."
        ),
        button_label="Become a member",
    )
    ReaderAppeal.objects.create(
        heading="Независното новинарство ве има вас",
        text=(
            "Нашите содржини се бесплатни затоа што веруваме во еднаков пристап до информации. "
            "Нè финансираат читателите. Поддржете нè: станете член."
        ),
        button_label="Станете член",
        language="mk",
    )
    return 2


def seed_demo_tiers():
    """Create the demo tiers and their prices where missing; return how many rows were created."""
    created = 0
    for position, (name, slug, description, benefits, prices) in enumerate(TIERS):
        tier, new = Tier.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "benefits": benefits, "position": position},
        )
        created += new
        for (currency, frequency), amount in prices.items():
            _, new = TierPrice.objects.get_or_create(
                tier=tier,
                currency_id=currency,
                frequency=Frequency(frequency),
                defaults={"amount": Decimal(amount)},
            )
            created += new
    return created


def seed_demo_bank_details():
    """Fill in the bank details of MKD and EUR when staff have not; return how many currencies were filled."""
    filled = 0
    for currency in Currency.objects.filter(code__in=ACCOUNTS):
        if currency.has_bank_details:
            continue
        for field, value in {**BANK, **ACCOUNTS[currency.code]}.items():
            setattr(currency, field, value)
        currency.full_clean()
        currency.save()
        filled += 1
    return filled
