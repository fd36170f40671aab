"""Settings for the newsroom, read only from the environment (see .env.example).

With no environment at all the site runs in development mode on an SQLite file under var/.
With DJANGO_DEBUG off it refuses to start without a real secret key and allowed hosts.

This module holds the site's frame (apps, middleware, databases, caches, languages, files, logging); the
subjects with many settings of their own have a module each, imported at the end: security, email, the story
editor, membership.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from newsroom.settings.environment import BASE_DIR, DEBUG, VAR_DIR, env

_DEV_SECRET_KEY = "django-insecure-development-key-never-use-in-production"
SECRET_KEY = env("DJANGO_SECRET_KEY", default=_DEV_SECRET_KEY)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", cast=str.strip, default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)

if not DEBUG:
    if SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "DJANGO_DEBUG is off, so DJANGO_SECRET_KEY must be set to a random value of at least 50 "
            "characters (python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG is off, so DJANGO_ALLOWED_HOSTS must list the site's host names, "
            "separated by commas (e.g. 'news.example.org')."
        )
# The container's health check (docker-compose.yml) asks gunicorn for /healthz at 127.0.0.1 from inside;
# from outside only the proxy reaches gunicorn, and it forwards the site's own names only.
ALLOWED_HOSTS += [host for host in ("127.0.0.1", "localhost") if host not in ALLOWED_HOSTS]

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", cast=str.strip, default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before the admin: its TranslationAdmin edits every language's name of a row
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_ckeditor_5",
    "simple_history",
    "newsroom",
    "articles",
    "sourcing",
    "membership",
    # Membership: countries, the email queue, rate limits.
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    # Security: headers and lockout; two-factor sign-in on django-otp's devices, backup codes included.
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "accounts",
    "dbbackup",  # make backup, make restore
]

MIDDLEWARE = [
    "newsroom.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "newsroom.security.AdminNoIndexMiddleware",
    "newsroom.middleware.RejectNulMiddleware",  # after the headers, before anything reads the request
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.pagecache.middleware.PageCacheMiddleware",  # see "# Page cache" below
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "newsroom.db_router.ReplicaRoutingMiddleware",  # only with DATABASE_REPLICA_URL; after the 503 page
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.middleware.PathLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "newsroom.context_processors.site",
                "newsroom.pagecache.generation.content_cache",  # for {% cache %} of content fragments
            ],
        },
    },
]

# Database: an embedded SQLite file unless DATABASE_URL names another (PostgreSQL in production).
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}")}
DATABASES["default"].update(CONN_MAX_AGE=env.int("DJANGO_CONN_MAX_AGE", default=600), CONN_HEALTH_CHECKS=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast instead of hanging when the server is away; the site answers 503 meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    DATABASES["default"]["TEST"] = {"NAME": env("DJANGO_TEST_DATABASE_NAME", default=None)}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

# A streaming replica that reader pages read from while not too far behind (newsroom/db_router.py).
if _replica := env("DATABASE_REPLICA_URL", default=None):
    _replica = env.db_url_config(_replica) | {"TEST": {"MIRROR": "default"}}  # tests read the primary
    DATABASES["replica"] = {**DATABASES["default"], **_replica}
DATABASE_ROUTERS = ["newsroom.db_router.ReplicaRouter"]
DATABASE_REPLICA_MAX_LAG = env.float("DATABASE_REPLICA_MAX_LAG", default=5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

# Cache: Redis when REDIS_URL is set, otherwise local memory (one process, fine for development).
REDIS_URL = env("REDIS_URL", default=None)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.pagecache.tracking.RedisCache",  # Django's, with client tracking
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("DJANGO_CACHE_PREFIX", default="newsroom"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Sign-up rate limits then count per process: fine for development and tests, Redis in production.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Page cache
# Whole public pages for anonymous readers, made stale at once by any content change (newsroom/pagecache/).
# Several gunicorn workers must share the cache, or one worker would serve a page another has seen change:
# without Redis, production keeps it in the database (`migrate` creates the table); development's single
# runserver process and the tests keep local memory.
if not REDIS_URL and not DEBUG:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "newsroom_cache"}
    }
# Fragments ({% cache %}) are keyed on the content generation, so each worker keeps its own: no round trip.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
PAGE_CACHE_ENABLED = env.bool("NEWSROOM_PAGE_CACHE", default=True)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_EXCLUDED_PATHS = ("/preview/", "/editor/", "/healthz", "/membership/")  # and the admin
# Query parameters that only say where a reader came from: one kept page serves every share click
# (newsroom/pagecache/addresses.py). Lower case; a trailing * matches any ending.
# fmt: off
PAGE_CACHE_IGNORED_PARAMETERS = (
    "utm_*", "fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "twclid", "ttclid", "yclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "mkt_tok", "_hsenc", "_hsmi", "hsa_*", "ref_src",
)
# fmt: on
PAGE_CACHE_TIMEOUT = env.int("NEWSROOM_PAGE_CACHE_SECONDS", default=3600)
PAGE_CACHE_BROWSER_MAX_AGE = 60  # Cache-Control max-age; a reload revalidates with the ETag anyway
PAGE_CACHE_CDN_MAX_AGE = env.int("NEWSROOM_CDN_MAX_AGE", default=300)  # s-maxage, if a purge is lost
PAGE_CACHE_STALE_WHILE_REVALIDATE = 60
PAGE_CACHE_STALE_IF_ERROR = env.int("NEWSROOM_STALE_IF_ERROR", default=86400)  # an old page beats an error
PURGE_URLS = env.list("NEWSROOM_PURGE_URLS", default=[])  # proxies in front (newsroom.purge)
# Requests with this header skip the page cache (the benchmark's "uncached" figures); empty in production.
PAGE_CACHE_BYPASS_HEADER = env("NEWSROOM_PAGE_CACHE_BYPASS_HEADER", default="")

# Internationalization
LANGUAGE_CODE = env("DJANGO_LANGUAGE_CODE", default="en")
LANGUAGES = [("en", _("English")), ("mk", _("Macedonian")), ("sq", _("Albanian"))]
# The languages the outlet publishes in: each an edition with its own stories under its prefix (articles.editions);
# LANGUAGE_CODE's is the one without a prefix, and its section, tag and tier names show where another's are empty.
NEWSROOM_EDITIONS = env.list("NEWSROOM_EDITIONS", default=[code for code, _name in LANGUAGES])
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
# The second holds the country names that django-countries does not translate (scripts/country_catalog.py),
# the third the messages Django's own catalogs leave in English (scripts/django_catalog.py); an earlier path
# wins where two hold a message. makemessages writes only the first.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "countries", BASE_DIR / "locale" / "django"]
TIME_ZONE = env("DJANGO_TIME_ZONE", default="Europe/Skopje")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = "newsroom.formats"  # "3 декември 2026", "300,50" in mk and sq

# Static files: hashed and compressed by whitenoise, served with a long max-age.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Only the development default is made here: a folder named in the environment is the deployment's to
# provide (the Docker image makes its own), and making it at import would stop every process, the email
# worker's too, of a user who may not write there.
if "DJANGO_STATIC_ROOT" not in env.ENVIRON:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# Files browsers and feed readers ask for at the site's root by convention (/favicon.ico), served as they are.
WHITENOISE_ROOT = BASE_DIR / "root_files"

ADMIN_PATH = env("DJANGO_ADMIN_PATH", default="admin/").strip("/") + "/"
SITE_NAME = env("NEWSROOM_SITE_NAME", default="Newsroom")
# The public address (newsroom.site_url); unset in development, pages use the address they were asked under.
SITE_URL = env("NEWSROOM_SITE_URL", default="" if DEBUG else "http://127.0.0.1:8000").rstrip("/")
SITE_POSTAL_ADDRESS = env("NEWSROOM_POSTAL_ADDRESS", default="")  # the outlet's, on members' receipts
# Where readers and members write to the outlet and read its privacy policy (a page of the site, "/privacy/", or
# a full address): in every page's footer, beside the membership form's consent, on a member's page and in
# members' emails (which are sent with this address as their Reply-To). Either may stay unset.
SITE_CONTACT_EMAIL = env("NEWSROOM_CONTACT_EMAIL", default="").strip()
SITE_PRIVACY_POLICY_URL = env("NEWSROOM_PRIVACY_POLICY_URL", default="").strip()
try:
    if SITE_CONTACT_EMAIL:
        EmailValidator()(SITE_CONTACT_EMAIL)
    if SITE_PRIVACY_POLICY_URL and not (
        SITE_PRIVACY_POLICY_URL.startswith("/") and not SITE_PRIVACY_POLICY_URL.startswith("//")
    ):
        URLValidator(schemes=["http", "https"])(SITE_PRIVACY_POLICY_URL)
except ValidationError:
    raise ImproperlyConfigured(
        "NEWSROOM_CONTACT_EMAIL must be an email address (news@example.org) and NEWSROOM_PRIVACY_POLICY_URL "
        "a path on this site (/privacy/) or a full address (https://example.org/privacy/); "
        f"they are {SITE_CONTACT_EMAIL!r} and {SITE_PRIVACY_POLICY_URL!r}."
    ) from None
OTP_TOTP_ISSUER = SITE_NAME  # as authenticator apps name the account

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "newsroom.logging.JsonFormatter"}},
    "filters": {"mask_personal_data": {"()": "newsroom.logging.MaskPersonalDataFilter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["mask_personal_data"],
        }
    },
    "root": {"handlers": ["stdout"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Backups: django-dbbackup's commands, which `make backup` and `make restore` run (Makefile). Backups made
# without a path go to var/backups, never to the storage default: that is MEDIA_ROOT, which the site serves.
STORAGES["dbbackup"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": VAR_DIR / "backups"},
}
# A dump restores into a database whose owner is another role, as on a new server.
DBBACKUP_CONNECTORS = {"default": {"RESTORE_SUFFIX": "--no-owner --no-privileges"}}

from newsroom.settings.editor import *  # noqa: E402, F403
from newsroom.settings.email import *  # noqa: E402, F403
from newsroom.settings.membership import *  # noqa: E402, F403
from newsroom.settings.security import *  # noqa: E402, F403
