"""The address a page is kept under: the one asked for, without the query parameters that only tell
analytics where a reader came from (settings.PAGE_CACHE_IGNORED_PARAMETERS: utm_source, fbclid, ...).

A story shared on Facebook is opened as /articles/x/?fbclid=<a new value for every click>, and a newsletter
link carries utm_campaign: keyed on the whole address, each click would render the page anew and store one
more copy of it, just when a story spreads. No page depends on these parameters and the links a page writes
(its language menu) leave them out, so one kept page serves every click. The reader's browser keeps the
address as it was, so analytics scripts in the page still read them; a redirect (301) keeps them too, which
is why the middleware never serves a kept redirect to, or keeps one from, a request that carries them.
"""

from fnmatch import fnmatchcase
from urllib.parse import unquote_plus

from django.conf import settings
from django.utils.encoding import escape_uri_path, iri_to_uri


def without_ignored_parameters(query_string):
    """The query string without the ignored parameters; the others as they came, in their order."""
    if not query_string:
        return query_string
    patterns = settings.PAGE_CACHE_IGNORED_PARAMETERS
    kept = [
        pair
        for pair in query_string.split("&")
        if not any(fnmatchcase(unquote_plus(pair.partition("=")[0]).lower(), p) for p in patterns)
    ]
    return "&".join(kept)


def page_path(request):
    """request.get_full_path(), without the ignored parameters."""
    query = without_ignored_parameters(request.META.get("QUERY_STRING", ""))
    path = escape_uri_path(request.path)
    return f"{path}?{iri_to_uri(query)}" if query else path


def carries_ignored_parameters(request):
    query = request.META.get("QUERY_STRING", "")
    return bool(query) and without_ignored_parameters(query) != query
