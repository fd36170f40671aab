"""Staff sign-in holds up: lockout after repeated failures, short sessions, strong passwords (two-factor codes:
tests/accounts)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests import factories
from tests.accounts.sign_in import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


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
        sign_in(
            client,
            staff.username,
            "wrong",
            ip="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 198.51.100.66",
        )
    response = sign_in(
        client, staff.username, PASSWORD, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.200, 198.51.100.66"
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
