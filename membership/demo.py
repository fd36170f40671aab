"""Demo rows for `manage.py seed_demo`: the reader appeals (a general one, in English, and one each in
Macedonian and Albanian), three tiers named in each language and priced in denars and euros, and the bank
accounts readers transfer to. Each runs twice without change."""

from decimal import Decimal

from membership.models import Currency, Frequency, ReaderAppeal, Tier, TierPrice

# (slug, {language: (name, description, benefits)}, {(currency, frequency): amount}); each edition shows its own.
TIERS = [
    (
        "reader",
        {
            "en": ("Reader", "Keep the site free for everyone.", "Our monthly newsletter from the editors"),
            "mk": ("Читател", "Сајтот да остане бесплатен за сите.", "Нашиот месечен билтен од уредниците"),
            "sq": ("Lexues", "Mbajeni faqen falas për të gjithë.", "Buletini ynë mujor nga redaktorët"),
        },
        {("MKD", "monthly"): 200, ("MKD", "yearly"): 2000, ("EUR", "monthly"): 4, ("EUR", "yearly"): 40},
    ),
    (
        "supporter",
        {
            "en": (
                "Supporter",
                "Pay for a week of a reporter's work on an investigation every year.",
                "Our monthly newsletter from the editors\nAn invitation to the yearly readers' meeting",
            ),
            "mk": (
                "Поддржувач",
                "Платете една недела работа на новинар на истражување секоја година.",
                "Нашиот месечен билтен од уредниците\nПокана за годишната средба со читателите",
            ),
            "sq": (
                "Mbështetës",
                "Paguani një javë punë të një gazetari në një hulumtim çdo vit.",
                "Buletini ynë mujor nga redaktorët\nFtesë për takimin vjetor të lexuesve",
            ),
        },
        {("MKD", "monthly"): 500, ("MKD", "yearly"): 5000, ("EUR", "monthly"): 9, ("EUR", "yearly"): 90},
    ),
    (
        "patron",
        {
            "en": (
                "Patron",
                "Make the long investigations possible.",
                "Everything supporters get\nA call with the editors about what we investigate next",
            ),
            "mk": (
                "Покровител",
                "Овозможете ги долгите истражувања.",
                "Сè што добиваат поддржувачите\nРазговор со уредниците за тоа што ќе го истражуваме следно",
            ),
            "sq": (
                "Mecenat",
                "Bëni të mundura hulumtimet e gjata.",
                "Gjithçka që marrin mbështetësit\nNjë bisedë me redaktorët për atë që do të hulumtojmë më pas",
            ),
        },
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
    ReaderAppeal.objects.create(
        heading="Gazetaria e pavarur ka nevojë për ju",
        text=(
            "Përmbajtja jonë është falas sepse besojmë në qasje të barabartë në informacion. "
            "Na financojnë lexuesit. Na mbështetni: bëhuni anëtar."
        ),
        button_label="Bëhuni anëtar",
        language="sq",
    )
    return 3


def seed_demo_tiers():
    """Create the demo tiers and their prices where missing; return how many rows were created."""
    created = 0
    for position, (slug, languages, prices) in enumerate(TIERS):
        texts = {}
        for code, (name, description, benefits) in languages.items():
            texts |= {f"name_{code}": name, f"description_{code}": description, f"benefits_{code}": benefits}
        tier, new = Tier.objects.get_or_create(slug=slug, defaults={**texts, "position": position})
        created += new
        # A tier seeded before tiers had languages gets the texts it lacks; what staff wrote stays.
        missing = {field: value for field, value in texts.items() if not getattr(tier, field)}
        if missing:
            for field, value in missing.items():
                setattr(tier, field, value)
            tier.save(update_fields=list(missing))
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
