"""Defences that are not the product: response headers and login lockout (two-factor sign-in is accounts/).

- Content-Security-Policy comes from django-csp with the strict public policy in settings; the admin (and
  the CKEditor 5 editor inside it) gets the few additions it needs, and only under settings.ADMIN_PATH.
- Permissions-Policy (django-permissions-policy, policy in settings) switches off browser features no page
  of a newsroom uses.
- X-Robots-Tag keeps the admin out of search engines without robots.txt naming its address.
- django-axes counts failed logins per username and IP address; `client_ip` tells it the reader's address
  behind a known number of proxies, and `LoginLockoutBackend` leaves logins without a request (management
  commands, the test client) alone, since brute force only arrives over HTTP.
"""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

# What the Django admin and CKEditor 5 need beyond the public policy: the admin's templates and widgets
# carry style="" attributes, CKEditor sets styles on its UI at run time, and pasted or uploading images
# are shown from data:/blob: URLs before the server has them. Scripts stay 'self' only.
ADMIN_POLICY_ADDITIONS = {
    "style-src": [UNSAFE_INLINE],
    "img-src": ["data:", "blob:"],
}


def admin_prefix():
    return "/" + settings.ADMIN_PATH


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's additions on paths under the admin.

    A subclass rather than django-csp's decorators: the admin's views (Django's, CKEditor's, the sign-in
    pages) are not ours to decorate, and the rule is one of address. get_policy_parts is the hook django-csp
    documents for this.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.update is None and request.path_info.startswith(admin_prefix()):
            parts.update = ADMIN_POLICY_ADDITIONS
        return parts


class AdminNoIndexMiddleware:
    """Asks search engines not to index or follow anything under the admin, sign-in and two-factor pages too.

    A header rather than a robots.txt line: robots.txt is public and would name the address that
    settings.ADMIN_PATH moved away from /admin/, and a crawler it keeps out never sees a noindex anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(admin_prefix()):
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response


def client_ip(request):
    """The reader's address: REMOTE_ADDR, or the entry the trusted proxies added to X-Forwarded-For.

    Only the right-most NEWSROOM_TRUSTED_PROXIES entries are written by our own proxies; anything to the
    left of them was sent by the client and could be forged to dodge the lockout.
    """
    proxies = settings.NEWSROOM_TRUSTED_PROXIES
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' check, skipped when there is no HTTP request to lock out (shell, test client)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response, credentials):
    """The page a locked-out sign-in gets: 429, what happened, how long to wait, whom to ask."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else None,
        "title": _("Sign-in locked"),
    }
    return render(request, "security/lockout.html", context, status=429)
