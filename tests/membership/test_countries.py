"""The join form's country select: every country named in the reader's language and listed in that
language's alphabetical order."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django_countries import countries
from django_countries.data import COUNTRIES

from membership.models import Member
from tests.membership.conftest import form_data
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
    assert len(listed) == len(countries) and names[0] == first
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
