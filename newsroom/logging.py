"""Structured logs: one JSON object a line on stdout, with email addresses masked."""

import json
import logging
import re
from datetime import UTC, datetime

EMAIL_PATTERN = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def mask_emails(text):
    """Keep the first letter and the domain, so logs still help without naming a reader."""
    return EMAIL_PATTERN.sub(r"\1***@\2", text)


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record):
        record.msg = mask_emails(record.getMessage())
        record.args = ()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_emails(record.getMessage()),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            entry["method"] = request.method
            entry["path"] = request.path
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            entry["status"] = status_code
        if record.exc_info:
            entry["exception"] = mask_emails(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)
