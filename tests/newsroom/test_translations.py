"""The Macedonian and Albanian interfaces are complete: every message of each catalog is translated, the
compiled catalogs match them, and a reader under /mk/ or /sq/ sees their language on the sourcing panel, the
quote pages, the membership pages and in the emails sent after they sign up."""

import ast
import gettext
import html
import re
from decimal import Decimal
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from articles.models import Section
from membership.models import Currency, Member, Tier, TierPrice
from sourcing.models import Source
from tests import factories
from tests.membership.conftest import form_data, last_link, run_queue
from tests.sourcing import factories as sourcing

CATALOGS = {
    language: Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" for language in ("mk", "sq")
}
# What Django's own catalogs leave in English, in ours (scripts/django_catalog.py).
DJANGO_GAPS = {
    language: Path(settings.BASE_DIR) / "locale" / "django" / language / "LC_MESSAGES"
    for language in ("mk", "sq")
}
# Every catalog of ours a Macedonian or Albanian page reads, by language.
ALL_CATALOGS = [
    (language, directory / domain)
    for catalogs in (CATALOGS, DJANGO_GAPS)
    for language, directory in catalogs.items()
    for domain in ("django.po", "djangojs.po")
    if (directory / domain).exists()
]
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%[sd]|\{[^}]*\}|</?[a-zA-Z][^>]*>")


def catalog_entries(path):
    """The entries of a .po file as dicts: 'msgid', 'msgid_plural', 'msgstr' or 'msgstr[N]', and 'flags'.

    Enough of the format for a catalog written by makemessages: no obsolete entries are returned.
    """
    entries, entry, field = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, field = None, None
            continue
        entry = entry if entry is not None else {"flags": set()}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, value = line.split(" ", 1)
            entry[field] = ast.literal_eval(value)
    return [entry for entry in entries if entry["msgid"] and not entry.get("obsolete")]


def translations(entry):
    """(English, translation) pairs of an entry: one, or one per plural form."""
    if "msgid_plural" not in entry:
        return [(entry["msgid"], entry["msgstr"])]
    forms = sorted(key for key in entry if key.startswith("msgstr["))
    return [(entry["msgid"] if key == "msgstr[0]" else entry["msgid_plural"], entry[key]) for key in forms]


@pytest.mark.parametrize("language", CATALOGS)
def test_catalog_has_no_untranslated_or_fuzzy_entries(language):
    entries = catalog_entries(CATALOGS[language] / "django.po")
    assert len(entries) > 500  # the parser read the catalog, not an empty shell
    untranslated = [e["msgid"] for e in entries if any(not translated for _, translated in translations(e))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_albanian_catalog_has_the_same_messages_as_the_macedonian_one():
    # makemessages writes both from the same code and templates: one left behind misses new messages.
    def messages(language):
        return {
            (e["msgid"], e.get("msgid_plural")) for e in catalog_entries(CATALOGS[language] / "django.po")
        }

    assert messages("sq") == messages("mk")


@pytest.mark.parametrize(("language", "catalog"), ALL_CATALOGS)
def test_plurals_have_both_forms_and_translations_keep_every_placeholder(language, catalog):
    # A plural form takes the placeholders of the English plural: Macedonian uses its "singular" form
    # for 1, 21, 31..., so that form needs the number too; Albanian uses it for 1 only, and keeps it as well.
    for entry in catalog_entries(catalog):
        pairs = translations(entry)
        if "msgid_plural" in entry:
            assert len(pairs) == 2, entry["msgid"]
            pairs = [(entry["msgid_plural"], translated) for _, translated in pairs]
        for english, translated in pairs:
            if not translated:
                continue  # untranslated: the test above reports it
            assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(english)), english


