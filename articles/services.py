"""Editorial writes: changing a story, restoring a revision and moving it between statuses.

Every path (the admin form, its history and revert, admin and bulk actions, a direct POST) goes through these
functions. They ask `articles.permissions` whether the person may, and hold what a live story must have: a
published or scheduled story passes the publish checks after every change, or the change is refused whole.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles import notifications, permissions, revisions
from articles.models import Article, ArticleAuthor
from articles.permissions import Action

Status = Article.Status

# What a restore brings back: the story's content and filing. Its status, publication times, address and the
# site-wide video-of-the-day flag stay as they are now: restoring text never publishes or unpublishes.
RESTORED_FIELDS = [
    "headline",
    "kicker",
    "standfirst",
    "body",
    "section",
    # Not "language": which edition a story is in is decided on its form, under the rules its translations
    # set (articles.models.translations); a restore would move it into a translation's edition around them.
    "dateline",
    "byline_override",
    "lead_image",
    "video_url",
    "seo_title",
    "seo_description",
    "canonical_url",
]


class LiveStoryIncomplete(ValidationError):
    """A change would leave a published or scheduled story without what publishing requires."""

    def __init__(self, problems):
        super().__init__(list(problems), code="live_story_incomplete")
        self.problems = list(problems)


def check_live_story(article_pk):
    """Raise LiveStoryIncomplete when the story, as now stored, is live and fails the publish checks.

    Call it last, inside the transaction of the change, once the story's byline, sources and quotes are
    written too: raising there rolls the whole change back.
    """
    article = Article.objects.get(pk=article_pk)
    if article.is_live:
        problems = article.publish_problems()
        if problems:
            raise LiveStoryIncomplete(problems)


def article_save(*, article, by):
    """Save `article`'s fields on behalf of `by`, who must be allowed to edit the story as stored.

    The status is never taken from the caller: it changes only through `article_transition`. A new story
    is `by`'s draft. Does not check a live story: call `check_live_story` once its related rows are saved
    (or use `article_update`). Nor does it complete the revision the save writes: call the story's
    `complete_latest_revision` once its byline, sources and quotes are written (articles.revisions).
    """
    if article.pk is None:
        article.created_by = by
        article.status = Status.DRAFT
    else:
        stored = Article.objects.get(pk=article.pk)
        permissions.check(by, Action.EDIT, stored)
        article.status = stored.status
        if (
            stored.published_at is None
            and article.headline != stored.headline
            and article.slug == stored.slug
            and stored.slug_made_from(stored.headline)
        ):
            # Never seen by readers, and made from the old headline (a translation's is the original's, in
            # the original's language): the address follows the new headline. A typed slug stays.
            article.slug = ""
    article.save()
    return article


@transaction.atomic
def article_update(*, article, by):
    """Save a change to a story's own fields, refused whole if it would leave a live story incomplete."""
    article_save(article=article, by=by)
    article.complete_latest_revision()
    check_live_story(article.pk)
    return article


@transaction.atomic
def article_corrected(*, article_id, by, reason):
    """A revision of the story holding its corrections as they now are, after one was added, changed or
    deleted outside the story's form (the corrections admin), so that its history shows when and by whom.
    `reason` is one of articles.revisions.CORRECTION_REASONS."""
    stored = Article.objects.get(pk=article_id)
    stored._change_reason = reason
    stored._history_user = by
    stored.save()
    stored.complete_latest_revision()
    return stored


@transaction.atomic
def article_restore(*, article, revision, by):
    """Make `revision`'s content, tags, byline, sources and quotes the story's again, as a new revision
    (editors only). Corrections stay: a published correction is never taken back, and so do the sources and
    quotes of a revision that did not record them (articles.revisions.restore_rows).

    A live story must still pass the publish checks afterwards, or nothing is restored.
    """
    stored = Article.objects.get(pk=article.pk)
    permissions.check(by, Action.RESTORE, stored)
    if revision.id != stored.pk:
        raise PermissionDenied(_("That revision belongs to another story."))
    for name in RESTORED_FIELDS:
        field = Article._meta.get_field(name)
        value = getattr(revision, field.attname)
        # A section or image deleted since the revision was made cannot come back; keep today's.
        if (
            field.is_relation
            and value is not None
            and not field.related_model.objects.filter(pk=value).exists()
        ):
            value = getattr(stored, field.attname)
        setattr(stored, field.attname, value)
    stored._change_reason = f"Restored the revision of {revision.history_date:%Y-%m-%d %H:%M:%S}"
    stored.save()
    stored.tags.set([row.tag_id for row in revision.tags.all() if row.tag_id is not None])
    authors = [row for row in revision.authors.all().order_by("position", "pk") if row.author_id is not None]
    ArticleAuthor.objects.filter(article=stored).delete()
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=stored, author_id=row.author_id, position=row.position) for row in authors
    )
    revisions.restore_rows(stored, revision)
    stored.complete_latest_revision()
    check_live_story(stored.pk)
    return stored


def check_transition(*, article, to_status, by, at=None):
    """Raise PermissionDenied or ValidationError when `by` may not move `article` to `to_status`."""
    # Who may is decided on the story as stored, whatever the caller's copy says.
    stored = Article.objects.get(pk=article.pk) if article.pk else article
    permissions.check_transition(by, stored, to_status)
    if to_status in (Status.IN_REVIEW, Status.SCHEDULED, Status.PUBLISHED):
        problems = article.publish_problems()
        if problems:
            raise ValidationError(problems, code="not_ready")
    not_in_future = article.published_at is None or article.published_at <= (at or timezone.now())
    if to_status == Status.SCHEDULED and not_in_future:
        raise ValidationError(
            _("Choose a publication time in the future to schedule the story."), code="past"
        )
    return stored


