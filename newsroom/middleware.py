"""Request-level middleware: the language from the address, a 503 page while the database is away, and one
log line per request."""

import logging
import re
import time

from django.db import InterfaceError, OperationalError
from django.middleware.locale import LocaleMiddleware
from django.template.response import SimpleTemplateResponse
from django.utils.cache import cc_delim_re

from newsroom.logging import mask_emails

logger = logging.getLogger(__name__)
request_logger = logging.getLogger("newsroom.requests")


class PathLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware for a site whose reader pages carry their language in the address.

    With i18n_patterns(prefix_default_language=False) the language of every page follows from its path
    (and the admin's is the default), so Django's `Vary: Accept-Language` would only split caches for nothing.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            kept = [
                v.strip()
                for v in cc_delim_re.split(response["Vary"])
                if v.strip().lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
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
