"""Countries as a reader's select lists them: named in the reader's language, in that language's order.

django-countries names them (its catalogs, and ours in locale/countries for Macedonian) and sorts them by
their letters with accents dropped, which works for Latin scripts. Cyrillic has no such letters, so a
Macedonian list came out in the order of the English names. Macedonian is ordered by its alphabet here:
Unicode puts Ѓ, Ѕ, Ј, Љ, Њ, Ќ and Џ before А, so even plain code-point order would open the list with
Јамајка and Јапонија.
"""

from functools import cache

from django.conf import settings
from django.utils.translation import get_language, override
from django_countries import countries

# Each language whose order is not its letters' order with accents dropped: its letters, in order.
ALPHABETS = {"mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш"}


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
    before them all."""
    return [
        place[char] if char in place else len(place) + ord(char) if char.isalpha() else -1
        for char in name.casefold()
    ]
