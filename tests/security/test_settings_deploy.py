"""With production settings Django's deployment check is clean and every response carries strict headers."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "NEWSROOM_"))}
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "news.example.org",
            "DJANGO_CSRF_TRUSTED_ORIGINS": "https://news.example.org",
            "DJANGO_ADMIN_PATH": "desk/",
            "NEWSROOM_SITE_URL": "https://news.example.org",
            "NEWSROOM_CONTACT_EMAIL": "news@example.org",
            "NEWSROOM_PRIVACY_POLICY_URL": "/privacy/",
            **extra,
        }
    )
    return env


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


def test_deploy_check_reports_no_issues_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_names_each_public_setting_left_unset():
    env = production_env()
    for name in ("NEWSROOM_SITE_URL", "NEWSROOM_CONTACT_EMAIL", "NEWSROOM_PRIVACY_POLICY_URL"):
        del env[name]
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 1
    for check in ("newsroom.W001", "newsroom.W002", "newsroom.W003"):
        assert check in result.stderr + result.stdout, check
    assert "http://127.0.0.1:8000" in result.stderr + result.stdout


@pytest.fixture(scope="module")
def production_responses():
    result = run([str(Path(__file__).with_name("prod_probe.py")), "/desk/login/"], production_env())
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_for_a_year_with_subdomains(production_responses):
    hsts = production_responses["robots"]["headers"]["Strict-Transport-Security"]
    directives = dict(part.strip().partition("=")[::2] for part in hsts.split(";"))
    assert int(directives["max-age"]) >= 15552000  # six months, the Observatory's minimum for A+
    assert "includeSubDomains" in directives


def test_production_redirects_plain_http_to_https(production_responses):
    response = production_responses["plain_http"]
    assert response["status"] == 301
    assert response["headers"]["Location"].startswith("https://news.example.org/")


def test_production_cookies_are_secure_httponly_and_samesite(production_responses):
    cookies = production_responses["login"]["cookies"]
    assert "csrftoken" in cookies, "the admin sign-in form needs its CSRF cookie"
    for flags in cookies.values():
        assert flags == {"secure": True, "httponly": True, "samesite": "Lax"}


def test_production_admin_page_keeps_scripts_to_self(production_responses):
    policy = production_responses["login"]["headers"]["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert script_src.split()[1:] == ["'self'"]
