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
    )


def safe_html(html):
    """Sanitize, then mark safe: the only way rich text is marked safe for a template."""
    return mark_safe(sanitize_html(html))  # noqa: S308 - sanitized on the line above
