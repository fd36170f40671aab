"""Settings refuse an insecure production start and read everything from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_check(env_overrides, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_check({"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "news.example.org"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_check({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "short", "DJANGO_ALLOWED_HOSTS": "x.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_check({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 64})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_key_and_hosts():
    result = run_check({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 64, "DJANGO_ALLOWED_HOSTS": "x.org"})
    assert result.returncode == 0, result.stderr


def test_development_defaults_use_sqlite_under_var(settings):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("this run uses DATABASE_URL")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_time_zone_defaults_to_skopje_and_is_aware(settings):
    assert settings.USE_TZ is True
    if "DJANGO_TIME_ZONE" not in os.environ:
        assert settings.TIME_ZONE == "Europe/Skopje"


def database_options(env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="newsroom.settings")
    code = "from django.conf import settings; print(sorted(settings.DATABASES['default']['OPTIONS'].items()))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_postgresql_may_prepare_statements_unless_a_pooler_forbids_it():
    url = {"DATABASE_URL": "postgres://newsroom@db.example.org:5432/newsroom"}
    assert "('server_side_binding', True)" in database_options(url)
    assert "server_side_binding" not in database_options({**url, "DJANGO_DB_PREPARED_STATEMENTS": "0"})
