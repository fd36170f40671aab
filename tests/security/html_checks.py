"""What "no XSS survived" means for a rendered page, checked on the parsed document (as a browser sees it)."""

import re

import html5lib

EXECUTABLE_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "codebase",
    "srcset",
    "to",
}
ALLOWED_FRAME_PREFIXES = ("https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/")
NON_EXECUTABLE_SCRIPT_TYPES = {"application/ld+json"}
FORBIDDEN_ELEMENTS = {"object", "embed", "applet", "base", "frame", "frameset", "style"}
# Browsers drop these from URLs before reading the scheme (WHATWG URL: C0 controls, space, tab, newlines).
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]")


def _local(name):
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _is_executable_url(value):
    compact = _IGNORED_IN_SCHEME.sub("", value).lower()
    return compact.startswith(EXECUTABLE_SCHEMES) or any(
        candidate.strip().startswith(EXECUTABLE_SCHEMES) for candidate in compact.split(",")
    )


def active_content(markup, *, allowed_script_types=NON_EXECUTABLE_SCRIPT_TYPES):
    """Every piece of `markup` a browser could execute or that could load foreign active content."""
    document = html5lib.parse(markup, namespaceHTMLElements=False)
    problems = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        tag = _local(element.tag)
        if tag == "script":
            kind = (element.get("type") or "").strip().lower()
            if kind not in allowed_script_types:
                problems.append(f"<script type={kind!r}>{(element.text or '')[:60]}")
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"<{tag}>")
        if (
            tag == "link"
            and "stylesheet" in (element.get("rel") or "")
            and _is_executable_url(element.get("href") or "")
        ):
            problems.append("<link rel=stylesheet href=javascript:>")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
        if tag == "iframe" and not (element.get("src") or "").startswith(ALLOWED_FRAME_PREFIXES):
            problems.append(f"<iframe src={element.get('src')!r}>")
        for raw_name, value in element.attrib.items():
            name = _local(raw_name)
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=...>")
            elif name == "srcdoc":
                problems.append(f"<{tag} srcdoc>")
            elif name in URL_ATTRIBUTES and _is_executable_url(value):
                problems.append(f"<{tag} {name}={value[:40]!r}>")
            elif name == "style" and re.search(r"expression|javascript|behavior|binding|url\(", value, re.I):
                problems.append(f"<{tag} style={value[:40]!r}>")
    return problems
