"""Corrections: what a story got wrong and what is right, shown on it and in the public list.

A correction updates its story: saving one moves the story's `revised_at` (its "Updated" line, dateModified,
the sitemap's lastmod and the feeds' updated dates) on to the correction's time, whichever path saves it
(the story's form, the corrections admin, the shell). A correction is made, not planned: its date is never
still to come, and its story was published. Moving a correction earlier or deleting it takes the story's update time back with it
(`undo_story_update`), to what remains.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# The admin's "Now" button fills in the browser's clock, which may run a little ahead of the server's.
CLOCK_LEEWAY = timedelta(minutes=1)


class CorrectionQuerySet(models.QuerySet):
    def for_readers(self, edition=None):
        """The corrections of the stories readers may see in an edition (the active language's by default)."""
        stories = self.model._meta.get_field("article").related_model.objects.published().in_edition(edition)
        return self.filter(article__in=stories)

    def delete(self):
        # The corrections list's "Delete selected" and story.corrections.all().delete() come here, not to
        # Correction.delete.
        with transaction.atomic(using=self.db):
            deleted = list(self.values_list("article_id", "corrected_at"))
            result = super().delete()
            for article_id, corrected_at in deleted:
                undo_story_update(self.model, article_id, corrected_at)
        return result


class Correction(models.Model):
    article = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="corrections", verbose_name=_("article")
    )
    text = models.TextField(
        _("text"), help_text=_("What was wrong and what is right, as readers will see it.")
    )
    corrected_at = models.DateTimeField(_("date"), default=timezone.now)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["corrected_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        # Here too, not only in clean(): whatever saves it, its date would be the story's "Updated" time.
        self._refuse_a_date_still_to_come()
        # The story first, so that the page cache's change notice (on this save) comes after both writes.
        with transaction.atomic(using=kwargs.get("using")):
            before = self._as_stored()
            self._update_story()
            super().save(*args, **kwargs)
            if before is not None and before != (self.article_id, self.corrected_at):
                self._undo_story_update(*before)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            before = self._as_stored()
            result = super().delete(*args, **kwargs)
            if before is not None:
                self._undo_story_update(*before)
        return result

    def clean(self):
        self._refuse_a_date_still_to_come()
        self._refuse_a_story_never_published()

    def _refuse_a_story_never_published(self):
        # A correction tells readers what a story they could read got wrong. One given to a draft never
        # published (in the story's form or the corrections admin) would be listed, and dated, once the story
        # comes out, as if readers had read the error: the story itself is what to change. A correction
        # already stored there and left where it is does not stop the story's saves; a story published
        # before and taken down may still be corrected.
        stored = self._as_stored()
        if stored is not None and stored[0] == self.article_id:
            return
        if self.article_id is not None and self.article.published_at is None:
            raise ValidationError(
                _(
                    "This story has not been published yet, so there is nothing to correct for readers: "
                    "change the story itself."
                ),
                code="never_published",
            )

    def _refuse_a_date_still_to_come(self):
        # As a quote's and a source's dates are refused (sourcing.models.sources.not_in_the_future), to the
        # minute: the story's "Updated" line would announce the time.
        now = timezone.now()
        if self.corrected_at is not None and self.corrected_at > now + CLOCK_LEEWAY:
            message = _(
                "This date is still to come (it is now %(now)s): give the time the correction was made."
            )
            raise ValidationError(
                {
                    "corrected_at": ValidationError(
                        message % {"now": date_format(timezone.localtime(now), "DATETIME_FORMAT")},
                        code="in_the_future",
                    )
                }
            )

    def _as_stored(self):
        """The story and time this correction had before this save or delete, or None for a new one."""
        if self.pk is None:
            return None
        return (
            type(self)._default_manager.filter(pk=self.pk).values_list("article_id", "corrected_at").first()
        )

    def _update_story(self):
        """Move the story's `revised_at` on to this correction's time, unless it is later already, or the
        correction predates the story's publication (readers never saw the error)."""
        story = self.article  # the caller's copy: the admin's form saves the story before its corrections
        Article = type(story)
        later = Q(revised_at__isnull=True) | Q(revised_at__lt=self.corrected_at)
        Article.objects.filter(later, pk=story.pk, published_at__lt=self.corrected_at).update(
            revised_at=self.corrected_at
        )
        # The same in the caller's copy, so that saving it again (as the admin does) keeps the new time.
        seen_after_publication = story.published_at and story.published_at < self.corrected_at
        if seen_after_publication and (story.revised_at is None or story.revised_at < self.corrected_at):
            story.revised_at = self.corrected_at

    def _undo_story_update(self, article_id, corrected_at):
        revised_at = undo_story_update(type(self), article_id, corrected_at)
        story = self.article
        if story.pk == article_id and revised_at is not False:  # the caller's copy, as in _update_story
            story.revised_at = revised_at


def undo_story_update(correction_model, article_id, corrected_at):
    """Take back the update a correction dated `corrected_at` gave its story, now that it is moved or gone.

    The rule: `revised_at` is the latest of the story's last substantive update and its corrections made after
    publication (readers never saw an error corrected before). When it is this correction's old time, it came
    from this correction, and becomes the latest of what remains: the story's corrections as they are now, and
    its last substantive update, which only its revisions record (`last_substantive_update`), so it never goes
    back before that. Otherwise something later dates the story and stands. Returns the new `revised_at`, or
    False when it stays.
    """
    Article = correction_model._meta.get_field("article").related_model
    story = Article.objects.filter(pk=article_id, revised_at=corrected_at).only("published_at").first()
    if story is None:
        return False
    remaining = None
    if story.published_at is not None:
        remaining = correction_model._default_manager.filter(
            article_id=article_id, corrected_at__gt=story.published_at
        ).aggregate(latest=Max("corrected_at"))["latest"]
    substantive = last_substantive_update(correction_model, article_id)
    revised_at = max((time for time in (remaining, substantive) if time is not None), default=None)
    Article.objects.filter(pk=article_id).update(revised_at=revised_at)
    return revised_at


def last_substantive_update(correction_model, article_id):
    """When the story was last updated in substance (the admin's "Substantive update"), or None.

    Only its revisions record it: each keeps the story's `revised_at` and its corrections as they stood, so
    the newest revision whose `revised_at` none of its corrections has is dated by an update of the story.
    A revision that did not record its corrections (one still being written, or one from before revisions held
    them: see articles.revisions) cannot tell, and is passed over.
    """
    Article = correction_model._meta.get_field("article").related_model
    revisions = Article.history.filter(id=article_id, revised_at__isnull=False).order_by("-revised_at")
    for revised_at, rows in revisions.values_list("revised_at", "rows"):
        held = rows.get(correction_model._meta.label_lower)
        if held is None:
            continue
        # The revision keeps its corrections as JSON, whose times have milliseconds only.
        if not any(
            abs(parse_datetime(row["fields"]["corrected_at"]) - revised_at) < timedelta(milliseconds=1)
            for row in held
        ):
            return revised_at
    return None
