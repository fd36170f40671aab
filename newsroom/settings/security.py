"""Security: headers, cookies and HTTPS behind the proxy, passwords, sign-in lockout and two-factor sign-in
(newsroom/security.py, accounts/). Aim: what the Mozilla HTTP Observatory grades A+."""

from newsroom.settings.environment import DEBUG, env

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
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_AGE", default=60 * 60 * 8)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


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
LOGIN_URL = "two_factor:login"  # at the admin's own login/ address
LOGIN_REDIRECT_URL = "admin:index"
TWO_FACTOR_PATCH_ADMIN = False  # no redirect from the admin's login view: it is never reached
# Staff sessions end when the browser closes as well as after DJANGO_SESSION_AGE.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
