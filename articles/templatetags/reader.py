"""Template helpers for the reader site: JSON-LD scripts, responsive pictures, the section menu."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models import Section
from newsroom.addresses import path_in_language, reverse
from newsroom.cache import for_current_content

register = template.Library()

# The same escapes as Django's json_script: inside <script> no "<", ">" or "&" may appear literally,
# so a headline containing "</script>" cannot end the element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

SECTION_MENU_CACHE_KEY = "reader:section-slugs"  # (pk, name, slug) tuples

OPEN_GRAPH_LOCALES = {"mk": "mk_MK", "sq": "sq_AL", "en": "en_GB"}


@register.simple_tag
def jsonld(data):
    """A <script type="application/ld+json"> element holding `data` (a dict or a list of dicts)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
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


@register.inclusion_tag("includes/section_menu.html", takes_context=True)
def section_menu(context):
    sections = [(name, url) for _, name, url in site_sections()]
    return {"sections": sections, "request": context.get("request")}


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


@register.simple_tag(takes_context=True)
def page_in_language(context, language_code):
    """This page's address in another language (/mk/... for Macedonian), query string kept."""
    request = context.get("request")
    if request is None:
        return "/"
    return path_in_language(request.get_full_path(), language_code)
