"""The reader appeal under every story: which one a story shows, who manages it, and its move from the
articles app to membership with its rows and the Editor group's rights."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from membership.models import ReaderAppeal
from tests import factories

BEFORE_THE_MOVE = [
    ("articles", "0010_revision_related_rows"),
    ("membership", "0006_member_history_and_staff_consents"),
]


def appeal_on_page(client, story):
    """The story page from its appeal on (its end), or None when the page has no appeal."""
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    if 'class="appeal"' not in page:
        return None
    assert page.index('class="appeal"') > page.index('class="story-body"')  # under the story
    return page[page.index('class="appeal"') :]


@pytest.mark.django_db
def test_article_page_ends_with_the_appeal_in_the_story_language(client):
    ReaderAppeal.objects.create(heading="Support us", text="General appeal.", language="")
    ReaderAppeal.objects.create(heading="Поддржете нè", text="Македонски апел.", language="mk")
    ReaderAppeal.objects.create(heading="Inactive", text="Old.", language="mk", is_active=False)
    # The whole appeal speaks the story's language, its form and links too, even at the story's address in
    # the English interface.
    appeal = appeal_on_page(client, factories.article(language="mk"))
    assert "Поддржете нè" in appeal and "Support us" not in appeal and "Inactive" not in appeal
    assert appeal.startswith('class="appeal" lang="mk"')
    assert "Колку често" in appeal and "How often" not in appeal
    assert 'href="/mk/membership/join/"' in appeal and 'action="/mk/membership/join/start/"' in appeal
    english_appeal = appeal_on_page(client, factories.article(language="en"))
    assert "Support us" in english_appeal and "How often" in english_appeal
    assert 'href="/membership/join/"' in english_appeal


@pytest.mark.django_db
def test_article_page_has_no_appeal_when_none_is_active(client):
    ReaderAppeal.objects.create(heading="Switched off", text="Old.", is_active=False)
    assert appeal_on_page(client, factories.article()) is None


@pytest.mark.django_db
def test_the_newest_appeal_in_the_story_language_is_the_one_shown():
    older = ReaderAppeal.objects.create(heading="Older", text="…", language="sq")
    newer = ReaderAppeal.objects.create(heading="Newer", text="…", language="sq")
    ReaderAppeal.objects.create(heading="General", text="…")
    assert ReaderAppeal.objects.for_language("sq") == newer
    older.save()  # edited last: now the newest
    assert ReaderAppeal.objects.for_language("sq") == older
    assert ReaderAppeal.objects.for_language("en").heading == "General"


@pytest.mark.django_db
def test_editors_manage_appeals_in_the_membership_admin_and_reporters_do_not(client):
    appeal = ReaderAppeal.objects.create(heading="Support us", text="Become a member.")
    change = reverse("admin:membership_readerappeal_change", args=[appeal.pk])
    client.force_login(factories.editor())
    assert client.get(reverse("admin:membership_readerappeal_changelist")).status_code == 200
    assert client.get(reverse("admin:membership_readerappeal_add")).status_code == 200
    assert client.get(change).status_code == 200
    client.force_login(factories.reporter())
    assert client.get(change).status_code == 403


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_appeal_written_before_the_move_is_there_after_it_and_editors_keep_their_rights():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    ContentType.objects.clear_cache()
    before = executor.loader.project_state(BEFORE_THE_MOVE).apps
    written = before.get_model("articles", "ReaderAppeal").objects.create(
        heading="Written before the move", text="Become a member.", language="mk"
    )
    editor_rights = Group.objects.get(name="Editor").permissions
    assert editor_rights.filter(content_type__app_label="articles", codename="change_readerappeal").exists()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    moved = ReaderAppeal.objects.get(pk=written.pk)
    assert (moved.heading, moved.language) == ("Written before the move", "mk")
    assert {p.codename for p in editor_rights.filter(content_type__app_label="membership")} >= {
        "view_readerappeal",
        "change_readerappeal",
        "add_readerappeal",
    }
    assert not ContentType.objects.filter(app_label="articles", model="readerappeal").exists()
