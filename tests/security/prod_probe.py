"""Run with production environment variables: prints, as JSON, the headers and cookies of a few responses.

Used by test_settings_deploy.py in a subprocess, because production settings are decided at import time.
"""

import json
import os
import sys

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment  # noqa: E402

setup_test_environment()
# A test database (SQLite in memory): the sign-in page keeps its two steps in the session from the first GET.
setup_databases(verbosity=0, interactive=False)
# Hashed static files need collectstatic first; the plain storage serves the same headers.
override_settings(
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
).enable()
client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="news.example.org")
result = {}
for name, path in [("robots", "/robots.txt"), ("login", sys.argv[1]), ("plain_http", "/robots.txt")]:
    response = (Client(HTTP_HOST="news.example.org") if name == "plain_http" else client).get(path)
    result[name] = {
        "status": response.status_code,
        "headers": dict(response.headers),
        "cookies": {
            key: {
                "secure": bool(morsel["secure"]),
                "httponly": bool(morsel["httponly"]),
                "samesite": morsel["samesite"],
            }
            for key, morsel in response.cookies.items()
        },
    }
print(json.dumps(result))
