"""The one place rich text is cleaned: an nh3 (ammonia) allowlist fit for news.

Whatever the editor sends, only what is listed here reaches the database or a page: headings, paragraphs,
links (http, https, mailto), lists, quotes, figures with images, tables and emphasis. No scripts, styles,
event handlers, iframes or data: URLs.
"""

import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "a", "ul", "ol", "li", "blockquote",
    "figure", "figcaption", "img", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "strong", "b", "em", "i", "u", "s", "sub", "sup", "code", "pre", "mark", "small", "abbr", "cite", "q",
    "span",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
    "ol": {"start", "reversed"},
}

# CKEditor marks image figures and tables with these classes; nothing else may carry a class.
ALLOWED_CLASSES = {"figure": {"image", "table", "image-style-side", "image_resized"}}

ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _filter_attribute(tag, attribute, value):
    """nh3 checks the schemes of href and src but not of srcset: keep only http(s) or relative candidates."""
    if attribute != "srcset":
        return value
    # Browsers ignore control characters and spaces inside a scheme ("java\tscript:"): so do we.
    compact = "".join(ch for ch in value if ch > " ").lower()
    if any(scheme in compact for scheme in ("javascript:", "vbscript:", "data:")):
        return None
    kept = []
    for candidate in value.split(","):
        url = "".join(candidate.split()[:1])
        scheme, colon, _ = "".join(ch for ch in url if ch > " ").partition(":")
        if url and (not colon or "/" in scheme or scheme.lower() in ("http", "https")):
            kept.append(candidate.strip())
    return ", ".join(kept) or None


def sanitize_html(html):
    """Return `html` with everything outside the allowlist removed; None and '' give ''."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )


def safe_html(html):
    """Sanitize, then mark safe: the only way rich text is marked safe for a template."""
    return mark_safe(sanitize_html(html))  # noqa: S308 - sanitized on the line above
