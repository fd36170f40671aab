"""Slugs from headlines: Macedonian Cyrillic is romanized, never dropped."""

import pytest

from articles.text import slug_from_text, transliterate


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Зеленски потврди", "zelenski-potvrdi"),
        ("Ѓорѓе Џафер и Ќерката на Љубица", "gjorgje-dzhafer-i-kjerkata-na-ljubica"),
        ("Ѕвездата на Њујорк", "dzvezdata-na-njujork"),
        ("Electricity prices: up 9%", "electricity-prices-up-9"),
        ("Shqipëria dhe çmimet", "shqiperia-dhe-cmimet"),
    ],
)
def test_headline_gives_a_latin_slug(headline, slug):
    assert slug_from_text(headline) == slug


def test_transliteration_keeps_capitals():
    assert transliterate("Скопје") == "Skopje"


@pytest.mark.parametrize(
    ("headline", "slug"),
    [("Сѐ уште нема одлука", "se-ushte-nema-odluka"), ("Ѝ рекоа да чека", "i-rekoa-da-cheka")],
)
def test_the_accented_macedonian_letters_follow_the_official_table(headline, slug):
    # ѐ and ѝ (the grave accent tells "сѐ" from "се" and "ѝ" from "и") were dropped: "сѐ уште" gave "s-ushte".
    assert slug_from_text(headline) == slug
