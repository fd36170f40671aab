"""Defences that are not the product: response headers, login lockout and two-factor sign-in for staff.

- Content-Security-Policy comes from django-csp with the strict public policy in settings; the admin (and
  the CKEditor 5 editor inside it) gets the few additions it needs, and only under settings.ADMIN_PATH.
- Permissions-Policy (django-permissions-policy, policy in settings) switches off browser features no page
  of a newsroom uses.
- X-Robots-Tag keeps the admin out of search engines without robots.txt naming its address.
- django-axes counts failed logins per username and IP address; `client_ip` tells it the reader's address
  behind a known number of proxies, and `LoginLockoutBackend` leaves logins without a request (management
  commands, the test client) alone, since brute force only arrives over HTTP.
- Staff with a TOTP device must confirm a code after their password; with NEWSROOM_REQUIRE_2FA=1, editors
  and admins must set one up before they reach the admin.
"""

import base64
import io
from urllib.parse import quote

import django_otp
from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django import forms
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

# What the Django admin and CKEditor 5 need beyond the public policy: the admin's templates and widgets
# carry style="" attributes, CKEditor sets styles on its UI at run time, and pasted or uploading images
# are shown from data:/blob: URLs before the server has them. Scripts stay 'self' only.
ADMIN_POLICY_ADDITIONS = {
    "style-src": [UNSAFE_INLINE],
    "img-src": ["data:", "blob:"],
}

# Groups whose members must use two-factor sign-in when NEWSROOM_REQUIRE_2FA is on: those who can publish,
# and those who can read and export supporters' personal data.
TWO_FACTOR_GROUPS = ("Editor", "Admin", "Membership staff")


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


# Two-factor sign-in ------------------------------------------------------------------------------------


def two_factor_required(user):
    """Whether `user` may not reach staff pages without a TOTP device (the setting is on, and they edit)."""
    if not settings.NEWSROOM_REQUIRE_2FA:
        return False
    return user.is_superuser or user.groups.filter(name__in=TWO_FACTOR_GROUPS).exists()


def two_factor_pending(user):
    """'verify', 'setup' or None: what a signed-in staff member still has to do before staff pages."""
    if not (user.is_authenticated and user.is_staff) or user.is_verified():
        return None
    if django_otp.user_has_device(user):
        return "verify"
    if two_factor_required(user):
        return "setup"
    return None


class TwoFactorMiddleware:
    """Holds staff at the code (or setup) page until their session is verified.

    Admin pages redirect there; any other page treats the not-yet-verified staff member as an anonymous
    reader, so no staff-only view elsewhere (previews, uploads, dashboards) is reachable with a password
    alone. Must come after django_otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Readers without a session cookie never touch the session, so public pages stay cacheable.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            pending = two_factor_pending(request.user)
            if pending is not None and not self._exempt(request.path_info):
                if request.path_info.startswith(admin_prefix()):
                    url = reverse(f"security:two_factor_{pending}")
                    return redirect(f"{url}?{REDIRECT_FIELD_NAME}={quote(request.get_full_path())}")
                request.user = AnonymousUser()
        return self.get_response(request)

    @staticmethod
    def _exempt(path_info):
        exempt = [reverse("security:two_factor_verify"), reverse("security:two_factor_setup")]
        exempt += [reverse("admin:logout"), reverse("admin:jsi18n"), settings.STATIC_URL]
        return path_info.startswith(tuple(exempt))


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, user, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if self.device is not None:
            verified = self.device.verify_token(token)
            device = self.device if verified else None
        else:
            device = django_otp.match_token(self.user, token)
        if device is None:
            raise ValidationError(
                _("That code is not right, or it has expired. Try the newest one."), code="invalid"
            )
        self.verified_device = device
        return token


def _next_url(request):
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _staff_only(request):
    if not (request.user.is_authenticated and request.user.is_staff):
        return redirect(f"{reverse('admin:login')}?{REDIRECT_FIELD_NAME}={quote(request.get_full_path())}")
    return None


@never_cache
@sensitive_post_parameters("token")
def two_factor_verify(request):
    """Asks a staff member with a device for the current code, then lets them through."""
    refused = _staff_only(request)
    if refused:
        return refused
    if not django_otp.user_has_device(request.user):
        return redirect(
            reverse("security:two_factor_setup") + f"?{REDIRECT_FIELD_NAME}={quote(_next_url(request))}"
        )
    form = TokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, form.verified_device)
        return redirect(_next_url(request))
    return render(
        request,
        "security/two_factor_verify.html",
        {"form": form, "next": _next_url(request), "title": _("Two-factor sign-in")},
        status=400 if form.errors else 200,
    )


@never_cache
@sensitive_post_parameters("token")
def two_factor_setup(request):
    """Shows a new TOTP secret as a QR code; the device counts only once a code from it is confirmed."""
    refused = _staff_only(request)
    if refused:
        return refused
    if django_otp.user_has_device(request.user) and not request.user.is_verified():
        return redirect(
            reverse("security:two_factor_verify") + f"?{REDIRECT_FIELD_NAME}={quote(_next_url(request))}"
        )
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=_("Authenticator app"), confirmed=False)
    form = TokenForm(request.POST or None, user=request.user, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        django_otp.login(request, device)
        return redirect(_next_url(request))
    qr_svg = io.BytesIO()
    write_qrcode_image(device.config_url, qr_svg)
    svg = qr_svg.getvalue().decode()
    return render(
        request,
        "security/two_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "title": _("Set up two-factor sign-in"),
            "qr_svg": svg[svg.index("<svg") :],
            "secret": _base32_secret(device),
        },
        status=400 if form.errors else 200,
    )


def _base32_secret(device):
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


app_name = "security"
urlpatterns = [
    path("verify/", two_factor_verify, name="two_factor_verify"),
    path("setup/", two_factor_setup, name="two_factor_setup"),
]
