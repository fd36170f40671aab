"""Test isolation: media files in a temporary folder, email in memory, a fast password hasher, caches
cleared, the default language active, and the data migrations' rows (groups, currencies, consent texts) kept
for transactional tests."""

import threading

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread


class RequestsInTurn(ThreadedWSGIServer):
    """The browser tests' live server, answering one request at a time when its threads share the test's
    in-memory SQLite connection. SQLite there runs Python functions (newsroom.sqlite's LIKE and collations):
    with two requests on the one connection at once, one can hold SQLite's lock waiting for the GIL while the
    other holds the GIL waiting for SQLite's lock, and the run hangs (seen in a CI run: two admin autocompletes
    at once). With PostgreSQL, or a file database, each thread has its own connection and nothing waits."""

    in_turn = threading.Lock()

    def set_app(self, application):
        if not self.connections_override:
            return super().set_app(application)

        def one_at_a_time(environ, start_response):
            with self.in_turn:
                return application(environ, start_response)

        return super().set_app(one_at_a_time)


LiveServerThread.server_class = RequestsInTurn


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    # A request for a /mk/ page leaves Macedonian active in this thread (Django's locale middleware does
    # not switch back after the response); the next test's reverse() would then build /mk/ addresses.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def _migration_data(django_db_setup, django_db_blocker):
    """What the data migrations put in the test database (groups, currencies, consent texts), serialized."""
    from django.db import connections

    return {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}


@pytest.fixture(autouse=True)
def _restore_migration_data(request, _migration_data):
    """Puts the data migrations' rows back for transactional tests, when pytest-django did not.

    `serialized_rollback=True` restores them from an attribute of the thread's connection object. Seen
    here: with a non-transactional test first and Playwright tests after it, the connection object of
    later tests lacks that attribute, so the rows of groups and currencies stay flushed (the symptom of
    pytest-django issue #1117). This puts the attribute back, so Django's own restore works again too.
    """
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction") and marker.kwargs.get("serialized_rollback")):
        return
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    if Group.objects.exists():
        return
    # The flush re-created content types and permissions with new ids; the serialized ones replace them.
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    for alias, contents in _migration_data.items():
        if contents:
            connections[alias]._test_serialized_contents = contents
            connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture
def purged(settings):
    """The purges sent to the caching proxy in front (newsroom.purge's `memory://` backend): a list of key sets."""
    from newsroom import purge

    settings.PURGE_URLS = ["memory://"]
    purge.outbox.clear()
    yield purge.outbox
    purge.outbox.clear()
