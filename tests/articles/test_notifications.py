"""Review emails: editors hear of a story submitted for review, its reporters of its publication and of a
return to draft with a note; nobody of their own change; each in their language, with the story's address,
owed in the transaction of the change and sent by the queue (through a real SMTP server on loopback too)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult

from articles import services
from articles.models import Article, StoryNotification
from articles.tasks import send_story_notification
from tests import factories
from tests.articles.test_admin import form_data
from tests.membership.conftest import run_queue
from tests.membership.test_queue import Inbox, smtp_server, smtp_settings  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

Status = Article.Status


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


@pytest.fixture
def desk():
    """A reporter with her story in draft, two editors who get email and two who cannot."""
    reporter = factories.reporter(email="ana@example.org", first_name="Ana", last_name="Petrovska")
    story = factories.article(
        published=False,
        headline="Council hides the budget",
        created_by=reporter,
        authors=[factories.author(user=reporter)],
    )
    return {
        "reporter": reporter,
        "story": story,
        "editor": factories.editor(email="marko@example.org", first_name="Marko", last_name="Editor"),
        "second_editor": factories.editor(email="elena@example.org"),
        "editor_without_address": factories.editor(email=""),
        "former_editor": factories.editor(email="gone@example.org", is_active=False),
    }


def test_submitting_for_review_emails_every_editor_with_a_link_to_the_story(client, desk, settings):
    settings.SITE_URL = "https://news.example.org"
    client.force_login(desk["reporter"])
    response = client.post(change_url(desk["story"]), form_data(desk["story"], _submit_review="1"))
    assert response.status_code == 302
    assert mail.outbox == []  # owed, not sent inside the request

    run_queue()

    assert sorted(message.to[0] for message in mail.outbox) == ["elena@example.org", "marko@example.org"]
    message = sent_to("marko@example.org")[0]
    assert message.subject == "For review: Council hides the budget"
    assert "Ana Petrovska submitted “Council hides the budget” for review." in message.body
    assert f"https://news.example.org{change_url(desk['story'])}" in message.body
    assert sent_to("ana@example.org") == []  # not about her own change


def test_publishing_emails_the_reporter_and_the_bylined_authors_but_not_the_editor(client, desk):
    colleague = factories.reporter(email="boris@example.org")
    Article.objects.filter(pk=desk["story"].pk).update(status=Status.IN_REVIEW)
    desk["story"].bylines.create(author=factories.author(user=colleague), position=1)
    client.force_login(desk["editor"])

    response = client.post(change_url(desk["story"]), form_data(desk["story"], _publish="1"))
    assert response.status_code == 302
    run_queue()

    assert sorted(message.to[0] for message in mail.outbox) == ["ana@example.org", "boris@example.org"]
    message = sent_to("ana@example.org")[0]
    assert message.subject == "Published: Council hides the budget"
    assert "Marko Editor published “Council hides the budget”." in message.body


def test_scheduling_tells_the_reporter_when_the_story_will_appear(desk):
    publish_at = timezone.now() + datetime.timedelta(days=2)
    services.article_schedule(article=desk["story"], by=desk["editor"], publish_at=publish_at)
    run_queue()

    message = sent_to("ana@example.org")[0]
    assert message.subject == "Scheduled: Council hides the budget"
    # In the site's time zone, as the site writes times (whatever the hour of the day the test runs at).
    assert date_format(timezone.localtime(publish_at), "DATETIME_FORMAT") in message.body


def test_back_to_draft_with_a_note_emails_the_note_and_the_history_keeps_it(client, desk):
    services.article_submit_for_review(article=desk["story"], by=desk["reporter"])
    run_queue()
    mail.outbox.clear()
    client.force_login(desk["editor"])
    note = "Please get the ministry's answer on the second figure."

    response = client.post(
        change_url(desk["story"]),
        form_data(desk["story"], _back_to_draft="1", note_to_reporter=note),
    )
    assert response.status_code == 302
    run_queue()

    desk["story"].refresh_from_db()
    assert desk["story"].status == Status.DRAFT
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "Back to draft: Council hides the budget"
    assert "Marko Editor sent “Council hides the budget” back to draft" in message.body
    assert note in message.body  # the apostrophe as typed, not as HTML
    history = client.get(reverse("admin:articles_article_history", args=[desk["story"].pk]))
    assert "Please get the ministry" in history.content.decode()


def test_back_to_draft_without_a_note_emails_nobody(desk):
    services.article_submit_for_review(article=desk["story"], by=desk["reporter"])
    run_queue()
    mail.outbox.clear()

    services.article_return_to_draft(article=desk["story"], by=desk["editor"])
    run_queue()

    assert mail.outbox == []


def test_a_note_with_another_button_is_refused_with_a_message_and_nothing_is_saved(client, desk):
    client.force_login(desk["editor"])
    response = client.post(
        change_url(desk["story"]),
        form_data(desk["story"], headline="Changed", note_to_reporter="Fix the lead.", _publish="1"),
    )
    assert response.status_code == 200
    assert "The note is sent with “Back to draft” only" in response.content.decode()
    desk["story"].refresh_from_db()
    assert desk["story"].headline == "Council hides the budget" and desk["story"].status == Status.DRAFT
    assert not StoryNotification.objects.exists()


def test_an_editor_publishing_their_own_story_is_not_emailed_about_it(desk):
    story = factories.article(published=False, created_by=desk["editor"])
    services.article_publish(article=story, by=desk["editor"])
    run_queue()
    assert mail.outbox == []


def test_publishing_a_story_that_is_already_published_emails_nobody(desk):
    services.article_publish(article=desk["story"], by=desk["editor"])
    run_queue()
    mail.outbox.clear()

    services.article_publish(article=desk["story"], by=desk["second_editor"])
    run_queue()

    assert mail.outbox == []


def test_bulk_publishing_emails_the_reporter_too(client, desk):
    client.force_login(desk["editor"])
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [desk["story"].pk]},
    )
    run_queue()
    assert [message.to[0] for message in mail.outbox] == ["ana@example.org"]


def test_each_email_is_in_the_language_its_recipient_works_in(client, desk):
    # Ana works in Macedonian (her browser's language, which the admin follows); Marko's language is not
    # known yet, so his email is in the site's.
    client.force_login(desk["reporter"])
    client.post(
        change_url(desk["story"]), form_data(desk["story"], _submit_review="1"), HTTP_ACCEPT_LANGUAGE="mk"
    )
    run_queue()
    assert sent_to("marko@example.org")[0].subject == "For review: Council hides the budget"
    mail.outbox.clear()

    client.force_login(desk["editor"])
    client.post(change_url(desk["story"]), form_data(desk["story"], _publish="1"), HTTP_ACCEPT_LANGUAGE="en")
    run_queue()

    message = sent_to("ana@example.org")[0]
    assert "Published" not in message.subject and "Council hides the budget" in message.subject
    assert "Open the story in the admin" not in message.body


def test_the_email_is_owed_in_the_transaction_of_the_change(desk):
    # The queue's task is stored with the status change itself, so a process dying just after the commit
    # cannot lose the email, and a change that is rolled back owes none.
    with pytest.raises(RuntimeError), transaction.atomic():
        services.article_submit_for_review(article=desk["story"], by=desk["reporter"])
        assert DBTaskResult.objects.count() == 2  # one per editor, already in the transaction
        raise RuntimeError("something after the submission failed")
    assert not StoryNotification.objects.exists() and not DBTaskResult.objects.exists()
    run_queue()
    assert mail.outbox == []


def test_a_task_run_twice_sends_the_email_once(desk):
    services.article_publish(article=desk["story"], by=desk["editor"])
    [notification] = StoryNotification.objects.all()

    assert send_story_notification.call(notification.pk) == "sent"
    assert send_story_notification.call(notification.pk) == "nothing to send"

    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the retry is queued on commit
def test_review_email_goes_through_a_real_smtp_server_and_waits_while_it_is_down(
    client,
    desk,
    smtp_settings,  # noqa: F811
):
    inbox = Inbox()
    server = smtp_server(smtp_settings, inbox)
    server.stop()  # the mail server is down when the story is submitted
    client.force_login(desk["reporter"])
    client.post(change_url(desk["story"]), form_data(desk["story"], _submit_review="1"))

    run_queue()
    assert StoryNotification.objects.filter(sent_at__isnull=True, attempts=1).count() == 2
    desk["story"].refresh_from_db()
    assert desk["story"].status == Status.IN_REVIEW  # the submission stands

    server = smtp_server(smtp_settings, inbox)  # and comes back
    try:
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
            run_queue()
    finally:
        server.stop()

    assert sorted(message["To"] for message in inbox.messages) == ["elena@example.org", "marko@example.org"]
    body = inbox.messages[0].get_payload(decode=True).decode()
    assert change_url(desk["story"]) in body
    assert StoryNotification.objects.filter(sent_at__isnull=False).count() == 2
