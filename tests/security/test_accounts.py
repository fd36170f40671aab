"""Staff sign-in holds up: lockout after repeated failures, two-factor codes, short sessions, strong passwords."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def sign_in(client, username, password, ip="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
    )


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


# Lockout -----------------------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_username_from_that_address_with_a_clear_page(client, settings):
    staff = factories.editor()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, staff.username, "wrong").status_code == 200
    response = sign_in(client, staff.username, "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-in attempts" in page
    assert "Try again in 30 minutes" in page
    # Even the right password is refused now, from that address.
    response = sign_in(client, staff.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_locked_username_can_still_sign_in_from_another_address(client, settings):
    staff = factories.editor()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, staff.username, "wrong", ip="198.51.100.66")
    response = sign_in(client, staff.username, PASSWORD, ip="203.0.113.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_successful_sign_in_resets_the_failure_count(client, settings):
    staff = factories.editor()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, staff.username, "wrong")
    assert sign_in(client, staff.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, staff.username, "wrong").status_code == 200
    assert sign_in(client, staff.username, PASSWORD).status_code == 302


def test_lockout_follows_the_address_our_proxy_reports_not_a_forged_one(client, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    staff = factories.editor()
    for number in range(settings.AXES_FAILURE_LIMIT):
        # The attacker forges a new left-most address each time; the proxy appends the real one.
        client.post(
            reverse("admin:login"),
            {"username": staff.username, "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 198.51.100.66",
        )
    response = client.post(
        reverse("admin:login"),
        {"username": staff.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.200, 198.51.100.66",
    )
    assert response.status_code == 429


# Passwords and sessions -----------------------------------------------------------------------------


@pytest.mark.parametrize("weak", ["short1!", "password1234", "123456789012", "skopje-editor"])
def test_weak_passwords_are_refused(weak):
    account = factories.user(username="skopje-editor", email="skopje-editor@example.org")
    with pytest.raises(ValidationError):
        validate_password(weak, user=account)


def test_staff_session_ends_after_eight_hours_and_with_the_browser(client, settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    staff = factories.editor()
    response = sign_in(client, staff.username, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert cookie["httponly"]
    assert 0 < client.session.get_expiry_age() <= 8 * 60 * 60


# Two-factor --------------------------------------------------------------------------------------------


@pytest.fixture
def staff_with_device():
    staff = factories.editor()
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    return staff, device


def test_staff_with_a_device_must_enter_a_code_before_the_admin(client, staff_with_device):
    staff, device = staff_with_device
    assert sign_in(client, staff.username, PASSWORD).status_code == 302
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("security:two_factor_verify"))
    response = client.post(
        reverse("security:two_factor_verify"),
        {"token": current_code(device), "next": reverse("admin:articles_article_changelist")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_changelist")
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200


def test_wrong_code_is_refused_with_a_message(client, staff_with_device):
    staff, device = staff_with_device
    sign_in(client, staff.username, PASSWORD)
    wrong = f"{(int(current_code(device)) + 500000) % 1000000:06d}"
    response = client.post(reverse("security:two_factor_verify"), {"token": wrong})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_unverified_staff_is_an_anonymous_reader_outside_the_admin(client, staff_with_device):
    staff, _ = staff_with_device
    story = factories.article(published=False)
    sign_in(client, staff.username, PASSWORD)
    response = client.get(reverse("articles:preview", args=[story.pk]))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    response = client.post(reverse("ck_editor_5_upload_file"), {"upload": factories.upload()})
    assert response.status_code == 302


def test_offsite_next_address_is_ignored_after_verification(client, staff_with_device):
    staff, device = staff_with_device
    sign_in(client, staff.username, PASSWORD)
    response = client.post(
        reverse("security:two_factor_verify"),
        {"token": current_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("admin:index")


def test_two_factor_is_optional_for_staff_by_default(client, settings):
    settings.NEWSROOM_REQUIRE_2FA = False
    staff = factories.editor()
    sign_in(client, staff.username, PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200


def test_required_two_factor_sends_editors_admins_and_membership_staff_to_setup(client, settings):
    settings.NEWSROOM_REQUIRE_2FA = True
    for account in (
        factories.editor(),
        factories.user(group="Admin"),
        factories.user(group="Membership staff"),
    ):
        client.logout()
        sign_in(client, account.username, PASSWORD)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("security:two_factor_setup"))


def test_required_two_factor_leaves_reporters_free_to_choose(client, settings):
    settings.NEWSROOM_REQUIRE_2FA = True
    sign_in(client, factories.reporter().username, PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200


def test_setup_shows_a_qr_code_and_a_confirmed_code_turns_two_factor_on(client, settings):
    settings.NEWSROOM_REQUIRE_2FA = True
    staff = factories.editor()
    sign_in(client, staff.username, PASSWORD)
    response = client.get(reverse("security:two_factor_setup"))
    assert response.status_code == 200
    assert "<svg" in response.content.decode()
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed is False
    response = client.post(reverse("security:two_factor_setup"), {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(reverse("admin:index")).status_code == 200
    # Next time, the code is asked for.
    client.logout()
    sign_in(client, staff.username, PASSWORD)
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("security:two_factor_verify"))


def test_two_factor_pages_are_for_signed_in_staff_only(client):
    for name in ("security:two_factor_verify", "security:two_factor_setup"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert not TOTPDevice.objects.exists()
