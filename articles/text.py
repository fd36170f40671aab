"""Text in the newsroom's languages: slugs from headlines, and quotation marks as each language writes them.

Macedonian Cyrillic is romanized with the official Macedonian table (ѓ -> gj, ќ -> kj, џ -> dzh), which
readers recognise; other Cyrillic letters (Serbian, Russian, Ukrainian, Bulgarian headlines) follow the usual
transliterations so that no headline gives an empty slug.

Straight double quotes typed in a story's body become its language's quotation marks when the story is saved
(`typographic_quotes`): „...“ in Macedonian, «...» in Albanian (the standard orthography's marks; „...“ is
also seen), “...” in English. Only text is changed, never a tag or an attribute (a link's address keeps its
quotes), nor code.
"""

from html.parser import HTMLParser

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


# (opening, closing) double quotation marks of each story language.
QUOTATION_MARKS = {"mk": ("„", "“"), "sq": ("«", "»"), "en": ("“", "”")}
# A quotation mark after one of these (or at the start of a block) opens a quotation; after anything else
# (a letter, a full stop) it closes one.
OPENS_AFTER = set(" \t\n\r\xa0([{/-–—") | {mark for pair in QUOTATION_MARKS.values() for mark in pair}
# Where a straight quote means itself.
VERBATIM_TAGS = {"code", "pre"}
# A quotation does not run on from one of these into the next.
BLOCK_TAGS = {"p", "li", "td", "th", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "caption", "br"}  # fmt: skip


class _QuoteSetter(HTMLParser):
    """Re-emits the HTML exactly as it came (tags with their original text, entities unexpanded), with the
    straight double quotes of text turned into the language's marks."""

    def __init__(self, opening, closing):
        super().__init__(convert_charrefs=False)
        self.opening, self.closing = opening, closing
        self.parts = []
        self.verbatim = 0
        self.previous = " "

    def handle_starttag(self, tag, attrs):
        self.parts.append(self.get_starttag_text())
        if tag in VERBATIM_TAGS:
            self.verbatim += 1
        if tag in BLOCK_TAGS:
            self.previous = " "

    def handle_startendtag(self, tag, attrs):
        self.parts.append(self.get_starttag_text())
        if tag in BLOCK_TAGS:
            self.previous = " "

    def handle_endtag(self, tag):
        self.parts.append(f"</{tag}>")
        if tag in VERBATIM_TAGS and self.verbatim:
            self.verbatim -= 1
        if tag in BLOCK_TAGS:
            self.previous = " "

    def handle_data(self, data):
        if self.verbatim or '"' not in data:
            self.parts.append(data)
        else:
            text = []
            for char in data:
                if char == '"':
                    char = self.opening if self.previous in OPENS_AFTER else self.closing
                text.append(char)
                self.previous = char
            self.parts.append("".join(text))
        if data:
            self.previous = self.parts[-1][-1]

    def handle_entityref(self, name):
        if name == "quot" and not self.verbatim:
            self.handle_data('"')
        else:
            self.parts.append(f"&{name};")
            self.previous = " " if name == "nbsp" else "x"

    def handle_charref(self, name):
        if name in ("34", "x22", "X22") and not self.verbatim:
            self.handle_data('"')
        else:
            self.parts.append(f"&#{name};")
            self.previous = "x"

    def handle_comment(self, data):
        self.parts.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.parts.append(f"<!{decl}>")

    def unknown_decl(self, data):
        self.parts.append(f"<![{data}]>")

    def handle_pi(self, data):
        self.parts.append(f"<?{data}>")


def typographic_quotes(html, language):
    """`html` with the straight double quotes of its text as `language` writes quotations: 'Рече "да".' ->
    'Рече „да“.' in Macedonian. Tags, attributes and code are left as they are; other languages unchanged."""
    marks = QUOTATION_MARKS.get(language)
    if not html or marks is None or '"' not in html and "&quot;" not in html and "&#34;" not in html:
        return html or ""
    setter = _QuoteSetter(*marks)
    setter.feed(html)
    setter.close()
    return "".join(setter.parts)
