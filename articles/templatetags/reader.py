"""Template helpers for the reader site: JSON-LD scripts, responsive pictures, the site's header and footer."""

import json
import unicodedata
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import stringfilter
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst

from articles.models import Section
from newsroom.addresses import path_in_language, reverse
from newsroom.cache import for_current_content

register = template.Library()

# The same escapes as Django's json_script: inside <script> no "<", ">" or "&" may appear literally,
# so a headline containing "</script>" cannot end the element. Applied with str.replace, not str.translate
# as json_script does: translate looks every character up in the table, raising and catching a KeyError
# for each one outside it, once the text holds a single non-ASCII letter (any Macedonian name), which
# made the JSON-LD about a tenth of such an article page.
JSON_SCRIPT_ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))

SECTION_MENU_CACHE_KEY = "reader:section-slugs"  # (pk, name, slug) tuples

OPEN_GRAPH_LOCALES = {"mk": "mk_MK", "sq": "sq_AL", "en": "en_GB"}


@register.simple_tag
def jsonld(data):
    """A <script type="application/ld+json"> element holding `data` (a dict or a list of dicts)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escaped in JSON_SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.inclusion_tag("includes/picture.html")
def picture(image, sizes="100vw", lazy=True, css_class=""):
    """A <picture> with WebP and original-format srcsets, sized to hold its place while loading."""
    return {"image": image, "sizes": sizes, "lazy": lazy, "css_class": css_class}


def site_sections():
    """Every section as (pk, name, address in the page's language), in menu order. The sections are cached
    until content changes (every page shows them in the menu, and the home page fetches each one's newest
    stories); the addresses are not, since /mk/ pages link to /mk/sections/..."""
    sections = for_current_content(
        SECTION_MENU_CACHE_KEY, lambda: list(Section.objects.values_list("pk", "name", "slug"))
    )
    return [(pk, name, reverse("articles:section", kwargs={"slug": slug})) for pk, name, slug in sections]


def site_chrome(name, template_name, context):
    """`template_name` rendered with `context()` once per language until content next changes, for the
    parts of every page that show no story: the header, the head's links and the footer's links. They cost
    a fifth of an article page's render (a dozen translated labels, addresses, the section menu) and are the same on every
    page but for what `name` holds, so the section menu is kept like the sections it lists, changing at once.
    `context()` may use only what `name` and the language decide (never the request)."""
    language = translation.get_language()
    return for_current_content(
        f"reader:chrome:{name}:{language}", lambda: render_to_string(template_name, context())
    )


@register.simple_tag(takes_context=True)
def site_header(context):
    """The site's name, search form and section menu, with the section being read marked in the menu."""
    request = context.get("request")
    current = ""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "articles:section":
        # Only an existing section's address: a made-up one (a 404) must not add a header of its own.
        current = next((url for _, _, url in site_sections() if url == request.path), "")
    return site_chrome(
        f"header:{current}",
        "includes/header.html",
        lambda: {
            "SITE_NAME": settings.SITE_NAME,
            "sections": [(name, url) for _, name, url in site_sections()],
            "current_path": current,
        },
    )


@register.simple_tag
def site_head_links():
    """The style sheet, the icon and the news feed of the page's language, in every page's <head>."""
    return site_chrome("head-links", "includes/head_links.html", lambda: {"SITE_NAME": settings.SITE_NAME})


@register.simple_tag
def site_footer_links():
    """The footer's links about the site (support, corrections, feed) and its copyright line."""
    # A footer kept over midnight on 31 December shows the old year until content changes or the entry's
    # hour is up, like any page in the page cache.
    return site_chrome(
        "footer-links", "includes/footer_links.html", lambda: {"SITE_NAME": settings.SITE_NAME}
    )


@register.simple_tag(takes_context=True)
def language_menu(context):
    """This page in each of the site's languages (/mk/... for Macedonian), query string kept, the one being
    read marked: the footer's only part that differs from page to page, so it is built for each address."""
    request = context.get("request")
    full_path = request.get_full_path() if request is not None else None
    return _language_menu(full_path, translation.get_language(), get_script_prefix(), get_urlconf())


# Like newsroom.addresses: it follows from the address, the language and the URLconf alone, so it is kept
# per address for the process (bounded; the least read go first).
@lru_cache(maxsize=5_000)
def _language_menu(full_path, language, script_prefix, urlconf):
    return format_html_join(
        "\n",
        '<li><a href="{}" lang="{}" hreflang="{}"{}>{}</a></li>',
        (
            (
                path_in_language(full_path, code) if full_path is not None else "/",
                code,
                code,
                mark_safe(' aria-current="true"') if code == language else "",
                capfirst(translation.get_language_info(code)["name_local"]),
            )
            for code, _ in settings.LANGUAGES
        ),
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
def og_locale(language_code):
    return OPEN_GRAPH_LOCALES.get(language_code, "en_GB")


@register.filter
def absolute_url(path, request):
    return request.build_absolute_uri(path)


@register.filter
def image_url(image, width):
    """The smallest rendition of `image` at least `width` pixels wide."""
    return image.url_for_width(int(width))
