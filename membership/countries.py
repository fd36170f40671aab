"""Countries as a member's country is chosen and stored: named in the reader's language, in that language's
order, with Kosovo among them.

django-countries names them (its catalogs, and ours in locale/countries for Macedonian and Albanian) and
sorts them by their letters with accents dropped, which works for many Latin scripts. Cyrillic has no such
letters, so a Macedonian list came out in the order of the English names. Macedonian is ordered by its
alphabet here: Unicode puts Ѓ, Ѕ, Ј, Љ, Њ, Ќ and Џ before А, so even plain code-point order would open the
list with Јамајка and Јапонија. Albanian is too: dropping accents filed Çad with the C's and Grënlandë
before Greqi, and its nine two-letter letters (dh, gj, ll, nj, rr, sh, th, xh, zh) come after the whole
group of their first letter, so Gjermani comes after Guatemalë and Shqipëri after Suedi.

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

# Each language whose order is not its letters' order with accents dropped: its letters, in order.
ALPHABETS = {
    "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    "sq": (
        "a", "b", "c", "ç", "d", "dh", "e", "ë", "f", "g", "gj", "h", "i", "j", "k", "l", "ll", "m",
        "n", "nj", "o", "p", "q", "r", "rr", "s", "sh", "t", "th", "u", "v", "x", "xh", "y", "z", "zh",
    ),
}  # fmt: skip

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
            if language in ALPHABETS:
                place = {letter: index for index, letter in enumerate(ALPHABETS[language])}
                listed.sort(key=lambda choice: alphabetical_key(choice.name, place))
            in_order[language] = tuple(listed)
        return iter(in_order[language])


member_countries = MemberCountries()


def country_choices():
    """(code, name) of every country, in the active language and its alphabetical order."""
    return tuple(member_countries)


def alphabetical_key(name, place):
    """Sort key: letters by their `place` in the alphabet, other letters after them, spaces and signs
    before them all. A two-letter letter of the alphabet (Albanian "sh") is read as one letter."""
    folded, key, index = name.casefold(), [], 0
    while index < len(folded):
        letter = folded[index : index + 2] if folded[index : index + 2] in place else folded[index]
        key.append(place[letter] if letter in place else len(place) + ord(letter) if letter.isalpha() else -1)
        index += len(letter)
    return key
