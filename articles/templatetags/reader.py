"""Template helpers for the reader site: JSON-LD scripts, responsive pictures, the site's header and footer."""

import json
import unicodedata
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import stringfilter
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.encoding import escape_uri_path
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst

from articles import editions
from articles.models import Article
from newsroom import site_url
from newsroom.addresses import cached_reverse, path_in_language
from newsroom.translated_names import shown_language

register = template.Library()

# The same escapes as Django's json_script: inside <script> no "<", ">" or "&" may appear literally,
# so a headline containing "</script>" cannot end the element. Applied with str.replace, not str.translate
# as json_script does: translate looks every character up in the table, raising and catching a KeyError
# for each one outside it, once the text holds a single non-ASCII letter (any Macedonian name), which
# made the JSON-LD about a tenth of such an article page.
JSON_SCRIPT_ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))

OPEN_GRAPH_LOCALES = {"mk": "mk_MK", "sq": "sq_AL", "en": "en_GB"}


@register.simple_tag
def jsonld(data):
    """A <script type="application/ld+json"> element holding `data` (a dict or a list of dicts)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escaped in JSON_SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.inclusion_tag("includes/picture.html")
def picture(image, sizes="100vw", lazy=True, css_class="", priority=False):
    """A <picture> with AVIF, WebP and original-format srcsets, sized to hold its place while loading.

    `priority` asks the browser to fetch it before other images: for a page's lead image only (the story's,
    the home page's lead story's), the one that decides when the reader first sees the page; marking more
    makes them compete for the same bandwidth."""
    return {"image": image, "sizes": sizes, "lazy": lazy, "css_class": css_class, "priority": priority}


@register.simple_tag(takes_context=True)
def section_menu(context):
    """Each section this edition has stories in as (name, address in the page's language), in menu order:
    one with none yet would open on "No stories yet". One query, so the header that shows it is kept in a
    {% cache %} fragment (includes/header.html); none when the view has read the sections already as
    `menu_sections`, (pk, name, slug) tuples, as the home page does for its blocks."""
    sections = context.get("menu_sections")
    if sections is None:
        sections = Article.objects.published().in_edition().sections().values_list("pk", "name", "slug")
    return [(name, cached_reverse("articles:section", kwargs={"slug": slug})) for _, name, slug in sections]


@register.simple_tag(takes_context=True)
def language_menu(context):
    """This page in each of the site's languages (/mk/... for Macedonian), the one being read marked: the
    footer's only part that differs from page to page, so it is built for each address."""
    addresses = context.get("language_addresses")
    if addresses is not None:  # a page that is not the same page in every language: a story (article_context)
        return _language_links(addresses.items(), translation.get_language())
    request = context.get("request")
    full_path = _same_page_in_every_edition(request) if request is not None else None
    return _language_menu(full_path, translation.get_language(), get_script_prefix(), get_urlconf())


@register.simple_tag(takes_context=True)
def edition_alternates(context):
    """<link rel="alternate" hreflang> to this page in every edition, and x-default to the unprefixed one, for
    a page that each edition has (a home page, a section, a person...), so that search engines offer a reader
    their own language's. None for a later page of a list or a letter of an index, which counts one edition's
    rows only; a story names its translations instead (articles/article_detail.html). A view that knows
    which editions have something to show on the page names them as `alternate_editions` (a section's
    where it has stories): the others are left out, and all of them where this one is among those left out."""
    request = context.get("request")
    editions = settings.NEWSROOM_EDITIONS
    shown_in = context.get("alternate_editions")
    if shown_in is not None:
        editions = [code for code in editions if code in shown_in]
        if translation.get_language() not in editions:
            return ""
    if request is None or len(editions) < 2:
        return ""
    full_path = _same_page_in_every_edition(request)
    if request.META.get("QUERY_STRING") and "?" not in full_path:
        return ""
    addresses = [(code, path_in_language(full_path, code)) for code in editions]
    addresses.append(("x-default", dict(addresses).get(settings.LANGUAGE_CODE, addresses[0][1])))
    return format_html_join(
        "\n",
        '<link rel="alternate" hreflang="{}" href="{}">',
        ((code, site_url.absolute_url(address, request)) for code, address in addresses),
    )


# Of the query string, only what means the same in every edition goes with the reader to another: the search
# words. A page number or a letter counts this edition's list and may not exist in another (a 404 there), and
# utm_source and the like would be kept in every reader's cached page.
SAME_IN_EVERY_EDITION = {"q"}


def _same_page_in_every_edition(request):
    query = parse_qsl(request.META.get("QUERY_STRING", ""))
    kept = [(name, value) for name, value in query if name in SAME_IN_EVERY_EDITION]
    path = escape_uri_path(request.path)
    return f"{path}?{urlencode(kept)}" if kept else path


def _language_links(addresses, language):
    return format_html_join(
        "\n",
        '<li><a href="{}" lang="{}" hreflang="{}"{}>{}</a></li>',
        (
            (
                address,
                code,
                code,
                mark_safe(' aria-current="true"') if code == language else "",
                capfirst(translation.get_language_info(code)["name_local"]),
            )
            for code, address in addresses
        ),
    )


# Like newsroom.addresses: it follows from the address, the language and the URLconf alone, so it is kept
# per address for the process (bounded; the least read go first).
@lru_cache(maxsize=5_000)
def _language_menu(full_path, language, script_prefix, urlconf):
    return _language_links(
        (
            (code, path_in_language(full_path, code) if full_path is not None else "/")
            for code, _ in settings.LANGUAGES
        ),
        language,
    )


@receiver(setting_changed)
def _forget_language_menus(*, setting, **kwargs):
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"}:
        _language_menu.cache_clear()


@register.filter(expects_localtime=True)
def iso_datetime(value):
    """A moment in the site's time zone as machines read it in <time datetime> and meta tags, ISO 8601 to
    the second with the offset: 2026-03-14T09:30:00+01:00. The date filter gives the same with "c" but
    formats letter by letter, at about 20 microseconds a time, and a list page shows forty of them."""
    return value.isoformat(timespec="seconds") if value else ""


@register.filter(is_safe=True)
@stringfilter
def clip(value, length):
    """`truncatechars:length` that answers at once when the text already fits, as most descriptions in meta
    tags do: Django's truncation walks every character to count the combining ones (about 20 microseconds
    for a standfirst), and a text no longer than `length` characters would come back whole anyway."""
    length = int(length)
    text = unicodedata.normalize("NFC", value)  # as truncatechars does
    if len(text) <= length:
        return text
    return Truncator(text).chars(length)


@register.filter
def in_edition(title):
    return editions.in_edition(title)


@register.filter
def lang_of(instance, field):
    """` lang="en"` where the page shows `instance.<field>` in another language than its own (a biography
    not yet written in Macedonian, the English one in its place), so that a screen reader reads it in that
    language's voice; nothing where it is the page's own: `<p{{ person|lang_of:"bio" }}>`."""
    language = shown_language(instance, field)
    if language and language != translation.get_language():
        return format_html(' lang="{}"', language)
    return ""


@register.filter
def og_locale(language_code):
    return OPEN_GRAPH_LOCALES.get(language_code, "en_GB")


@register.filter
def absolute_url(path, request):
    return site_url.absolute_url(path, request)


@register.filter
def image_url(image, width):
    """The smallest rendition of `image` at least `width` pixels wide."""
    return image.url_for_width(int(width))
