"""The second factors in the admin (django-otp's app devices and backup codes), with the checks every other
admin has."""

from django.contrib import admin
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_static import admin as otp_static_admin  # noqa: F401 (registers StaticDevice)
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as otp_totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom.admin import CheckedInputMixin, with_checked_input

with_checked_input(StaticDevice)


class TOTPDeviceAdmin(CheckedInputMixin, otp_totp_admin.TOTPDeviceAdmin):
    # django-otp's two pages of a device look it up with .get(): a device that is not there (deleted, or an
    # id typed by hand) was a server error instead of a 404.
    def config_view(self, request, pk):
        get_object_or_404(TOTPDevice, pk=pk)
        return super().config_view(request, pk)

    def qrcode_view(self, request, pk):
        get_object_or_404(TOTPDevice, pk=pk)
        return super().qrcode_view(request, pk)


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
