"""The join form's country select: every country, Kosovo too, named in the reader's language and listed in
that language's alphabetical order; Kosovo stored, checked, shown in the admin and exported by its code."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_countries import countries
from django_countries.data import COUNTRIES

from membership import exports
from membership.countries import member_countries
from membership.models import Member
from tests.membership.conftest import form_data, make_member
from tests.newsroom.test_translations import catalog_entries

COUNTRY_CATALOGS = {
    language: Path(settings.BASE_DIR) / "locale" / "countries" / language / "LC_MESSAGES"
    for language in ("mk", "sq")
}
OPTION = re.compile(r'<option value="([A-Z]{2})">([^<]+)</option>')
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def listed_countries(client, url):
    """(code, name) of the country select's options, in the order shown."""
    return OPTION.findall(client.get(url).content.decode())


def test_every_country_has_a_macedonian_name():
    with translation.override("mk"):
        english_only = [code for code, name in countries if not CYRILLIC.search(str(name))]
    assert len(countries) > 240
    assert english_only == []


def test_every_country_has_its_albanian_name_from_the_catalog():
    # django-countries ships no Albanian: without our catalog an Albanian reader gets the English names.
    albanian = {e["msgid"]: e["msgstr"] for e in catalog_entries(COUNTRY_CATALOGS["sq"] / "django.po")}
    with translation.override("en"):  # the names django-countries asks gettext for, as in the catalog
        english = {code: str(name) for code, name in COUNTRIES.items()}
    with translation.override("sq"):
        named = dict(countries)
    assert len(named) > 240
    assert [code for code, name in named.items() if name != albanian[english[code]]] == []


@pytest.mark.parametrize("language", COUNTRY_CATALOGS)
def test_compiled_country_catalog_matches_the_po_file(language):
    with (COUNTRY_CATALOGS[language] / "django.mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    entries = catalog_entries(COUNTRY_CATALOGS[language] / "django.po")
    assert len(entries) > 240
    stale = [entry["msgid"] for entry in entries if mo.gettext(entry["msgid"]) != entry["msgstr"]]
    assert stale == [], f"run compilemessages -l {language} --ignore .venv"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "named", "first"),
    [
        ("mk", [("MK", "Северна Македонија"), ("JP", "Јапонија")], "Авганистан"),
        ("sq", [("MK", "Maqedonia e Veriut"), ("AL", "Shqipëri")], "Afganistan"),
    ],
)
def test_the_select_lists_every_country_by_its_name_in_the_readers_language(client, language, named, first):
    listed = listed_countries(client, f"/{language}/membership/join/")
    names = [name for _, name in listed]
    assert len(listed) == len(member_countries) == len(countries) + 1 and names[0] == first
    assert all(choice in listed for choice in named)
    assert "North Macedonia" not in names and "Japan" not in names and "Albania" not in names


@pytest.mark.django_db
def test_macedonian_names_are_in_macedonian_alphabetical_order(client):
    names = [name for _, name in listed_countries(client, "/mk/membership/join/")]
    # Ј, Џ and Ш come after И, Ч and Ц in the Macedonian alphabet, although Unicode puts Ј and Џ before А.
    assert names.index("Ирска") < names.index("Италија") < names.index("Јамајка") < names.index("Канада")
    assert names.index("Чешка") < names.index("Џибути") < names.index("Швајцарија")
    assert names.index("Јужна Кореја") < names.index("Јужноафриканска Република")


@pytest.mark.django_db
def test_albanian_names_are_in_albanian_alphabetical_order(client):
    names = [name for _, name in listed_countries(client, "/sq/membership/join/")]
    # Ç and Ë are letters of their own, after C and E (with accents dropped Çad came before Côte d’Ivoire
    # and Grënlandë before Greqi) ...
    assert names.index("Côte d’Ivoire") < names.index("Çad") < names.index("Çeki") < names.index("Danimarkë")
    assert names.index("Greqi") < names.index("Grënlandë") < names.index("Guadelupë")
    # ... and so are Gj and Sh, after every word in G and S.
    assert names.index("Guineja Ekuatoriale") < names.index("Gjeorgji") < names.index("Haiti")
    assert names.index("Suedi") < names.index("Shqipëri") < names.index("Tajlandë")


@pytest.mark.django_db
def test_english_reader_keeps_the_english_names_in_english_order(client):
    names = [name for _, name in listed_countries(client, "/membership/join/")]
    assert names[:3] == ["Afghanistan", "Åland Islands", "Albania"]
    assert "North Macedonia" in names and "Северна Македонија" not in names
    assert names.index("Japan") < names.index("Jordan") < names.index("Kenya")


@pytest.mark.django_db
def test_a_sign_up_from_the_macedonian_select_stores_the_country_code(client, tier):
    assert ("JP", "Јапонија") in listed_countries(client, "/mk/membership/join/")
    response = client.post("/mk/membership/join/", form_data(country="JP"), REMOTE_ADDR="192.0.2.20")
    assert response.status_code == 302
    assert Member.objects.get().country.code == "JP"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "before", "kosovo", "after"),
    [
        ("/sq/membership/join/", "Kore e Veriut", "Kosova", "Kosta-Rikë"),
        ("/mk/membership/join/", "Конго - Киншаса", "Косово", "Костарика"),
        ("/membership/join/", "Kiribati", "Kosovo", "Kuwait"),
    ],
)
def test_kosovo_is_offered_by_its_name_in_the_readers_language_in_alphabetical_order(
    client, url, before, kosovo, after
):
    listed = listed_countries(client, url)
    names = [name for _, name in listed]
    assert ("XK", kosovo) in listed
    assert names.index(before) + 1 == names.index(kosovo) == names.index(after) - 1


@pytest.mark.django_db
def test_a_reader_in_kosovo_can_join_and_is_shown_so_to_staff_and_in_exports(client, tier, staff_client):
    response = client.post("/sq/membership/join/", form_data(country="XK"), REMOTE_ADDR="192.0.2.21")
    assert response.status_code == 302, response.content.decode()[-3000:]
    member = Member.objects.get()
    with translation.override("en"):
        assert (member.country.code, member.country.name) == ("XK", "Kosovo")
    assert exports.member_export_data(member)["country"] == "XK"

    change_page = staff_client.get(reverse("admin:membership_member_change", args=[member.pk]))
    assert '<option value="XK" selected>Kosovo</option>' in change_page.content.decode()
    changelist = reverse("admin:membership_member_changelist")
    assert '<a href="?country__exact=XK">Kosovo</a>' in staff_client.get(changelist).content.decode()
    assert "Ana Petrovska" in staff_client.get(changelist + "?country__exact=XK").content.decode()


@pytest.mark.django_db
def test_staff_in_macedonian_choose_kosovo_in_alphabetical_order(staff_client, currencies):
    member = make_member(currencies, email="arta@example.org", name="Arta")
    page = staff_client.get(
        reverse("admin:membership_member_change", args=[member.pk]), HTTP_ACCEPT_LANGUAGE="mk"
    ).content.decode()
    assert (
        page.index(">Конго - Киншаса<") < page.index('<option value="XK">Косово<') < page.index(">Костарика<")
    )
