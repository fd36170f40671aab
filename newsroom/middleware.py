"""Request-level middleware: a 400 for a NUL character in what a request brings, the language from the
address, a 503 page while the database is away, and one log line per request."""

import logging
import re
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseBadRequest
from django.template.response import SimpleTemplateResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy

from newsroom.logging import mask_emails

logger = logging.getLogger(__name__)
request_logger = logging.getLogger("newsroom.requests")


NUL_REFUSED = gettext_lazy(
    "Bad request: the address, a form field or a cookie contains a NUL character (%00), which this site refuses."
)


class RejectNulMiddleware:
    """A 400 for a NUL character (U+0000, %00 in an address) in the path, the query string, a cookie, or the
    names and values of a submitted form's fields, urlencoded or multipart (an uploaded file's bytes are not
    text, and Django already drops a NUL from its name).

    PostgreSQL text cannot hold a NUL, so a view that searched, filtered or saved with one failed with a
    server error (psycopg's DataError): the quote search, the admin's autocomplete and changelist filters
    among them, and every page for a session cookie "\\000" had made one. No person means to send one, so it
    is refused here once for every view, before the page cache, static files, the session or any view reads
    the request; in the language of the edition the address names, else of the reader's browser, as the
    admin speaks (the language middleware has not run yet).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            with translation.override(translation.get_language_from_request(request, check_path=True)):
                message = f"{NUL_REFUSED}\n"
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def carries_nul(request):
    # The server has decoded the path; the query string is still percent-encoded, and only "%00" decodes
    # to a NUL (an overlong UTF-8 form of it decodes to U+FFFD).
    query = request.META.get("QUERY_STRING", "")
    if "\x00" in request.path or "%00" in query or "\x00" in query:
        return True
    texts = [*request.COOKIES, *request.COOKIES.values()]
    if request.method == "POST":  # the only method whose form Django parses
        texts += [*request.POST]
        texts += [value for _name, values in request.POST.lists() for value in values]
        texts += [*request.FILES]
    return any("\x00" in text for text in texts)


class PathLanguageMiddleware:
    """The page's language from its address alone: /mk/... and /sq/... pages are in their language, every
    other reader page (the default language's pages, feeds) in the default one. The admin, which no cache
    shares, follows the staff member's browser among the site's languages, so a Macedonian newsroom works
    in Macedonian.

    With i18n_patterns(prefix_default_language=False) that is all Django's LocaleMiddleware ends up deciding
    for reader pages, after also reading Accept-Language and the language cookie only to set them aside and
    adding a `Vary: Accept-Language` that would split shared caches for nothing; it cost about 30
    microseconds a request against 3 for reading the prefix.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        staff_page = request.path_info.startswith("/" + settings.ADMIN_PATH)
        if staff_page:
            language = translation.get_language_from_request(request)
        else:
            prefix = request.path_info.split("/", 2)[1]  # path_info is "/" at least
            language = prefix if prefix in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        if staff_page:
            patch_vary_headers(response, ["Accept-Language"])
        return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable: %s", exception.__class__.__name__)
        response = SimpleTemplateResponse("503.html", status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response.render()


class RequestLogMiddleware:
    """One structured log line a request: method, path, status and duration, without personal data.

    No query string (search terms and emails travel there), no IP address or user agent, and path segments
    that look like signed tokens (confirmation, preview and unsubscribe links) are replaced, since whoever
    reads the logs could otherwise use them. Must be first in MIDDLEWARE to see the final status.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        path = loggable_path(request.path)
        request_logger.info(
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "http_method": request.method,
                "http_path": path,
                "status_code": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response


TOKEN_SEGMENT = re.compile(r"^(?=.*[:.])[\w:.-]{16,}$|^[\w-]{24,}$")


def loggable_path(path):
    segments = path.split("/")
    return mask_emails(
        "/".join("<token>" if TOKEN_SEGMENT.match(segment) else segment for segment in segments)
    )
