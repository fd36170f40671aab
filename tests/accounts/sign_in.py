"""Signing in as a browser does, through django-two-factor-auth's wizard: the password step, then the code."""

from urllib.parse import urlencode

from django.urls import reverse
from django_otp.oath import totp

PASSWORD = "correct horse battery"  # what tests/factories.py gives every user


def login_url(next_url=None):
    url = reverse("two_factor:login")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def sign_in(client, username, password=PASSWORD, *, next_url=None, ip="203.0.113.7", **headers):
    """The password step; 302 when no code is needed, 200 with the code form (or the error) otherwise."""
    data = {"login_view-current_step": "auth", "auth-username": username, "auth-password": password}
    return client.post(login_url(next_url or reverse("admin:index")), data, REMOTE_ADDR=ip, **headers)


def give_code(client, code, *, next_url=None, step="token"):
    """The code step ('token'), or the backup-code step ('backup')."""
    data = {"login_view-current_step": step, f"{step}-otp_token": code}
    return client.post(login_url(next_url or reverse("admin:index")), data)


def current_code(device, later=0):
    """The code the app shows now (or `later` steps of 30 seconds from now: a code is accepted once)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=later)
    return f"{code:0{device.digits}d}"
