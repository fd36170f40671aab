"""Answer 503 with a page, not a stack trace, while the database is away."""

import logging

from django.db import InterfaceError, OperationalError
from django.template.response import SimpleTemplateResponse

logger = logging.getLogger(__name__)


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
