"""Write the country names of a language that django-countries does not translate, from the Unicode CLDR.

django-countries ships no Macedonian, so a Macedonian reader's country select listed every country in
English. This writes locale/countries/<language>/LC_MESSAGES/django.po: each of django-countries' English
names (the msgid its gettext call asks for) with the CLDR name in <language>, read through Babel. Babel is
needed only here, not by the site:

    .venv/bin/pip install babel
    .venv/bin/python scripts/country_catalog.py mk
    .venv/bin/python manage.py compilemessages -l mk --ignore .venv

The catalog stands apart from locale/<language>/, which makemessages rewrites from the project's own
strings and would mark these entries obsolete. Translators may correct names in it like any other
message; running this again overwrites their changes.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def po_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("language", help="a language code, e.g. mk")
    language = parser.parse_args().language

    from babel import Locale

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.utils import translation
    from django_countries.data import COUNTRIES

    names = Locale.parse(language).territories
    lines = [
        f"# Country names in {Locale.parse(language).english_name}, from the Unicode CLDR through Babel.",
        "# Written by scripts/country_catalog.py; see its docstring.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {language}\\n"',
        "",
    ]
    with translation.override(None):
        for code, english in COUNTRIES.items():
            if code not in names:
                raise SystemExit(f"CLDR has no {language} name for {code} ({english})")
            lines += [
                f"#. {code}",
                f"msgid {po_string(str(english))}",
                f"msgstr {po_string(names[code])}",
                "",
            ]
    catalog = ROOT / "locale" / "countries" / language / "LC_MESSAGES" / "django.po"
    catalog.parent.mkdir(parents=True, exist_ok=True)
    catalog.write_text("\n".join(lines), encoding="utf-8")
    print(f"{catalog.relative_to(ROOT)}: {len(COUNTRIES)} country names")


if __name__ == "__main__":
    main()
