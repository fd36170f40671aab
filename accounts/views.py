"""django-two-factor-auth's views, dressed as admin pages and naming the site as our settings do."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from two_factor import views as two_factor_views
from two_factor.forms import MethodForm
from two_factor.utils import get_otpauth_url, totp_digits

from accounts.forms import AuthenticationTokenForm, BackupTokenForm, PasswordForm


class AdminPage:
    """The admin's header, user links and title, so that the two-factor pages look like the admin's."""

    title = None

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        return {**admin.site.each_context(self.request), "title": self.title, **context}


class LoginView(AdminPage, two_factor_views.LoginView):
    """Password, then the code from the app (or a backup code). The password step is the admin's sign-in
    form (staff only, no overlong usernames), and django-axes counts its failures as it did there."""

    title = _("Log in")
    form_list = (
        ("auth", PasswordForm),
        ("token", AuthenticationTokenForm),
        ("backup", BackupTokenForm),
    )


class SetupView(AdminPage, two_factor_views.SetupView):
    """The QR code and its first code on one page: the library's welcome page is left out."""

    title = _("Set up two-factor sign-in")
    form_list = (("method", MethodForm),)  # skipped while the authenticator app is the only method

    def get_success_url(self):
        # The completion page offers backup codes, then goes on to where the staff member was going.
        url = reverse(self.success_url)
        next_url = self.get_redirect_url()
        return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        if "secret_key" in context:  # the library names the site by its host name; apps show our name
            context["issuer"] = settings.SITE_NAME
            context["otpauth_url"] = get_otpauth_url(
                self.request.user.get_username(), context["secret_key"], settings.SITE_NAME, totp_digits()
            )
        return context


class QRGeneratorView(two_factor_views.QRGeneratorView):
    def get_issuer(self):
        return settings.SITE_NAME


class SetupCompleteView(AdminPage, two_factor_views.SetupCompleteView):
    title = _("Two-factor sign-in is on")

    def get_context_data(self, **kwargs):
        next_url = self.request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            next_url = reverse("admin:index")
        return {**super().get_context_data(**kwargs), "next": next_url}


class BackupTokensView(AdminPage, two_factor_views.BackupTokensView):
    title = _("Backup codes")
