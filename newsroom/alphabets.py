"""The newsroom's languages in their alphabets' order: for lists of names, the letters above them and countries.

Unicode's order is not theirs: it puts Macedonian Ѓ, Ѕ, Ј, Љ, Њ, Ќ and Џ before А, and Albanian Ç and Ë after
Z, and Albanian's nine two-letter letters (dh, gj, ll, nj, rr, sh, th, xh, zh) come after the whole group of
their first letter (Gjermani after Guatemalë). A database in the "C" locale (PostgreSQL here) or SQLite sorts
by code point, so "Ѓорѓи" came before "Ана" on a Macedonian page.

`sort_key` orders text in Python; `Alphabetical` orders a column in SQL by the same rules: PostgreSQL's ICU
collations ("mk-x-icu") on PostgreSQL, and on SQLite collations of the same names made from `sort_key`
(newsroom.sqlite). A language's own alphabet comes first, then the site's other alphabets, so a Macedonian
list opens with Cyrillic names and an Albanian one with Latin names, as ICU sorts them.
"""

import unicodedata

from django.conf import settings
from django.db.models.functions import Collate
from django.utils.translation import get_language

# Each language's letters, in order; a two-letter letter is one entry.
ALPHABETS = {
    "mk": tuple("абвгдѓежзѕијклљмнњопрстќуфхцчџш"),
    "sq": (
        "a", "b", "c", "ç", "d", "dh", "e", "ë", "f", "g", "gj", "h", "i", "j", "k", "l", "ll", "m", "n",
        "nj", "o", "p", "q", "r", "rr", "s", "sh", "t", "th", "u", "v",
        "w",  # not an Albanian letter; where the Latin alphabet has it, as in the Albanian ICU collation
        "x", "xh", "y", "z", "zh",
    ),
    "en": tuple("abcdefghijklmnopqrstuvwxyz"),
}  # fmt: skip
# Another script's letters in a language's list come after its own, in Unicode's common order (CLDR's root
# collation), in which a letter with an accent sorts as its base letter (Ç as C in a Macedonian list).
SCRIPTS = (ALPHABETS["en"], ALPHABETS["mk"])


def collation(language):
    """The name of the collation that sorts `language` ("mk" -> "mk-x-icu", PostgreSQL's ICU name)."""
    return f"{language}-x-icu"


def _places(language):
    """{letter: (rank, place)}: `language`'s own alphabet first, then the other scripts'."""
    places = {}
    for rank, letters in enumerate((ALPHABETS.get(language, ()), *SCRIPTS)):
        for place, letter in enumerate(letters):
            places.setdefault(letter, (rank, place))
    return places


_PLACES = {}


def sort_key(text, language=None):
    """A key that sorts `text` as readers of `language` (the active one if not given) expect, as ICU does:
    letters by their place in the alphabets, one with an accent that is not a letter of them (é) as its base
    letter, other letters (Greek, Russian я) after them, spaces and signs before them all. Accents, then
    case (lower first), only break ties."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language not in _PLACES:
        _PLACES[language] = _places(language)
    places = _PLACES[language]
    folded, primary, index = text.casefold(), [], 0
    while index < len(folded):
        letter = folded[index : index + 2] if folded[index : index + 2] in places else folded[index]
        index += len(letter)
        if letter not in places and letter.isalpha():
            letter = unicodedata.normalize("NFD", letter)[0]  # é -> e
        if letter in places:
            primary.append(places[letter])
        elif letter.isalpha():
            primary.append((len(SCRIPTS) + 1, ord(letter)))
        else:
            primary.append((-1, ord(letter)))
    return primary, folded, text.swapcase()


def initial(text, language=None):
    """The letter `text` starts with in `language`'s alphabet, written as an index heads it: "Dh" for
    "Dhimitër" in Albanian, where dh is a letter of its own, "D" in English; "" for empty text."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    first_two = text[:2].casefold()
    letter = first_two if len(first_two) == 2 and first_two in ALPHABETS.get(language, ()) else first_two[:1]
    return letter[:1].upper() + letter[1:]


def letters_after(letter, language=None):
    """The two-letter letters of `language` that begin with `letter` ("D" in Albanian: "dh"), which a list of
    the names starting with `letter` leaves out."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return [pair for pair in ALPHABETS.get(language, ()) if len(pair) == 2 and pair[0] == letter.casefold()]


class Alphabetical(Collate):
    """`expression` (a text column or expression) ordered by `language`'s alphabet: `.order_by(Alphabetical(
    "name"))`. The active language's when not given, which on a reader's page is its edition's."""

    def __init__(self, expression, language=None):
        language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
        super().__init__(expression, collation(language))
