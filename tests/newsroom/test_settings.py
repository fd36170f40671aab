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


@pytest.mark.parametrize(
    "variable, value",
    [
        ("NEWSROOM_CONTACT_EMAIL", "desk at example.org"),
        ("NEWSROOM_PRIVACY_POLICY_URL", "privacy"),
        ("NEWSROOM_PRIVACY_POLICY_URL", "//evil.example.org/"),
        ("NEWSROOM_PRIVACY_POLICY_URL", "javascript:alert(1)"),
    ],
)
def test_a_malformed_contact_address_or_policy_address_is_refused_at_start(variable, value):
    result = run_check({variable: value})
    assert result.returncode != 0
    assert variable in result.stderr and repr(value) in result.stderr


def test_a_contact_address_and_a_policy_page_of_the_site_are_accepted():
    result = run_check(
        {"NEWSROOM_CONTACT_EMAIL": "desk@example.org", "NEWSROOM_PRIVACY_POLICY_URL": "/privacy/"}
    )
    assert result.returncode == 0, result.stderr


def test_development_defaults_use_sqlite_under_var(settings):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("this run uses DATABASE_URL")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_time_zone_defaults_to_skopje_and_is_aware(settings):
    assert settings.USE_TZ is True
    if "DJANGO_TIME_ZONE" not in os.environ:
        assert settings.TIME_ZONE == "Europe/Skopje"


def email_settings(email_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(EMAIL_URL=email_url, DJANGO_SETTINGS_MODULE="newsroom.settings")
    names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"]
    names += ["EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_FILE_PATH"]
    code = f"from django.conf import settings; print({{n: getattr(settings, n) for n in {names}}})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return eval(result.stdout)  # noqa: S307 - our own print of a dict of settings


SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    "email_url, expected",
    [
        # smtps:// is implicit TLS on 465 (django-environ's own smtps:// would mean STARTTLS).
        (
            "smtps://news%40example.org:p%40ss@smtp.example.org",
            {"EMAIL_BACKEND": SMTP, "EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": 465,
             "EMAIL_HOST_USER": "news@example.org", "EMAIL_HOST_PASSWORD": "p@ss",
             "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False},
        ),
        (
            "smtp://newsroom:secret@smtp.example.org:587?tls=1",
            {"EMAIL_BACKEND": SMTP, "EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": 587,
             "EMAIL_HOST_USER": "newsroom", "EMAIL_HOST_PASSWORD": "secret",
             "EMAIL_USE_SSL": False, "EMAIL_USE_TLS": True},
        ),
        (
            "smtp://relay.internal",
            {"EMAIL_BACKEND": SMTP, "EMAIL_HOST": "relay.internal", "EMAIL_PORT": 25, "EMAIL_HOST_USER": "",
             "EMAIL_USE_SSL": False, "EMAIL_USE_TLS": False},
        ),
        ("file:///var/mail/newsroom", {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                                       "EMAIL_FILE_PATH": "/var/mail/newsroom"}),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
)  # fmt: skip
def test_email_url_keeps_the_forms_the_readme_documents(email_url, expected):
    configured = email_settings(email_url)
    assert {name: configured[name] for name in expected} == expected


def test_a_variable_left_empty_takes_its_default():
    # docker compose passes every line of .env.example, and some are left empty there.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "NEWSROOM_"))}
    env.update(DJANGO_DEBUG="", NEWSROOM_PAGE_CACHE="", MEDIA_ROOT="", DATABASE_URL="")
    env.update(DJANGO_SETTINGS_MODULE="newsroom.settings")
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.PAGE_CACHE_ENABLED, s.MEDIA_ROOT, s.DATABASES['default']['ENGINE'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        str(ROOT / "var" / "media"),
        "django.db.backends.sqlite3",
    ]
