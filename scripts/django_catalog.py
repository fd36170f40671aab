"""Write the messages Django's own catalogs leave in English for a language, for translators to fill.

Django's Macedonian catalogs lag behind its code: a Macedonian editor who saved a story read "The story
“…” was changed successfully.", the admin's date picker named its months "Jan, Feb…", and filters offered
"Show counts". Django's Albanian catalogs lack a few messages too. This writes
locale/django/<language>/LC_MESSAGES/django.po and djangojs.po: every message of Django's English catalogs
(the apps the site uses) that Django's own <language> catalog does not translate, keeping the translations
already in our file. It keeps, too, the entries of ours that correct one of Django's translations (marked
"Corrects Django's" in a translator comment): Django's Macedonian "Успешно беше додадено вест" after adding a
story gives a feminine noun a neuter verb, where ours avoids the agreement. Run it after upgrading Django, then translate what it added and compile (polib is
needed only here, not by the site):

    .venv/bin/pip install polib
    .venv/bin/python scripts/django_catalog.py mk
    .venv/bin/python manage.py compilemessages -l mk --ignore .venv

The catalog stands apart from locale/<language>/, which makemessages rewrites from the project's own
strings and would mark these entries obsolete; it comes last in LOCALE_PATHS, so that where the project's
catalog translates the same message, the project's translation shows. tests/newsroom/test_translations.py fails while a message is missing from it.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The Django packages whose messages staff or readers meet on this site.
PACKAGES = ["conf", "contrib/admin", "contrib/auth", "contrib/contenttypes"]
DOMAINS = ["django", "djangojs"]


CORRECTION = "Corrects Django's"


def untranslated(language, domain, corrected=()):
    """Django's entries of `domain` (polib entries of its English catalogs) that its `language` catalogs
    do not translate, and those whose (msgctxt, msgid) is in `corrected`."""
    import django
    import polib

    base = Path(django.__file__).parent
    missing = []
    for package in PACKAGES:
        english = base / package / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not english.exists():
            continue
        translated_path = base / package / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
        # Keyed with whether the message has a plural: Django's Macedonian catalog translates "Please correct
        # the error below." as a single message, which the admin's plural lookup never finds.
        translated = (
            {
                (e.msgctxt, e.msgid, bool(e.msgid_plural))
                for e in polib.pofile(translated_path)
                if e.translated()
            }
            if translated_path.exists()
            else set()
        )
        missing += [
            entry
            for entry in polib.pofile(english)
            if not entry.obsolete
            and (
                (entry.msgctxt, entry.msgid, bool(entry.msgid_plural)) not in translated
                or (entry.msgctxt, entry.msgid) in corrected
            )
        ]
    return missing


def catalog_path(language, domain):
    return ROOT / "locale" / "django" / language / "LC_MESSAGES" / f"{domain}.po"


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("language", help="a language code, e.g. mk")
    language = parser.parse_args().language
    import polib

    for domain in DOMAINS:
        path = catalog_path(language, domain)
        ours = polib.pofile(path) if path.exists() else polib.POFile()
        kept = {(entry.msgctxt, entry.msgid): entry for entry in ours if not entry.obsolete}
        catalog = polib.POFile(wrapwidth=0)
        catalog.metadata = {
            "Content-Type": "text/plain; charset=UTF-8",
            "Language": language,
            # Macedonian and Albanian as Django's own catalogs count their plurals.
            "Plural-Forms": ours.metadata.get("Plural-Forms")
            or {"mk": "nplurals=2; plural=(n % 10 == 1 && n % 100 != 11) ? 0 : 1;"}.get(
                language, "nplurals=2; plural=(n != 1);"
            ),
        }
        corrected = {key for key, entry in kept.items() if CORRECTION in (entry.tcomment or "")}
        seen = set()
        for english in untranslated(language, domain, corrected):
            key = (english.msgctxt, english.msgid)
            if key in seen:
                continue
            seen.add(key)
            entry = kept.get(key) or polib.POEntry(
                msgctxt=english.msgctxt,
                msgid=english.msgid,
                msgid_plural=english.msgid_plural,
                msgstr="",
                msgstr_plural={0: "", 1: ""} if english.msgid_plural else {},
                flags=[flag for flag in english.flags if flag.endswith("-format")],
            )
            entry.occurrences = english.occurrences
            entry.comment = english.comment
            catalog.append(entry)
        if not catalog:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog.save(path)
        empty = sum(1 for entry in catalog if not entry.translated())
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {empty} to translate", file=sys.stderr)


if __name__ == "__main__":
    main()
