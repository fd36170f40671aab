"""A light stemmer for Macedonian and Albanian, so that site search finds a word in its other forms:
"болница" finds "болниците" and "болници", "spital" finds "spitali", "spitalet" and "spitaleve".

Why our own: no maintained stemmer covers either language. Snowball's list (and so PyStemmer,
snowballstemmer and PostgreSQL's own dictionaries) has Serbian and Russian but neither Macedonian nor
Albanian. Debian ships a hunspell dictionary for Albanian (myspell-sq) but none for Macedonian, and a
PostgreSQL ispell dictionary must be copied into the database server's own share directory, which a
managed database does not allow. uniparser-albanian is a full morphological analyser of Albanian alone,
with a grammatical dictionary that takes seconds to load. Forty lines of rules cover both languages.

The rules, one pass, on a lowercased word:

    word = stem + [ending] + [article]

and the stem is the shortest that leaves both parts to match, yet keeps the word's first letter, its first
vowel after that and one letter more (so short words stay whole: "ова", "ujë", "the"; and "shtet" (state)
keeps its "t" rather than becoming "sht", which begins "shtëpi" and "shtator" too). A word with a Cyrillic
letter is Macedonian; any other word takes the Albanian rules (English words too, which lose little: a
stem still begins its word, so "Tirana" and "Tiranës" both find Tirana).

- Macedonian: endings are those of gender and number of nouns and adjectives (-а, -е, -и, -о, plurals
  -ови, -еви, -иња) and a few of the verb (-ше, -еа, -ла, -ло, -ле); articles are the definite article
  -от, -та, -то, -те and -иот of adjectives. So болница, болници, болницата and болниците are all
  "болниц", градот and градовите "град", новиот and новите "нов". Left out on purpose: the proximal and
  distal articles (-ов, -ва, -во, -ве, -он, -на, -но, -не), rare in news prose, and -ишта, -ам, -ат, -ме:
  each ends many plain words (година, глава, закон, училишта, кандидат, време) that it would cut short
  and mix with others.
- Albanian: endings are the plural and stem vowels (-ë, -e, -a, -i, -u, plurals -ra, -ër) and a few of
  the verb (-oj, -on, -oi, -ojmë, -ojnë, -onte, -uan, -uar, -ur); articles are the definite and case
  endings (-i, -u, -a, -ë, -ja, -in, -un, -it, -ut, -në, -të, -ës, -së, -ve, -sh, -t, -n, -s). So spital,
  spitali, spitalit, spitalet and spitaleve are all "spital", shkollë, shkolla, shkollat and shkollës
  "shkoll", qeveri, qeveria and qeverisë "qever".

Only the reader's words are stemmed, and each stem is matched as the beginning of a word in the stored
search document, which keeps the words as written (migration articles/0005). Stemming the document too
would find nothing more, since a stem is a beginning of its word: a document of words and stems matches
the very same stories, and is larger to store and to rank. A suffix stripper errs where a plain word ends
like an ending ("qytet" would become "qyt", "qyteti" "qytet"); matching beginnings of whole words makes
that harmless ("qyteti", as "qytet", finds "qytet"). And a stemmed word is a beginning of the word as
typed, so whatever the search found before stemming it still finds.

The approach follows the light stemmers of Jacques Savoy's group at Neuchâtel (Bulgarian, a close relative
of Macedonian: article, then plural, then final vowel; "Searching strategies for the Bulgarian language",
Information Retrieval 10, 2007) and the suffix lists of Albanian grammars (Newmark, Hubbard and Prifti,
"Standard Albanian", 1982; the noun endings also in Sadiku and Biba, "Automatic stemming of Albanian", 2012).

`ArticleQuerySet.search()` stems the reader's words with `stem()`, on PostgreSQL and on SQLite alike;
tests/articles/test_search_recall.py measures the recall this buys on a small Macedonian and Albanian set.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    vowels: str
    endings: tuple
    articles: tuple

    @property
    def pattern(self):
        """`stem ending? article?` as a regular expression: the stem is the first group and is lazy, so it
        is the shortest that lets the rest match."""

        def either(suffixes):
            return "|".join(sorted(suffixes, key=lambda suffix: (-len(suffix), suffix)))

        stem = f".[^{self.vowels}]*[{self.vowels}].+?"
        return f"^({stem})(?:{either(self.endings)})?(?:{either(self.articles)})?$"


MACEDONIAN = Rules(
    vowels="аеиоуѐѝ",
    endings=("а", "е", "и", "о", "ови", "еви", "иња", "ше", "еа", "ла", "ло", "ле"),
    articles=("от", "та", "то", "те", "иот"),
)
ALBANIAN = Rules(
    vowels="aeëiouy",
    endings=("ë", "e", "a", "i", "u", "ra", "ër", "oj", "on", "oi", "ojmë", "ojnë", "onte", "uan", "uar", "ur"),
    articles=(
        "i", "u", "a", "ë", "ja", "in", "un", "it", "ut", "në", "të", "ës", "së", "ve", "sh", "t", "n", "s",
    ),
)  # fmt: skip
CYRILLIC = "[\u0400-\u04ff]"  # a word with one of these letters is Macedonian

_MACEDONIAN = re.compile(MACEDONIAN.pattern)
_ALBANIAN = re.compile(ALBANIAN.pattern)
_CYRILLIC = re.compile(CYRILLIC)


def stem(word):
    """The stem of one word, lowercased: a beginning of the word that its other forms share."""
    word = word.lower()
    rules = _MACEDONIAN if _CYRILLIC.search(word) else _ALBANIAN
    return rules.sub(r"\1", word)
