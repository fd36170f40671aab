"""Logs are JSON lines on stdout, one per request and per error, and name no reader."""

import json
import logging

import pytest
from django.urls import reverse

from newsroom.logging import JsonFormatter, MaskPersonalDataFilter
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines(settings):
    """Everything the stdout handler would print, formatted and filtered exactly as configured."""
    records = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(MaskPersonalDataFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in records]
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_each_request_is_one_json_line_with_method_path_status_and_duration(client, log_lines):
    story = factories.article()
    client.get(story.get_absolute_url())
    entries = [e for e in log_lines() if e["logger"] == "newsroom.requests"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["method"] == "GET"
    assert entry["path"] == story.get_absolute_url()
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0
    assert entry["level"] == "INFO" and entry["time"].endswith("+00:00")


def test_request_log_has_no_query_string_ip_or_email(client, log_lines):
    client.get(
        reverse("articles:search") + "?q=ana.petrovska%40example.org",
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )
    text = json.dumps(log_lines())
    assert "ana.petrovska" not in text
    assert "203.0.113.9" not in text and "198.51.100.23" not in text
    assert "q=" not in text


def test_tokens_in_links_are_not_logged(client, log_lines):
    from articles.preview import preview_url

    url = preview_url(factories.article(published=False))
    token = url.rstrip("/").rsplit("/", 1)[-1]
    client.get(url)
    entry = next(e for e in log_lines() if e["logger"] == "newsroom.requests")
    assert token not in json.dumps(entry)
    assert entry["path"] == "/preview/<token>/"


def test_emails_in_error_messages_and_tracebacks_are_masked(log_lines):
    logger = logging.getLogger("membership.test")
    logger.warning("Could not send to %s from 192.0.2.44", "ana.petrovska@example.org")
    try:
        raise ValueError("bounce for marko@example.mk")
    except ValueError:
        logger.exception("Sending failed")
    text = json.dumps(log_lines())
    assert "ana.petrovska@" not in text and "marko@" not in text
    assert "a***@example.org" in text and "m***@example.mk" in text
    assert "192.0.2.44" not in text


@pytest.mark.urls("tests.security.urls_broken")
def test_server_error_is_logged_as_json_with_its_traceback(client, log_lines):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    entries = log_lines()
    error = next(e for e in entries if e["logger"] == "django.request")
    assert error["level"] == "ERROR" and error["status"] == 500
    assert "RuntimeError" in error["exception"] and "reader@" not in error["exception"]
    assert "r***@example.org" in error["exception"]
    request_entry = next(e for e in entries if e["logger"] == "newsroom.requests")
    assert request_entry["status"] == 500


def test_database_outage_is_logged_without_details(client, log_lines, monkeypatch):
    from django.db import OperationalError

    from newsroom.middleware import DatabaseUnavailableMiddleware

    response = DatabaseUnavailableMiddleware(lambda request: None).process_exception(
        None, OperationalError('connection to server at "10.0.0.5", port 5432 failed for user x@example.org')
    )
    assert response.status_code == 503
    text = json.dumps(log_lines())
    assert "10.0.0.5" not in text and "x@example.org" not in text
