"""Backup codes (django-otp's static devices) in the admin with the checks every other admin has."""

from django_otp.plugins.otp_static import admin as otp_static_admin  # noqa: F401 (registers StaticDevice)
from django_otp.plugins.otp_static.models import StaticDevice

from newsroom.admin import with_checked_input

with_checked_input(StaticDevice)
