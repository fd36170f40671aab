"""The join form's country select: every country named in the reader's language and listed in that
language's alphabetical order."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django_countries import countries

from membership.models import Member
from tests.membership.conftest import form_data
from tests.newsroom.test_translations import catalog_entries

COUNTRY_CATALOG = Path(settings.BASE_DIR) / "locale" / "countries" / "mk" / "LC_MESSAGES"
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


def test_compiled_country_catalog_matches_the_po_file():
    with (COUNTRY_CATALOG / "django.mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    entries = catalog_entries(COUNTRY_CATALOG / "django.po")
    assert len(entries) > 240
    for entry in entries:
        assert mo.gettext(entry["msgid"]) == entry["msgstr"], "run compilemessages -l mk --ignore .venv"


@pytest.mark.django_db
def test_macedonian_reader_picks_a_country_by_its_macedonian_name_in_alphabetical_order(client):
    listed = listed_countries(client, "/mk/membership/join/")
    names = [name for _, name in listed]
    assert len(listed) == len(countries)
    assert ("MK", "Северна Македонија") in listed and ("JP", "Јапонија") in listed
    assert "North Macedonia" not in names and "Japan" not in names
    # Ј, Џ and Ш come after И, Ч and Ц in the Macedonian alphabet, although Unicode puts Ј and Џ before А.
    assert names[0] == "Авганистан"
    assert names.index("Ирска") < names.index("Италија") < names.index("Јамајка") < names.index("Канада")
    assert names.index("Чешка") < names.index("Џибути") < names.index("Швајцарија")
    assert names.index("Јужна Кореја") < names.index("Јужноафриканска Република")


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
