"""Countries as a reader's select lists them: named in the reader's language, in that language's order.

django-countries names them (its catalogs, and ours in locale/countries for Macedonian and Albanian) and
sorts them by their letters with accents dropped, which works for many Latin scripts. Cyrillic has no such
letters, so a Macedonian list came out in the order of the English names. Macedonian is ordered by its
alphabet here: Unicode puts Ѓ, Ѕ, Ј, Љ, Њ, Ќ and Џ before А, so even plain code-point order would open the
list with Јамајка and Јапонија. Albanian is too: dropping accents filed Çad with the C's and Grënlandë
before Greqi, and its nine two-letter letters (dh, gj, ll, nj, rr, sh, th, xh, zh) come after the whole
group of their first letter, so Gjermani comes after Guatemalë and Shqipëri after Suedi.
"""

from functools import cache

from django.conf import settings
from django.utils.translation import get_language, override
from django_countries import countries

# Each language whose order is not its letters' order with accents dropped: its letters, in order.
ALPHABETS = {
    "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    "sq": (
        "a", "b", "c", "ç", "d", "dh", "e", "ë", "f", "g", "gj", "h", "i", "j", "k", "l", "ll", "m",
        "n", "nj", "o", "p", "q", "r", "rr", "s", "sh", "t", "th", "u", "v", "x", "xh", "y", "z", "zh",
    ),
}  # fmt: skip


def country_choices():
    """(code, name) of every country, in the active language."""
    return _country_choices(get_language() or settings.LANGUAGE_CODE)


@cache
def _country_choices(language):
    with override(language):
        listed = [(code, str(name)) for code, name in countries]
    if language in ALPHABETS:
        place = {letter: index for index, letter in enumerate(ALPHABETS[language])}
        listed.sort(key=lambda choice: alphabetical_key(choice[1], place))
    return tuple(listed)


def alphabetical_key(name, place):
    """Sort key: letters by their `place` in the alphabet, other letters after them, spaces and signs
    before them all. A two-letter letter of the alphabet (Albanian "sh") is read as one letter."""
    folded, key, index = name.casefold(), [], 0
    while index < len(folded):
        letter = folded[index : index + 2] if folded[index : index + 2] in place else folded[index]
        key.append(place[letter] if letter in place else len(place) + ord(letter) if letter.isalpha() else -1)
        index += len(letter)
    return key
