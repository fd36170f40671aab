"""Who hears of a story's step through the desk, and the emails owed to them.

- Submitted for review: the editors (active staff who may publish, with an email address).
- Published, or scheduled to appear by itself: the story's reporters (whoever created it and its bylined
  authors with an account).
- Sent back to draft with a note: the reporters, with the note.
Nobody is emailed about their own change. Each email is a `StoryNotification` row written in the
transaction of the change (`article_transition` calls `story_moved`), with its queue task; the task
(articles.tasks) sends it in the recipient's language, the one they last worked in on the desk
(`StaffLanguage`, remembered here at each move they make), else the site's.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import router, transaction
from django.db.models import Q
from django.utils import translation

from articles.models import Article, StaffLanguage, StoryNotification
from articles.tasks import send_story_notification

Status = Article.Status
Kind = StoryNotification.Kind

# The model permission that makes an editor (articles.roles), read by Django's own backend: the project's
# other backend (the sign-in lockout) answers no permission questions.
PUBLISH_PERMISSION = "articles.publish_article"
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def story_moved(*, article, from_status, by, note=""):
    """Owe the emails `article`'s move from `from_status` to its status now causes; call it inside the
    transaction of the move. Returns the StoryNotifications written."""
    remember_language(by)
    to_status = Status(article.status)
    if to_status == from_status:
        return []
    if to_status == Status.IN_REVIEW:
        kind, recipients = Kind.SUBMITTED, editors()
    elif to_status in (Status.PUBLISHED, Status.SCHEDULED):
        kind, recipients = Kind(to_status.value), reporters_of(article)
    elif to_status == Status.DRAFT and note:
        kind, recipients = Kind.RETURNED, reporters_of(article)
    else:
        return []
    if by is not None:
        recipients = recipients.exclude(pk=by.pk)
    owed = StoryNotification.objects.bulk_create(
        StoryNotification(article=article, kind=kind, recipient=recipient, changed_by=by, note=note)
        for recipient in recipients.only("pk")
    )
    for notification in owed:
        queue(notification)
    return owed


def editors():
    """Active staff who may publish and have an email address."""
    return (
        get_user_model()
        .objects.with_perm(PUBLISH_PERMISSION, backend=PERMISSION_BACKEND)
        .filter(is_staff=True)
        .exclude(email="")
    )


def reporters_of(article):
    """Whoever created `article` and its bylined authors with an account: active, with an email address."""
    return (
        get_user_model()
        .objects.filter(Q(pk=article.created_by_id) | Q(author_profile__bylines__article_id=article.pk))
        .filter(is_active=True)
        .exclude(email="")
        .distinct()
    )


def remember_language(user):
    """Note the language `user` works in now (the admin follows their browser's) for the emails they get."""
    language = translation.get_language()
    if user is None or user.pk is None or language not in dict(settings.LANGUAGES):
        return
    StaffLanguage.objects.update_or_create(user_id=user.pk, defaults={"language": language})


def queue(notification):
    """Hand `notification` to the queue: with the database queue in the same database, the task row is
    written in this very transaction, so it commits or rolls back with the change; any other queue gets
    it once the transaction has committed."""
    if _queue_is_in_the_transaction(send_story_notification):
        send_story_notification.enqueue(notification.pk)
    else:
        transaction.on_commit(lambda: send_story_notification.enqueue(notification.pk))


def _queue_is_in_the_transaction(task):
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    return isinstance(task.get_backend(), DatabaseBackend) and router.db_for_write(
        DBTaskResult
    ) == router.db_for_write(StoryNotification)
