"""django-two-factor-auth's code forms, worded as our staff read them and translated in our catalogs (the
library has no Macedonian or Albanian)."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice
from two_factor import forms as two_factor_forms
from two_factor.plugins.registry import GeneratorMethod
from two_factor.utils import totp_digits


class PasswordForm(AdminAuthenticationForm):
    """The admin's sign-in form (staff only), refusing a username longer than any account's before it is tried.

    Django gives the field a maximum length for the browser only, so a 10,000-character username was tried,
    and django-axes failed to record the failed sign-in (PostgreSQL: value too long for varchar(255)).
    `request` is named in the signature: django-two-factor-auth hands the request only to a form that names
    it, and django-axes counts only sign-ins that come with their request
    (newsroom.security.LoginLockoutBackend).
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


CODE_LABEL = _("Code from your authenticator app")
WRONG_CODE = _("That code is not right, or it has expired. Try the newest one.")


def code_input():
    return forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True})


class AuthenticationTokenForm(two_factor_forms.AuthenticationTokenForm):
    """The second step of signing in: the code the authenticator app shows now."""

    otp_token = forms.RegexField(
        label=CODE_LABEL,
        regex=r"^[0-9]*$",
        min_length=totp_digits(),
        max_length=totp_digits(),
        widget=code_input(),
    )
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Enter the code from your authenticator app."),
        "invalid_token": WRONG_CODE,
        "n_failed_attempts": ngettext_lazy(
            "That code was wrong %(failure_count)d time: wait a few seconds before the next try.",
            "That code was wrong %(failure_count)d times: wait a few seconds before the next try.",
            "failure_count",
        ),
        "verification_not_allowed": _("Codes cannot be checked right now. Try again in a moment."),
    }


class BackupTokenForm(AuthenticationTokenForm):
    """Signing in with one of the printed backup codes instead; each code works once."""

    otp_token = forms.CharField(
        label=_("Backup code"), max_length=16, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    otp_error_messages = {
        **AuthenticationTokenForm.otp_error_messages,
        "token_required": _("Enter one of your backup codes."),
        "invalid_token": _("That backup code is not right, or it has been used already."),
    }


class TOTPDeviceForm(two_factor_forms.TOTPDeviceForm):
    """Setting up: the first code from the app proves the app holds the secret; then the device is saved."""

    token = forms.IntegerField(
        label=CODE_LABEL, min_value=0, max_value=int("9" * totp_digits()), widget=code_input()
    )
    error_messages = {"invalid_token": WRONG_CODE}


class AuthenticatorAppMethod(GeneratorMethod):
    """The library's authenticator-app method with the forms above."""

    verbose_name = _("Authenticator app")

    def recognize_device(self, device):
        # The library's own method claims no device (sign-in falls back to a fresh instance of it), so the
        # code step would get the library's form rather than ours.
        return isinstance(device, TOTPDevice)

    def get_setup_forms(self, *args):
        return {"generator": TOTPDeviceForm}

    def get_token_form_class(self):
        return AuthenticationTokenForm