@pytest.mark.parametrize(("language", "catalog"), ALL_CATALOGS)
def test_compiled_catalog_matches_the_po_file(language, catalog):
    with catalog.with_suffix(".mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    for entry in catalog_entries(catalog):
        if not all(translated for _, translated in translations(entry)):
            continue  # untranslated: gettext falls back to English
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            plural = (entry["msgid"], entry["msgid_plural"])
            for number, form in ((1, "msgstr[0]"), (5, "msgstr[1]")):
                found = mo.npgettext(context, *plural, number) if context else mo.ngettext(*plural, number)
                assert found == entry[form], f"run compilemessages -l {language}"
        else:
            found = mo.pgettext(context, entry["msgid"]) if context else mo.gettext(entry["msgid"])
            assert found == entry["msgstr"], f"run compilemessages -l {language}"


def test_the_macedonian_readers_pages_address_the_reader_one_way():
    """Lower-case "вас", "вашето" mid-sentence on the site's own pages, as most of them had it: the member's
    page mixed "од Вас" with "со вас". (The emails to members are letters and may write "Вашето".)"""
    capitalised = re.compile(r"[^\s.!?:„>]\s+(?:Вас|Ве|Ви|Вие|Ваш\w*)\b")
    mixed = []
    for block in (CATALOGS["mk"] / "django.po").read_text(encoding="utf-8").split("\n\n"):
        places = [place for line in re.findall(r"^#: (.*)$", block, re.M) for place in line.split()]
        pages = [place for place in places if place.startswith("templates/")]
        translated = "".join(re.findall(r'"(.*)"', block.partition("\nmsgstr")[2]))
        if pages and not any("/email/" in place for place in pages) and capitalised.search(translated):
            mixed.append(translated)
    assert mixed == []


@pytest.mark.parametrize("language", DJANGO_GAPS)
@pytest.mark.parametrize("domain", ["django.po", "djangojs.po"])
def test_every_message_of_django_that_staff_or_readers_meet_is_translated(language, domain):
    """Django's own catalog or ours (locale/django/) translates each message of the Django apps the site
    uses; after a Django upgrade this lists what scripts/django_catalog.py should add."""
    from scripts.django_catalog import PACKAGES

    django_locale = Path(django.__file__).parent

    def catalogs(language):
        return [
            django_locale / package / "locale" / language / "LC_MESSAGES" / domain for package in PACKAGES
        ]

    # With whether it has a plural: a message translated only as a singular is not found by a plural lookup.
    def translated_in(catalog):
        return {
            (e.get("msgctxt"), e["msgid"], "msgid_plural" in e)
            for e in catalog_entries(catalog)
            if all(text for _, text in translations(e)) and "fuzzy" not in e["flags"]
        }

    translated = set()
    for catalog in [*catalogs(language), DJANGO_GAPS[language] / domain]:
        if catalog.exists():
            translated |= translated_in(catalog)
    english = [
        (e.get("msgctxt"), e["msgid"], "msgid_plural" in e)
        for c in catalogs("en")
        if c.exists()
        for e in catalog_entries(c)
    ]
    assert len(english) > 30  # read, not an empty shell
    assert [message for message in english if message not in translated] == []


def test_a_macedonian_editor_reads_the_admins_own_messages_in_macedonian(admin_client, settings):
    section = factories.section(name="World", slug="svet")
    admin = f"/{settings.ADMIN_PATH}"
    headers = {"accept-language": "mk"}

    changed = admin_client.post(
        f"{admin}articles/section/{section.pk}/change/",
        {
            "name_en": "World",
            "name_mk": "Свет",
            "name_sq": "",
            "slug": "svet",
            "order": 0,
            "description_en": "",
        },
        headers=headers,
        follow=True,
    )
    saved = re.findall(r'<li class="success">(.*?)</li>', changed.content.decode(), re.S)
    assert len(saved) == 1 and "successfully" not in saved[0] and "рубрика" in saved[0]  # "Успешна измена"
    added = admin_client.post(
        f"{admin}articles/section/add/",
        {"name_en": "Culture", "name_mk": "Култура", "name_sq": "", "slug": "", "order": 1},
        headers=headers,
        follow=True,
    )
    # Django's own Macedonian reads "Успешно беше додадено рубрика": ours corrects it (scripts/django_catalog.py).
    saved = re.findall(r'<li class="success">(.*?)</li>', added.content.decode(), re.S)
    assert len(saved) == 1 and re.fullmatch(
        r"Успешно додавање: рубрика „<a href=[^>]+>Култура</a>“\.", saved[0]
    )
    # "Save and continue editing": Django's "Можете повторно да го промените" gives a feminine name a "го".
    continued = admin_client.post(
        f"{admin}articles/section/add/",
        {"name_en": "Sport", "name_mk": "Спорт", "name_sq": "", "slug": "", "order": 2, "_continue": "1"},
        headers=headers,
        follow=True,
    )
    assert "Подолу можете повторно да правите измени." in continued.content.decode()
    culture = Section.objects.get(name_en="Culture")
    deleting = admin_client.get(f"{admin}articles/section/{culture.pk}/delete/", headers=headers)
    assert "Дали сигурно сакате да избришете: рубрика „Култура“?" in html.unescape(deleting.content.decode())
    stories = admin_client.get(f"{admin}articles/article/", headers=headers).content.decode()
    assert "Show counts" not in stories and "Filter navigation items" not in stories
    # The date picker's months and days: the admin's JavaScript catalog holds only translated messages.
    calendar = admin_client.get(f"{admin}jsi18n/", headers=headers).content.decode()
    assert '"abbrev. month January\\u0004Jan":' in calendar and '"Monday":' in calendar
    assert '"(click to clear)":' in calendar  # the date-and-time widgets' own words


# Pages a Macedonian or Albanian reader sees -----------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def supporter_tier(db):
    tier = Tier.objects.create(name="Supporter", slug="supporter")
    TierPrice.objects.create(
        tier=tier, currency=Currency.objects.get(code="MKD"), frequency="monthly", amount=Decimal("300")
    )
    return tier


# What each page says in each language; none of them may show its English words.
JOIN_PAGE = {
    "mk": ("Станете член", "Вашата поддршка", "Колку често", "Еднократно", "Месечно", "Годишно", "Валута",
           "Вашето име", "Држава", "Пријавете се и потврдете по е-пошта", "300 MKD секој месец, додека не откажете"),
    "sq": ("Bëhuni anëtar", "Mbështetja juaj", "Sa shpesh", "Një herë", "Çdo muaj", "Çdo vit", "Monedha",
           "Emri juaj", "Shteti", "Regjistrohuni dhe konfirmoni me email", "300 MKD çdo muaj, derisa ta anuloni"),
}  # fmt: skip
JOIN_ERRORS = {
    "mk": ("Ве молиме проверете ги одговорите", "Изберете дали давате еднократно, секој месец или секоја година.",
           "Изберете ја вашата држава."),
    "sq": ("Ju lutemi kontrolloni përgjigjet", "Zgjidhni nëse jepni një herë, çdo muaj apo çdo vit.",
           "Zgjidhni shtetin tuaj."),
}  # fmt: skip
# The story's own words (headline, source, quote, anonymous source), then what the panel says about them.
SOURCING_PANEL = {
    "mk": (("Седница на Владата", "Изјава по седницата", "Подготвени сме.", "висок функционер во министерството"),
           ("Како ја подготвивме веста",
            '<strong class="source-label">Прес-конференција: Изјава по седницата</strong>',
            '<strong class="source-label">Анонимен извор: висок функционер во министерството</strong>')),
    "sq": (("Mbledhja e Qeverisë", "Deklaratë pas mbledhjes", "Jemi gati.", "zyrtar i lartë në ministri"),
           ("Si e raportuam këtë lajm",
            '<strong class="source-label">Konferencë për shtyp: Deklaratë pas mbledhjes</strong>',
            '<strong class="source-label">Burim anonim: zyrtar i lartë në ministri</strong>')),
}  # fmt: skip
SPEAKER_PAGE = {
    "mk": ("1 цитат во нашите вести", "RSS фид со овие цитати", "Парафраза:", "извор:"),
    "sq": ("1 citat në lajmet tona", "Furnizimi RSS me këto citate", "Parafrazim:", "burimi:"),
}
SIGN_UP = {
    "mk": {
        "sent": "Проверете ја е-поштата",
        "subject": "Потврдете го Вашето членство во {site}",
        "body": ("Добар ден, Ana Petrovska,", "Вашиот придонес: 300 MKD секој месец, додека не откажете"),
        "confirm": ("Потврдете го вашето членство", "Да, потврди го моето членство"),
        "manage": ("Ви благодариме: вашата адреса за е-пошта е потврдена.", "Потврдено (се чека уплата)",
                   "Повикување на број"),
    },
    "sq": {
        "sent": "Kontrolloni email-in tuaj",
        "subject": "Konfirmoni anëtarësimin tuaj në {site}",
        "body": ("Përshëndetje, Ana Petrovska,", "Kontributi juaj: 300 MKD çdo muaj, derisa ta anuloni"),
        "confirm": ("Konfirmoni anëtarësimin tuaj", "Po, konfirmoje anëtarësimin tim"),
        "manage": ("Ju faleminderit: adresa juaj e email-it u konfirmua.", "I konfirmuar (në pritje të pagesës)",
                   "Referenca e pagesës"),
    },
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("language", CATALOGS)
def test_join_page_shows_the_form_and_the_pledges_in_the_readers_language(client, supporter_tier, language):
    page = client.get(f"/{language}/membership/join/").content.decode()
    assert f'<html lang="{language}">' in page
    for words in JOIN_PAGE[language]:
        assert words in page
    assert "Become a member" not in page and "every month, until you cancel" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", CATALOGS)
def test_join_form_errors_are_in_the_readers_language(client, supporter_tier, language):
    response = client.post(f"/{language}/membership/join/", form_data(frequency="", country=""))
    page = response.content.decode()
    assert response.status_code == 400
    for words in JOIN_ERRORS[language]:
        assert words in page
    assert "Please check your answers" not in page and "Choose your country." not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", CATALOGS)
def test_article_page_shows_the_sourcing_panel_in_the_storys_language(client, language):
    (headline, description, quoted, anonymous), expected = SOURCING_PANEL[language]
    story = factories.article(language=language, headline=headline)
    source = sourcing.source(story, kind=Source.Kind.PRESS_CONFERENCE, description=description, outlet="")
    sourcing.quote(story, source=source, text=quoted, speaker=sourcing.person(name="Ana K"))
    sourcing.anonymous_source(story, public_description=anonymous)
    url = story.canonical_path
    assert url.startswith(f"/{language}/")
    page = client.get(url).content.decode()
    for words in expected:
        assert words in page
    assert "How we reported this" not in page and "Press conference" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", CATALOGS)
def test_speaker_page_is_in_the_readers_language(client, language):
    story = factories.article(language=language)
    speaker = sourcing.person(name="Ana K")
    sourcing.quote(story, speaker=speaker, kind="paraphrase")
    with translation.override(language):
        url = speaker.get_absolute_url()
    page = client.get(url).content.decode()
    for words in SPEAKER_PAGE[language]:
        assert words in page
    assert "quote in our stories" not in page and "Paraphrase" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", CATALOGS)
def test_a_sign_up_gets_its_emails_and_member_pages_in_the_readers_language(
    client, supporter_tier, django_capture_on_commit_callbacks, language
):
    expected = SIGN_UP[language]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/{language}/membership/join/", form_data(), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302 and response.url == f"/{language}/membership/join/sent/"
    assert expected["sent"] in client.get(response.url).content.decode()
    assert Member.objects.get().language == language

    run_queue()
    (message,) = mail.outbox
    assert message.subject == expected["subject"].format(site=settings.SITE_NAME)
    for words in expected["body"]:
        assert words in message.body
    assert "Hello" not in message.body and "until you cancel" not in message.body

    confirm_url = last_link("confirm")
    assert confirm_url.startswith(f"/{language}/")
    page = client.get(confirm_url).content.decode()
    for words in expected["confirm"]:
        assert words in page
    manage = client.get(client.post(confirm_url).url).content.decode()
    for words in expected["manage"]:
        assert words in manage
    assert "Payment reference" not in manage