def apply_status(article, to_status, *, at=None):
    """Set the status and the dates that go with it, without saving."""
    # To the second, as the story form shows and posts it back: a later save must not change it.
    at = at or timezone.now().replace(microsecond=0)
    if to_status == Status.PUBLISHED and (article.published_at is None or article.published_at > at):
        article.published_at = at
    if to_status == Status.PUBLISHED and article.unpublish_at and article.unpublish_at <= at:
        article.unpublish_at = None
    article.status = to_status


@transaction.atomic
def article_transition(*, article, to_status, by, at=None, new_revision=True, note=""):
    """Move `article` to `to_status` on behalf of `by`, checking permission and readiness, and owe the
    emails the move causes (articles.notifications), in the same transaction.

    With `new_revision=True` (a bulk action, scheduling, a direct call) the move has a revision of its own,
    holding the whole story, sources and quotes included: restoring it gives the story back as it was. With
    `new_revision=False` the move belongs to a save that made its revision already (the admin form's "Save and
    publish"), which `complete_latest_revision` then brings up to date: one save, one revision.
    `note` is the editor's note to the reporter when sending a story back to draft: it goes in their email
    and in the revision's change reason, which the story's history lists.
    """
    note = (note or "").strip()
    if note and to_status != Status.DRAFT:
        raise ValidationError(_("A note to the reporter goes with “Back to draft” only."), code="note")
    stored = check_transition(article=article, to_status=to_status, by=by, at=at)
    from_status = stored.effective_status
    if article.is_live and to_status not in (Status.PUBLISHED, Status.SCHEDULED):
        # Withdrawn: the links shared before publication must not open it again (articles.preview).
        article.preview_generation += 1
    apply_status(article, to_status, at=at)
    article._change_reason = change_reason(to_status, note)
    if not new_revision:
        article.skip_history_when_saving = True
    try:
        article.save()
    finally:
        article.__dict__.pop("skip_history_when_saving", None)
    if new_revision:
        # Its sources, quotes and corrections too: without them a restore of this revision took them all away.
        article.complete_latest_revision()
    else:
        # The revision is the one the form's save made: it names the move (and the note), as the history's
        # "What was done" does for a bulk action's.
        revision = article.history.latest()
        revision.history_change_reason = article._change_reason
        revision.save(update_fields=["history_change_reason"])
    notifications.story_moved(article=article, from_status=from_status, by=by, note=note)
    return article


def change_reason(to_status, note=""):
    """The revision's change reason (its column holds 100 characters; the note's whole text is in the email
    and its StoryNotification rows)."""
    reason = f"Status set to {to_status}"
    return Truncator(f"{reason}. Note to the reporter: {note}").chars(100) if note else reason


def article_publish(*, article, by, at=None):
    return article_transition(article=article, to_status=Status.PUBLISHED, by=by, at=at)


def article_schedule(*, article, by, publish_at, at=None):
    article.published_at = publish_at
    return article_transition(article=article, to_status=Status.SCHEDULED, by=by, at=at)


def article_unpublish(*, article, by):
    return article_transition(article=article, to_status=Status.UNPUBLISHED, by=by)


def article_submit_for_review(*, article, by):
    return article_transition(article=article, to_status=Status.IN_REVIEW, by=by)


def article_return_to_draft(*, article, by, note=""):
    return article_transition(article=article, to_status=Status.DRAFT, by=by, note=note)


# Other apps carry their rows over to a translation, in their AppConfig.ready(): callables taking the original
# story and its new translation (sourcing: its sources and quotes).
TRANSLATION_STEPS = []

CARRIED_TO_A_TRANSLATION = [
    "headline",
    "kicker",
    "standfirst",
    "body",
    "section",
    "dateline",
    "byline_override",
    "lead_image",
    "video_url",
]


@transaction.atomic
def article_translate(*, article, language, by):
    """A draft of `article` in the edition `language`, linked to it as its translation, for `by` to translate:
    the text to translate, the filing, the lead image, the tags, the byline and (other apps' TRANSLATION_STEPS)
    the sources and quotes carried over. Refused when the story already has a translation in that edition."""
    stored = Article.objects.get(pk=article.pk)
    permissions.check(by, Action.VIEW, stored)
    if not by.has_perm("articles.add_article"):
        raise PermissionDenied(_("You may not start a story."))
    original = stored.translation_of or stored
    if language == original.language or language not in dict(Article.Language.choices):
        raise ValidationError(_("Choose another edition than the story's own."), code="translation_language")
    existing = Article.objects.filter(translation_of=original, language=language).first()
    if existing is not None:
        raise ValidationError(
            _("This story already has a translation in that edition: “%(headline)s”.")
            % {"headline": existing.headline},
            code="translation_exists",
        )
    translation = Article(
        **{name: getattr(stored, name) for name in CARRIED_TO_A_TRANSLATION},
        language=language,
        translation_of=original,
        slug="",  # made from the headline, in its own edition
    )
    translation._change_reason = f"Translation of story {original.pk} started"
    article_save(article=translation, by=by)
    # The tags belong to the revision just made (complete_latest_revision), not to a second one of their own.
    translation.skip_history_when_saving = True
    try:
        translation.tags.set(stored.tags.all())
    finally:
        del translation.skip_history_when_saving
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=translation, author_id=byline.author_id, position=byline.position)
        for byline in ArticleAuthor.objects.filter(article=stored)
    )
    for step in TRANSLATION_STEPS:
        step(stored, translation)
    translation.complete_latest_revision()
    return translation
