"""Two-factor sign-in for staff (accounts/, on django-two-factor-auth): the code after the password, backup
codes, setting up an app, and our rule of who must have one before the admin."""

import base64
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories
from tests.accounts.sign_in import PASSWORD, current_code, give_code, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_with_device():
    staff = factories.editor()
    device = TOTPDevice.objects.create(user=staff, name="default", confirmed=True)
    return staff, device


def signed_in(client, response):
    return response.status_code == 302 and "_auth_user_id" in client.session


def set_up_app(client, next_url=None):
    """Opens the setup page as the staff member, reads the secret as an app scanning the QR code would,
    and confirms the first code; returns the response and the device's secret."""
    setup = reverse("two_factor:setup") + (f"?next={next_url}" if next_url else "")
    assert client.get(setup).status_code == 200
    qr_code = client.get(reverse("two_factor:qr"))
    assert qr_code["Content-Type"].startswith("image/svg+xml") and b"<svg" in qr_code.content
    key = base64.b32decode(client.session["django_two_factor-qr_secret_key"])
    app = TOTPDevice(key=key.hex())
    response = client.post(
        setup, {"setup_view-current_step": "generator", "generator-token": current_code(app)}
    )
    return response, app


# The code after the password ------------------------------------------------------------------------


def test_staff_with_a_device_must_enter_a_code_before_the_admin(client, staff_with_device):
    staff, device = staff_with_device
    changelist = reverse("admin:articles_article_changelist")
    response = sign_in(client, staff.username, next_url=changelist)
    assert response.status_code == 200 and 'name="token-otp_token"' in response.content.decode()
    assert "_auth_user_id" not in client.session  # the password alone signs nobody in
    response = client.get(changelist)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    response = give_code(client, current_code(device), next_url=changelist)
    assert response.status_code == 302 and response["Location"] == changelist
    assert client.get(changelist).status_code == 200


def test_wrong_code_is_refused_with_a_message(client, staff_with_device):
    staff, device = staff_with_device
    sign_in(client, staff.username)
    wrong = f"{(int(current_code(device)) + 500000) % 1000000:06d}"
    response = give_code(client, wrong)
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_signed_in_but_unverified_staff_member_is_an_anonymous_reader_outside_the_admin(
    client, staff_with_device
):
    # A session from before the app was set up: signed in, no code given.
    staff, _ = staff_with_device
    client.force_login(staff)
    story = factories.article(published=False)
    response = client.get(reverse("articles:preview", args=[story.pk]))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    response = client.post(reverse("ck_editor_5_upload_file"), {"upload": factories.upload()})
    assert response.status_code == 302
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor:login"))


def test_offsite_next_address_is_ignored_after_verification(client, staff_with_device):
    staff, device = staff_with_device
    sign_in(client, staff.username, next_url="https://evil.example/")
    response = give_code(client, current_code(device), next_url="https://evil.example/")
    assert response["Location"] == reverse("admin:index")


def test_the_admins_login_address_is_the_two_step_sign_in(client):
    # Every "sign in first" redirect of the admin lands on it, and so do bookmarks.
    assert reverse("admin:login") == reverse("two_factor:login")
    page = client.get(reverse("admin:login")).content.decode()
    assert 'name="auth-username"' in page and 'name="auth-password"' in page


def test_an_authenticator_app_set_up_before_the_library_still_asks_for_its_code(client):
    # Our own setup page named devices "Authenticator app"; django-two-factor-auth asks the one named default.
    staff = factories.editor()
    device = TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)
    migration = import_module("accounts.migrations.0001_authenticator_apps_are_default_devices")
    migration.name_first_app_default(apps, None)
    response = sign_in(client, staff.username)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert signed_in(client, give_code(client, current_code(device)))


# Backup codes ---------------------------------------------------------------------------------------


