"""Each role reaches exactly what it should: every admin model's list and add page, the bulk actions, and
the staff-only views outside the admin (previews, the membership dashboard and exports).

Roles: an anonymous visitor, a signed-in reader (no staff flag), Reporter, Editor and Admin groups
(articles/migrations/0002_editorial_groups.py; Admin holds every permission via newsroom.apps).
"""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["reporter", "editor", "admin"]


def make(role):
    return {
        "reporter": factories.reporter,
        "editor": factories.editor,
        "admin": lambda: factories.user(group="Admin"),
        "reader": factories.user,
    }[role]()


def registered_models():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()]


def admin_url(model, view):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


# What the newsroom decided, written out: the desk's admin pages (the articles app and membership's reader
# appeal, which editors write) and the accounts.
EXPECTED_LIST = {
    "reporter": {"article", "section", "tag", "author", "image", "correction"},
    "editor": {"article", "section", "tag", "author", "image", "correction", "readerappeal", "sitesettings"},
}
EXPECTED_ADD = {
    "reporter": {"article", "tag", "image"},
    "editor": {"article", "section", "tag", "author", "image", "correction", "readerappeal", "sitesettings"},
}
# Nobody below Admin manages accounts, groups, lockouts or two-factor devices and backup codes.
ADMIN_ONLY_APPS = {"auth", "axes", "otp_totp", "otp_static"}


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_role_reaches_exactly_its_articles_admin_pages(client, role):
    client.force_login(make(role))
    for model, _ in registered_models():
        if model._meta.app_label != "articles" and model._meta.label_lower != "membership.readerappeal":
            continue
        name = model._meta.model_name
        listed = client.get(admin_url(model, "changelist")).status_code
        added = client.get(admin_url(model, "add")).status_code
        assert listed == (200 if name in EXPECTED_LIST[role] else 403), (role, name, "list")
        assert added == (200 if name in EXPECTED_ADD[role] else 403), (role, name, "add")


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_only_admins_reach_accounts_lockouts_and_devices(client, role):
    client.force_login(make(role))
    for model, _ in registered_models():
        if model._meta.app_label in ADMIN_ONLY_APPS:
            assert client.get(admin_url(model, "changelist")).status_code == 403, model
            assert client.get(admin_url(model, "add")).status_code == 403, model


def test_reporters_never_see_reader_data(client):
    """Members' names and emails are for the people who look after membership, not the whole desk."""
    client.force_login(make("reporter"))
    for model, _ in registered_models():
        if model._meta.app_label == "membership":
            assert client.get(admin_url(model, "changelist")).status_code == 403, model


def test_admin_reaches_every_list_and_add_page_it_may(client):
    client.force_login(make("admin"))
    request = RequestFactory().get("/")
    request.user = make("admin")
    for model, model_admin in registered_models():
        assert client.get(admin_url(model, "changelist")).status_code == 200, model
        expected = 200 if model_admin.has_add_permission(request) else 403
        assert client.get(admin_url(model, "add")).status_code == expected, model


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_answers_as_the_role_permissions_say(client, role):
    """Across every registered model (other apps' too), the pages agree with the permissions, and none fails."""
    account = make(role)
    client.force_login(account)
    request = RequestFactory().get("/")
    request.user = account
    for model, model_admin in registered_models():
        listed = client.get(admin_url(model, "changelist")).status_code
        assert listed == (200 if model_admin.has_view_or_change_permission(request) else 403), (role, model)
        added = client.get(admin_url(model, "add")).status_code
        assert added == (200 if model_admin.has_add_permission(request) else 403), (role, model)


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_visitors_without_staff_account_reach_no_admin_page(client, who):
    if who == "reader":
        client.force_login(make("reader"))
    for model, _ in registered_models():
        for view in ("changelist", "add"):
            response = client.get(admin_url(model, view))
            assert response.status_code == 302, (who, model, view)
            assert reverse("admin:login") in response["Location"]


# Bulk actions -------------------------------------------------------------------------------------------


def run_action(client, action, *objects, model=Article):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects], "index": 0},
    )


def test_reporter_cannot_publish_via_bulk_action(client):
    writer = make("reporter")
    client.force_login(writer)
    story = factories.article(published=False, created_by=writer, authors=[factories.author(user=writer)])
    listing = client.get(admin_url(Article, "changelist")).content.decode()
    assert "publish_selected" not in listing
    run_action(client, "publish_selected", story)
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


def test_reporter_cannot_bulk_delete(client):
    writer = make("reporter")
    client.force_login(writer)
    story = factories.article(published=False, created_by=writer)
    run_action(client, "delete_selected", story)
    client.post(
        admin_url(Article, "changelist"),
        {"action": "delete_selected", "_selected_action": [story.pk], "post": "yes"},
    )
    assert Article.objects.filter(pk=story.pk).exists()


def test_editor_can_publish_via_bulk_action(client):
    client.force_login(make("editor"))
    story = factories.article(published=False)
    run_action(client, "publish_selected", story)
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED


def test_member_export_and_erase_actions_are_not_offered_below_their_permission(client):
    from django.apps import apps

    if not apps.is_installed("membership") or "membership" not in {
        m._meta.app_label for m, _ in registered_models()
    }:
        pytest.skip("membership admin not registered")
    for role in ("reporter", "editor"):
        account = make(role)
        client.force_login(account)
        request = RequestFactory().get("/")
        request.user = account
        for model, model_admin in registered_models():
            if model._meta.app_label != "membership" or not model_admin.has_view_or_change_permission(
                request
            ):
                continue
            offered = set(model_admin.get_actions(request))
            if not account.has_perm(f"membership.export_{model._meta.model_name}"):
                assert "export_csv" not in offered, (role, model)


# Staff-only views outside the admin ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
    [
        ("anonymous", 302),
        ("reader", 302),
        ("reporter", 404),  # another reporter's draft is not theirs to see (articles.permissions)
        ("own reporter", 200),
        ("editor", 200),
        ("admin", 200),
    ],
)
def test_staff_preview_is_for_the_desk_only(client, role, status):
    owner = factories.reporter() if role == "own reporter" else None
    story = factories.article(published=False, headline="Embargoed: the minister resigns", created_by=owner)
    if role != "anonymous":
        client.force_login(owner or make(role))
    response = client.get(reverse("articles:preview", args=[story.pk]))
    assert response.status_code == status
    if status == 200:
        assert "Embargoed: the minister resigns" in response.content.decode()
    else:
        assert "Embargoed" not in response.content.decode()


def test_draft_is_not_public_without_the_preview(client):
    story = factories.article(published=False)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_tampered_shared_preview_link_is_refused(client):
    from articles.preview import preview_url

    story = factories.article(published=False)
    url = preview_url(story)
    assert client.get(url).status_code == 200
    other = factories.article(published=False)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    forged = token.replace(str(story.pk), str(other.pk), 1)
    assert client.get(reverse("articles:shared_preview", args=[forged])).status_code == 404


@pytest.mark.parametrize("role, allowed", [("anonymous", False), ("reader", False), ("reporter", False)])
def test_membership_dashboard_is_closed_to_those_without_member_access(client, role, allowed):
    url = _membership_dashboard_url()
    if role != "anonymous":
        client.force_login(make(role))
    response = client.get(url)
    assert response.status_code in (302, 403, 404), response.status_code


def _membership_dashboard_url():
    for name in ("membership:dashboard", "admin:membership_dashboard", "admin:membership_member_dashboard"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    pytest.skip("no membership dashboard URL yet")
