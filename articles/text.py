"""Slugs from headlines in any of the newsroom's languages.

Macedonian Cyrillic is romanized with the official Macedonian table (ѓ -> gj, ќ -> kj, џ -> dzh), which
readers recognise; other Cyrillic letters (Serbian, Russian, Ukrainian, Bulgarian headlines) follow the usual
transliterations so that no headline gives an empty slug.
"""

from django.utils.text import slugify

CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ѓ": "gj", "е": "e", "ж": "zh", "з": "z",
    "ѕ": "dz", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ќ": "kj", "у": "u", "ф": "f", "х": "h",
    "ц": "c", "ч": "ch", "џ": "dzh", "ш": "sh", "ѐ": "e", "ѝ": "i",
    # Not Macedonian, but they appear in quoted names and foreign headlines.
    "ђ": "dj", "ћ": "c", "й": "j", "щ": "shch", "ъ": "a", "ы": "y", "ь": "", "э": "e", "ю": "ju",
    "я": "ja", "ё": "jo", "є": "je", "і": "i", "ї": "ji", "ґ": "g",
}  # fmt: skip


def transliterate(text):
    """Romanize Cyrillic letters, keeping the case of the first letter of each."""
    result = []
    for char in text:
        latin = CYRILLIC_TO_LATIN.get(char.lower())
        if latin is None:
            result.append(char)
        elif char.isupper():
            result.append(latin[:1].upper() + latin[1:])
        else:
            result.append(latin)
    return "".join(result)


def slug_from_text(text, max_length=200):
    """'Зеленски потврди' -> 'zelenski-potvrdi'; accented Latin letters lose their accents."""
    return slugify(transliterate(text))[:max_length].strip("-")
