"""Test isolation: media files in a temporary folder, email in memory, a fast password hasher."""

import pytest


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
