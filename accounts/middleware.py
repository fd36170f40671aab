"""Who must use two-factor sign-in, and holding staff to it before the admin.

django-two-factor-auth asks for a code at sign-in from everyone who has set up an authenticator app; it
does not force anyone to set one up. Our rule: with NEWSROOM_REQUIRE_2FA on, superusers and members of
NEWSROOM_TWO_FACTOR_GROUPS (those who can publish or read supporters' personal data) must, before they
reach the admin. Everyone else may choose.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from two_factor.utils import default_device

from newsroom.security import admin_prefix


def two_factor_required(user):
    """Whether `user` may not reach staff pages without a second factor (the setting is on, and they edit)."""
    if not settings.NEWSROOM_REQUIRE_2FA:
        return False
    return user.is_superuser or user.groups.filter(name__in=settings.NEWSROOM_TWO_FACTOR_GROUPS).exists()


def two_factor_pending(user):
    """The page a signed-in staff member must pass before staff pages ('two_factor:login' to give a code,
    'two_factor:setup' to set up an app), or None."""
    if not (user.is_authenticated and user.is_staff) or user.is_verified():
        return None
    if default_device(user):
        return "two_factor:login"  # signed in without a code (a session from before the app was set up)
    if two_factor_required(user):
        return "two_factor:setup"
    return None


class TwoFactorRequiredMiddleware:
    """Holds staff at the sign-in or setup page until their session is verified.

    Admin pages redirect there; any other page treats the not-yet-verified staff member as an anonymous
    reader, so no staff-only view elsewhere (previews, uploads) is reachable with a password alone. Must
    come after django-otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Readers without a session cookie never touch the session, so public pages stay cacheable.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            pending = two_factor_pending(request.user)
            if pending is not None and not self._exempt(request.path_info):
                if request.path_info.startswith(admin_prefix()):
                    return redirect_to_login(request.get_full_path(), pending)
                request.user = AnonymousUser()
        return self.get_response(request)

    @staticmethod
    def _exempt(path_info):
        pages = ["two_factor:login", "two_factor:setup", "two_factor:qr", "admin:logout", "admin:jsi18n"]
        return path_info.startswith((*map(reverse, pages), settings.STATIC_URL))
