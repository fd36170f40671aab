"""Images in a story's body: which library image each one is, and how readers get it.

A body image is inserted by CKEditor as <img src> pointing at a rendition of a library image (an upload through
the editor is stored as one, and the media library's picker inserts one), so its address names the library
image (`articles.images.library_originals`). Readers are served that image as the lead image is: a <picture>
with WebP and original-format srcsets, its width and height (no layout shift), lazy loading, its alt text (the
body's, else the library's) and its credit in the caption. An <img> whose address is not one of ours (pasted
from another site, or forged to look like ours) is left as the sanitizer left it: no renditions, no dimensions;
the publish check (articles.publish_checks) refuses it.

The page pays one query for all of a story's body images, and none when the body has no image.
"""

import copy
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from articles.images import library_originals
from articles.models.images import Image
from articles.sanitizer import sanitize_html

# The body column is as wide as the lead image's (templates/articles/article_detail.html).
BODY_IMAGE_SIZES = "(min-width: 48em) 46rem, 100vw"


@dataclass
class Figure:
    caption: str = ""
    caption_end: int | None = None  # the index in parts of its "</figcaption>"
    end: int | None = None  # the index in parts of its "</figure>"
    credited: bool = False


@dataclass
class BodyImage:
    number: int  # 1 for the body's first image
    attrs: dict
    index: int  # its <img> tag's index in parts
    figure: Figure | None
    library_image: Image | None = None

    @property
    def src(self):
        return self.attrs.get("src") or ""

    @property
    def alt(self):
        """The alt text readers get: the body's own, or the library image's."""
        own = (self.attrs.get("alt") or "").strip()
        return own or (self.library_image.alt_text.strip() if self.library_image else "")

    @property
    def caption(self):
        return " ".join((self.figure.caption if self.figure else "").split())


@dataclass
class ParsedBody:
    parts: list = field(default_factory=list)
    images: list = field(default_factory=list)


class _BodyParser(HTMLParser):
    """Splits sanitized HTML into parts that join back to it unchanged, noting each <img> and its figure."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.body = ParsedBody()
        self.figures = []
        self.caption_of = None

    def handle_starttag(self, tag, attrs):
        parts = self.body.parts
        if tag == "img":
            figure = self.figures[-1] if self.figures else None
            number = len(self.body.images) + 1
            self.body.images.append(BodyImage(number, dict(attrs), len(parts), figure))
        elif tag == "figure":
            self.figures.append(Figure())
        elif tag == "figcaption" and self.figures:
            self.caption_of = self.figures[-1]
        parts.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        parts = self.body.parts
        if tag == "figcaption" and self.caption_of is not None:
            self.caption_of.caption_end = len(parts)
            self.caption_of = None
        elif tag == "figure" and self.figures:
            self.figures.pop().end = len(parts)
        parts.append(f"</{tag}>")

    def handle_data(self, data):
        self._text(data, data)

    def handle_entityref(self, name):
        self._text(f"&{name};", unescape(f"&{name};"))

    def handle_charref(self, name):
        self._text(f"&#{name};", unescape(f"&#{name};"))

    def _text(self, raw, text):
        self.body.parts.append(raw)
        if self.caption_of is not None:
            self.caption_of.caption += text


def parse_body(html):
    """The body's images in order, each with its library image (one query), and the parts to rebuild it."""
    parser = _BodyParser()
    parser.feed(html or "")
    parser.close()
    body = parser.body
    names = {image.number: library_originals(image.src, settings.MEDIA_URL) for image in body.images}
    wanted = {name for candidates in names.values() for name in candidates}
    if wanted:
        found = {image.file.name: image for image in Image.objects.filter(file__in=wanted)}
        for image in body.images:
            image.library_image = next((found[n] for n in names[image.number] if n in found), None)
    return body


def body_images(html):
    """[BodyImage] of `html` (a story's stored body), each with its library image or None."""
    return parse_body(html).images if html and "<img" in html else []


def render_body(html):
    """A story's body for readers: sanitized, with each library image as a responsive <picture> and credited."""
    html = sanitize_html(html)
    if "<img" not in html:
        return mark_safe(html)  # noqa: S308 - sanitized on the line above
    body = parse_body(html)
    parts = body.parts
    for image in body.images:
        if image.library_image is None:
            continue
        shown = copy.copy(image.library_image)
        shown.alt_text = image.alt
        parts[image.index] = render_to_string(
            "includes/picture.html", {"image": shown, "sizes": BODY_IMAGE_SIZES, "lazy": True}
        ).strip()
        credit = shown.credit.strip()
        figure = image.figure
        if credit and figure is not None and not figure.credited and figure.end is not None:
            figure.credited = True
            line = format_html('<span class="credit">{} {}</span>', gettext("Photo:"), credit)
            if figure.caption_end is not None:
                parts[figure.caption_end] = f" {line}</figcaption>"
            else:
                parts[figure.end] = f"<figcaption>{line}</figcaption></figure>"
    # The parts are the sanitized body's own text; what replaced some is from templates that escape.
    return mark_safe("".join(parts))  # noqa: S308
