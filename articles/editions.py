"""Editions: each language the outlet publishes in is a site of its own stories, under its own address prefix.

The Macedonian edition (/mk/ by default) lists Macedonian stories only: on its home page, sections, tags,
authors, search, feeds and sitemaps. A story has one address, under its own edition's prefix; asked for under
another prefix, it answers 301 to that one. The edition of a request is its language, which the address alone
decides (newsroom/urls.py: i18n_patterns). NEWSROOM_EDITIONS names the languages that are editions; the
unprefixed one is LANGUAGE_CODE. An interface language that is not an edition shows the default edition.
"""

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info


def edition_of(language=None):
    """The edition of `language` (the active language by default)."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    return code if code in settings.NEWSROOM_EDITIONS else settings.LANGUAGE_CODE


def in_edition(title, language=None):
    """`title` with the name of its edition as the edition's readers write it ("Newsroom · Македонски",
    "Newsroom · Shqip"), so that a reader's feed list tells the editions' feeds apart; `title` alone where the
    site has one edition."""
    if len(settings.NEWSROOM_EDITIONS) < 2:
        return title
    return f"{title} · {capfirst(get_language_info(edition_of(language))['name_local'])}"


# Languages whose orthography writes other languages' names in lower case mid-sentence ("нацрт на македонски").
NAMES_IN_LOWER_CASE = {"mk", "sq"}


def language_name_mid_sentence(name):
    """`name`, a language's name in the active language, as a sentence of that language writes it inside:
    "Macedonian" in English, "македонски" in Macedonian, "maqedonisht" in Albanian."""
    return name.lower() if (get_language() or "").split("-")[0] in NAMES_IN_LOWER_CASE else name
