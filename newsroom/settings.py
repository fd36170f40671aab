"""Settings for the newsroom, read only from the environment (see .env.example).

With no environment at all the site runs in development mode on an SQLite file under var/.
With DJANGO_DEBUG off it refuses to start without a real secret key and allowed hosts.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A variable set but empty means its default: docker compose passes each line of .env.example, some left empty.
env.ENVIRON = {name: value for name, value in os.environ.items() if value != ""}

DEBUG = env.bool("DJANGO_DEBUG", default=True)

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
DATABASE_PREPARED_STATEMENTS = env.bool("DJANGO_DB_PREPARED_STATEMENTS", default=True)  # newsroom/prepared.py
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast instead of hanging when the server is away; the site answers 503 meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    if DATABASE_PREPARED_STATEMENTS:
        # Parameters sent apart from the query, so that the queries newsroom.prepared names are planned once
        # per connection; the others are still planned for their values on every run.
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
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
PAGE_CACHE_TIMEOUT = env.int("NEWSROOM_PAGE_CACHE_SECONDS", default=3600)
PAGE_CACHE_BROWSER_MAX_AGE = 60  # Cache-Control max-age; a reload revalidates with the ETag anyway
PAGE_CACHE_CDN_MAX_AGE = env.int("NEWSROOM_CDN_MAX_AGE", default=300)  # s-maxage, if a purge is lost
PAGE_CACHE_STALE_WHILE_REVALIDATE = 60
PAGE_CACHE_STALE_IF_ERROR = env.int("NEWSROOM_STALE_IF_ERROR", default=86400)  # an old page beats an error
PURGE_URLS = env.list("NEWSROOM_PURGE_URLS", default=[])  # proxies in front (newsroom.purge)
# Requests with this header skip the page cache (the benchmark's "uncached" figures); empty in production.
PAGE_CACHE_BYPASS_HEADER = env("NEWSROOM_PAGE_CACHE_BYPASS_HEADER", default="")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalization
LANGUAGE_CODE = env("DJANGO_LANGUAGE_CODE", default="en")
LANGUAGES = [("en", _("English")), ("mk", _("Macedonian")), ("sq", _("Albanian"))]
# The languages the outlet publishes in: each an edition with its own stories under its prefix (articles.editions);
# LANGUAGE_CODE's is the one without a prefix, and its section, tag and tier names show where another's are empty.
NEWSROOM_EDITIONS = env.list("NEWSROOM_EDITIONS", default=[code for code, _name in LANGUAGES])
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
# The second holds the country names that django-countries does not translate (scripts/country_catalog.py);
# makemessages writes only the first.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "countries"]
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

# Email: EMAIL_URL is smtp://user:password@host:587 (smtps:// for implicit TLS, ?tls=1 for STARTTLS),
# console:// to print messages, or file:///path to write them to files. Development prints them.
# django-environ reads it once these schemes are given its names (its own smtps:// would mean STARTTLS); the
# port's default and the file path (it would drop the leading /) are ours.
EMAIL_URL = env("EMAIL_URL", default="console://")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Newsroom <newsroom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email = urlsplit(EMAIL_URL)
_environ_names = {"smtps": "smtp+ssl", "console": "consolemail", "file": "filemail"}
_scheme = _environ_names.get(_email.scheme, _email.scheme)
if _scheme == "smtp" and parse_qs(_email.query).get("tls", ["0"])[0] in {"1", "true"}:
    _scheme = "smtp+tls"
# What the URL leaves out (a host, a user) keeps Django's default.
_email_config = env.email_url_config(f"{_scheme}://{_email.netloc}")
vars().update({name: value for name, value in _email_config.items() if value is not None})
EMAIL_PORT = _email.port or (465 if _scheme == "smtp+ssl" else 25)
EMAIL_FILE_PATH = _email.path or str(VAR_DIR / "mail")
EMAIL_TIMEOUT = 10

ADMIN_PATH = env("DJANGO_ADMIN_PATH", default="admin/").strip("/") + "/"
SITE_NAME = env("NEWSROOM_SITE_NAME", default="Newsroom")
# The public address (newsroom.site_url); unset in development, pages use the address they were asked under.
SITE_URL = env("NEWSROOM_SITE_URL", default="" if DEBUG else "http://127.0.0.1:8000").rstrip("/")
SITE_POSTAL_ADDRESS = env("NEWSROOM_POSTAL_ADDRESS", default="")  # the outlet's, on members' receipts
# Production: behind a TLS-terminating proxy.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # The health check speaks plain HTTP to gunicorn inside the container, where no proxy stands between.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY, SESSION_COOKIE_SAMESITE = True, "Lax"
CSRF_COOKIE_HTTPONLY, CSRF_COOKIE_SAMESITE = True, "Lax"
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_AGE", default=60 * 60 * 8)

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

# The body editor: CKEditor 5. Uploads go through articles.uploads (staff only, real images only) into the image
# library; library images are inserted with the picker beside the editor (articles.widgets), not by address.
# Its toolbar and word count follow the staff member's language (articles.widgets loads the translation).
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_USER_LANGUAGE = True
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "webp", "gif"]
CKEDITOR_5_CONFIGS = {
    "default": {"toolbar": ["bold", "italic", "link", "bulletedList", "numberedList", "blockQuote"]},
    "article": {
        "toolbar": {
            "items": [
                "heading", "|", "bold", "italic", "link", "|", "bulletedList", "numberedList", "blockQuote",
                "|", "insertImage", "insertTable", "|", "undo", "redo",
            ],
            "shouldNotGroupWhenFull": True,
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Paragraph", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "Heading 2", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "Heading 3", "class": "ck-heading_heading3"},
            ]
        },
        "image": {"toolbar": ["imageTextAlternative", "toggleImageCaption"], "insert": {"integrations": ["upload"]}},
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        "link": {"defaultProtocol": "https://"},
    },
}  # fmt: skip

# Membership: reader sign-ups (membership app): the email queue, rate limits and link lifetimes.
INSTALLED_APPS += ["django_countries", "django_tasks", "django_tasks_db", "django_ratelimit"]
# Emails wait in a database queue, never lost while SMTP is down: `manage.py db_worker` (django-tasks-db) sends them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RATELIMIT_USE_CACHE = "default"
# The reader's address as newsroom.security.client_ip sees it (trusted proxies honoured): no limit shared by all.
RATELIMIT_IP_META_KEY = env("DJANGO_RATELIMIT_IP_META_KEY", default="newsroom.security.client_ip")
if not REDIS_URL:
    # Local memory is per process: fine for development and tests, Redis in production.
    _ratelimit_checks = ["django_ratelimit.E003", "django_ratelimit.W001"]
    SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), *_ratelimit_checks]
MEMBERSHIP_SIGNUP_RATE_PER_IP = env("MEMBERSHIP_SIGNUP_RATE_PER_IP", default="10/h")
MEMBERSHIP_SIGNUP_RATE_PER_EMAIL = env("MEMBERSHIP_SIGNUP_RATE_PER_EMAIL", default="5/h")
MEMBERSHIP_FORM_MIN_SECONDS = env.int("MEMBERSHIP_FORM_MIN_SECONDS", default=3)
MEMBERSHIP_FORM_MAX_AGE = 60 * 60 * 24  # the compact form lives in cached article pages for up to a day
MEMBERSHIP_CONFIRM_LINK_MAX_AGE, MEMBERSHIP_MANAGE_LINK_MAX_AGE = 60 * 60 * 24 * 7, 60 * 60 * 24 * 90
MEMBERSHIP_CONFIRMATION_RESEND_AFTER = 60 * 10  # a repeat sign-up sooner than this sends no second email
MEMBERSHIP_EMAIL_MAX_ATTEMPTS = 12
MEMBERSHIP_ONE_TIME_MONTHS = 12  # a one-time gift keeps the membership active this long
MEMBERSHIP_CARD_PROVIDER = env("MEMBERSHIP_CARD_PROVIDER", default="stripe")  # membership/providers/<name>.py
MEMBERSHIP_CARD_RATE_PER_IP = env("MEMBERSHIP_CARD_RATE_PER_IP", default="5/h")  # checkouts: card testing
STRIPE = {"SECRET_KEY": env("STRIPE_SECRET_KEY", default=""),
          "PUBLISHABLE_KEY": env("STRIPE_PUBLISHABLE_KEY", default=""),
          "WEBHOOK_SECRET": env("STRIPE_WEBHOOK_SECRET", default="")}  # fmt: skip

# Security
# Headers and lockout (newsroom/security.py), two-factor sign-in (accounts/); production cookie and HSTS
# settings are in the "Production" block above. Aim: what the Mozilla HTTP Observatory grades A+.
INSTALLED_APPS += ["csp", "axes"]
# Two-factor sign-in: django-two-factor-auth on django-otp's devices (accounts/), backup codes included.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
INSTALLED_APPS += ["two_factor", "accounts"]
NONE, SELF = "'none'", "'self'"
# The article video embed (privacy-enhanced players only, see articles.video).
VIDEO_PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "manifest-src": [SELF],
        "frame-src": VIDEO_PLAYERS,
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): browser features no page of a newsroom uses are off; the
# video embed may still go full screen.
PERMISSIONS_POLICY = {feature: [] for feature in ("camera", "microphone", "geolocation", "payment", "usb")}
PERMISSIONS_POLICY |= {"browsing-topics": [], "fullscreen": ["self", *VIDEO_PLAYERS]}
PERMISSIONS_POLICY["picture-in-picture"] = ["self", *VIDEO_PLAYERS]
AUTHENTICATION_BACKENDS = [
    "newsroom.security.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock out a username from one address after 5 failures for 30 minutes; the same username from another
# address (the real editor) can still sign in, so an attacker cannot lock staff out from afar.
AXES_FAILURE_LIMIT = env.int("NEWSROOM_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("NEWSROOM_LOGIN_LOCKOUT_MINUTES", default=30) / 60  # hours, as a float
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.security.lockout_response"  # renders security/lockout.html
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
AXES_VERBOSE = False  # its log lines name the username and IP address
NEWSROOM_TRUSTED_PROXIES = env.int("NEWSROOM_TRUSTED_PROXIES", default=0)
# Two-factor sign-in (accounts/): optional for all staff; when this is on, required for superusers and the
# groups that can publish or read and export supporters' personal data.
NEWSROOM_REQUIRE_2FA = env.bool("NEWSROOM_REQUIRE_2FA", default=False)
NEWSROOM_TWO_FACTOR_GROUPS = ["Editor", "Admin", "Membership staff"]
OTP_TOTP_ISSUER = SITE_NAME
LOGIN_URL = "two_factor:login"  # at the admin's own login/ address
LOGIN_REDIRECT_URL = "admin:index"
TWO_FACTOR_PATCH_ADMIN = False  # no redirect from the admin's login view: it is never reached
# Staff sessions end when the browser closes as well as after DJANGO_SESSION_AGE.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Backups: django-dbbackup's commands, which `make backup` and `make restore` run (Makefile). Backups made
# without a path go to var/backups, never to the storage default: that is MEDIA_ROOT, which the site serves.
INSTALLED_APPS += ["dbbackup"]
STORAGES["dbbackup"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": VAR_DIR / "backups"},
}
# A dump restores into a database whose owner is another role, as on a new server.
DBBACKUP_CONNECTORS = {"default": {"RESTORE_SUFFIX": "--no-owner --no-privileges"}}
