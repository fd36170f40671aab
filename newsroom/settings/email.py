"""Outgoing email, from one EMAIL_URL."""

from urllib.parse import parse_qs, urlsplit

from newsroom.settings.environment import VAR_DIR, env

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