def test_staff_can_sign_in_with_a_backup_code_once(client, staff_with_device):
    staff, device = staff_with_device
    sign_in(client, staff.username)
    give_code(client, current_code(device))
    page = client.get(reverse("two_factor:backup_tokens"))
    assert page.status_code == 200
    client.post(reverse("two_factor:backup_tokens"))
    codes = list(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert len(codes) == 10
    assert codes[0] in client.get(reverse("two_factor:backup_tokens")).content.decode()
    client.logout()

    page = sign_in(client, staff.username).content.decode()
    assert "Use a backup code" in page
    page = client.post(reverse("two_factor:login"), {"wizard_goto_step": "backup"}).content.decode()
    assert 'name="backup-otp_token"' in page
    assert signed_in(client, give_code(client, codes[0], step="backup"))
    assert client.get(reverse("admin:index")).status_code == 200
    client.logout()

    sign_in(client, staff.username)
    client.post(reverse("two_factor:login"), {"wizard_goto_step": "backup"})
    response = give_code(client, codes[0], step="backup")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "That backup code is not right, or it has been used already." in response.content.decode()


def test_backup_codes_are_only_shown_after_a_code(client, staff_with_device):
    staff, _ = staff_with_device
    client.force_login(staff)
    response = client.get(reverse("two_factor:backup_tokens"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor:login"))
    assert not StaticToken.objects.exists()


def test_every_admin_page_links_to_the_backup_codes(client, staff_with_device):
    staff, device = staff_with_device
    sign_in(client, staff.username)
    give_code(client, current_code(device))
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f'href="{reverse("two_factor:backup_tokens")}"' in page


# Who must set up an app -----------------------------------------------------------------------------


def test_two_factor_is_optional_for_staff_by_default(client, settings):
    settings.NEWSROOM_REQUIRE_2FA = False
    staff = factories.editor()
    assert signed_in(client, sign_in(client, staff.username))
    assert client.get(reverse("admin:index")).status_code == 200


def test_required_two_factor_sends_editors_admins_membership_staff_and_superusers_to_setup(client, settings):
    settings.NEWSROOM_REQUIRE_2FA = True
    for account in (
        factories.editor(),
        factories.user(group="Admin"),
        factories.user(group="Membership staff"),
        factories.user(is_staff=True, is_superuser=True),
    ):
        client.logout()
        assert signed_in(client, sign_in(client, account.username))
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302, account
        assert response["Location"].startswith(reverse("two_factor:setup"))


def test_required_two_factor_leaves_reporters_free_to_choose(client, settings):
    settings.NEWSROOM_REQUIRE_2FA = True
    sign_in(client, factories.reporter().username)
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_reporter_in_a_required_group_reaches_the_admin_only_after_setup_and_a_code(client, settings):
    settings.NEWSROOM_REQUIRE_2FA = True
    settings.NEWSROOM_TWO_FACTOR_GROUPS = [*settings.NEWSROOM_TWO_FACTOR_GROUPS, "Reporter"]
    reporter = factories.reporter()
    changelist = reverse("admin:articles_article_changelist")
    sign_in(client, reporter.username)
    response = client.get(changelist)
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor:setup"))
    story = factories.article(published=False)
    assert client.get(reverse("articles:preview", args=[story.pk])).status_code == 302  # nor elsewhere

    response, app = set_up_app(client, next_url=changelist)
    assert response.status_code == 302
    assert client.get(changelist).status_code == 200
    client.logout()

    assert sign_in(client, reporter.username, next_url=changelist).status_code == 200  # the code is asked
    assert client.get(changelist).status_code == 302
    assert signed_in(client, give_code(client, current_code(app, later=1), next_url=changelist))
    assert client.get(changelist).status_code == 200


def test_setup_shows_a_qr_code_and_a_confirmed_code_turns_two_factor_on(client, settings):
    settings.NEWSROOM_REQUIRE_2FA = True
    staff = factories.editor()
    sign_in(client, staff.username)
    assert not TOTPDevice.objects.filter(user=staff).exists()
    response, _ = set_up_app(client)
    assert response.status_code == 302 and response["Location"] == reverse("two_factor:setup_complete")
    assert TOTPDevice.objects.get(user=staff).confirmed is True
    page = client.get(response["Location"]).content.decode()
    assert reverse("two_factor:backup_tokens") in page
    assert client.get(reverse("admin:index")).status_code == 200
    # Next time, the code is asked for.
    client.logout()
    response = sign_in(client, staff.username)
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_a_wrong_first_code_sets_nothing_up(client):
    staff = factories.editor()
    sign_in(client, staff.username)
    client.get(reverse("two_factor:setup"))
    response = client.post(
        reverse("two_factor:setup"), {"setup_view-current_step": "generator", "generator-token": "000000"}
    )
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_two_factor_pages_are_for_signed_in_staff_only(client):
    for name in ("two_factor:setup", "two_factor:backup_tokens", "two_factor:setup_complete"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor:login"))
    assert client.get(reverse("two_factor:qr")).status_code == 302
    assert not TOTPDevice.objects.exists()


def test_sign_in_still_locks_out_after_repeated_wrong_passwords(client, settings):
    staff = factories.editor()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, staff.username, "wrong")
    assert response.status_code == 429
    assert sign_in(client, staff.username, PASSWORD).status_code == 429
