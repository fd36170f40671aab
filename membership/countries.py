"""Countries as a member's country is chosen and stored: named in the reader's language, in that language's
order, with Kosovo among them.

django-countries names them (its catalogs, and ours in locale/countries for Macedonian and Albanian) and
sorts them by their letters with accents dropped, which works for many Latin scripts. Cyrillic has no such
letters, so a Macedonian list came out in the order of the English names, and Albanian's own letters were
misfiled (Çad with the C's, Gjermani before Guatemalë). Both are ordered by their alphabets here
(newsroom.alphabets).

Kosovo, where many of the Albanian edition's readers live, has no ISO 3166-1 code of its own: XK is the
user-assigned code that the EU, SWIFT and CLDR use, and django-countries leaves it out, so neither its
catalogs nor ours (written from its names by scripts/country_catalog.py) name it. `MemberCountries` adds it,
named here in each language; the member's country field, the join form, the admin's select and filter and
the exports all use this one list.
"""

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language
from django_countries import Countries

from newsroom.alphabets import sort_key

# The languages whose order is not their letters' order with accents dropped.
REORDERED = {"mk", "sq"}

# "Kosova" is how Albanian readers name it (CLDR's dictionary form is "Kosovë"); any other language gets
# the English name, as django-countries gives a name it has no translation for.
KOSOVO_NAMES = {"en": "Kosovo", "mk": "Косово", "sq": "Kosova"}


def _kosovo_name():
    return KOSOVO_NAMES.get(_language().split("-")[0], KOSOVO_NAMES["en"])


def _language():
    return (get_language() or settings.LANGUAGE_CODE).lower()


class MemberCountries(Countries):
    """django-countries' countries and Kosovo (XK), iterated in the active language's alphabetical order."""

    override = {"XK": lazy(_kosovo_name, str)()}

    def __iter__(self):
        language = _language()
        in_order = self.__dict__.setdefault("_in_alphabetical_order", {})
        if language not in in_order:
            listed = list(super().__iter__())
            if language in REORDERED:
                listed.sort(key=lambda choice: sort_key(choice.name, language))
            in_order[language] = tuple(listed)
        return iter(in_order[language])


member_countries = MemberCountries()


def country_choices():
    """(code, name) of every country, in the active language and its alphabetical order."""
    return tuple(member_countries)
