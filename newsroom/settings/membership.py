"""Membership: reader sign-ups, the email queue, rate limits, link lifetimes and card payments."""

from newsroom.settings.environment import env

# Emails wait in a database queue, never lost while SMTP is down: `manage.py db_worker` (django-tasks-db) sends them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RATELIMIT_USE_CACHE = "default"
# The reader's address as newsroom.security.client_ip sees it (trusted proxies honoured): no limit shared by all.
RATELIMIT_IP_META_KEY = env("DJANGO_RATELIMIT_IP_META_KEY", default="newsroom.security.client_ip")
MEMBERSHIP_SIGNUP_RATE_PER_IP = env("MEMBERSHIP_SIGNUP_RATE_PER_IP", default="10/h")
MEMBERSHIP_SIGNUP_RATE_PER_EMAIL = env("MEMBERSHIP_SIGNUP_RATE_PER_EMAIL", default="5/h")
MEMBERSHIP_FORM_MIN_SECONDS = env.int("MEMBERSHIP_FORM_MIN_SECONDS", default=3)
MEMBERSHIP_FORM_MAX_AGE = 60 * 60 * 24  # the compact form lives in cached article pages for up to a day
MEMBERSHIP_CONFIRM_LINK_MAX_AGE = 60 * 60 * 24 * 7
MEMBERSHIP_MANAGE_LINK_MAX_AGE = 60 * 60 * 24 * 90
MEMBERSHIP_CONFIRMATION_RESEND_AFTER = 60 * 10  # a repeat sign-up sooner than this sends no second email
MEMBERSHIP_EMAIL_MAX_ATTEMPTS = 12
MEMBERSHIP_ONE_TIME_MONTHS = 12  # a one-time gift keeps the membership active this long
MEMBERSHIP_CARD_PROVIDER = env("MEMBERSHIP_CARD_PROVIDER", default="stripe")  # membership/providers/<name>.py
MEMBERSHIP_CARD_RATE_PER_IP = env("MEMBERSHIP_CARD_RATE_PER_IP", default="5/h")  # checkouts: card testing
STRIPE = {
    "SECRET_KEY": env("STRIPE_SECRET_KEY", default=""),
    "PUBLISHABLE_KEY": env("STRIPE_PUBLISHABLE_KEY", default=""),
    "WEBHOOK_SECRET": env("STRIPE_WEBHOOK_SECRET", default=""),
}
