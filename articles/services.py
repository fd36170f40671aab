"""Editorial transitions: who may move a story from one status to another, and what it needs.

Every path (the admin form, admin actions, bulk actions, a direct POST) goes through `article_transition`,
so the rules hold whatever the interface.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article

Status = Article.Status

# Reporters may move their own stories between these; everything else needs articles.publish_article.
REPORTER_STATUSES = {Status.DRAFT, Status.IN_REVIEW}


def can_edit(user, article):
    """Editors edit any story; reporters only their own that are not public yet."""
    if user.has_perm("articles.edit_any_article"):
        return True
    if not user.has_perm("articles.change_article"):
        return False
    owns = (
        article.pk is None
        or article.created_by_id == user.pk
        or article.bylines.filter(author__user=user).exists()
    )
    return owns and article.status in REPORTER_STATUSES


def can_set_status(user, status):
    return status in REPORTER_STATUSES or user.has_perm("articles.publish_article")


def check_transition(*, article, to_status, by, at=None):
    """Raise PermissionDenied or ValidationError when `by` may not move `article` to `to_status`."""
    if not can_set_status(by, to_status) or (
        article.status not in REPORTER_STATUSES and not by.has_perm("articles.publish_article")
    ):
        raise PermissionDenied(_("Only editors can publish, schedule or unpublish stories."))
    if to_status in (Status.IN_REVIEW, Status.SCHEDULED, Status.PUBLISHED):
        problems = article.publish_problems()
        if problems:
            raise ValidationError(problems, code="not_ready")
    not_in_future = article.published_at is None or article.published_at <= (at or timezone.now())
    if to_status == Status.SCHEDULED and not_in_future:
        raise ValidationError(
            _("Choose a publication time in the future to schedule the story."), code="past"
        )


def apply_status(article, to_status, *, at=None):
    """Set the status and the dates that go with it, without saving."""
    at = at or timezone.now()
    if to_status == Status.PUBLISHED and (article.published_at is None or article.published_at > at):
        article.published_at = at
    if to_status == Status.PUBLISHED and article.unpublish_at and article.unpublish_at <= at:
        article.unpublish_at = None
    article.status = to_status


@transaction.atomic
def article_transition(*, article, to_status, by, at=None):
    """Move `article` to `to_status` on behalf of `by`, checking permission and readiness."""
    check_transition(article=article, to_status=to_status, by=by, at=at)
    apply_status(article, to_status, at=at)
    article._change_reason = f"Status set to {to_status}"
    article.save()
    return article


def article_publish(*, article, by, at=None):
    return article_transition(article=article, to_status=Status.PUBLISHED, by=by, at=at)


def article_schedule(*, article, by, publish_at, at=None):
    article.published_at = publish_at
    return article_transition(article=article, to_status=Status.SCHEDULED, by=by, at=at)


def article_unpublish(*, article, by):
    return article_transition(article=article, to_status=Status.UNPUBLISHED, by=by)


def article_submit_for_review(*, article, by):
    return article_transition(article=article, to_status=Status.IN_REVIEW, by=by)
