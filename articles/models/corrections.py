"""Corrections: what a story got wrong and what is right, shown on it and in the public list.

A correction updates its story: saving one moves the story's `revised_at` (its "Updated" line, dateModified,
the sitemap's lastmod and the feeds' updated dates) on to the correction's time, whichever path saves it
(the story's form, the corrections admin, the shell).
"""

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CorrectionQuerySet(models.QuerySet):
    def for_readers(self, edition=None):
        """The corrections of the stories readers may see in an edition (the active language's by default)."""
        stories = self.model._meta.get_field("article").related_model.objects.published().in_edition(edition)
        return self.filter(article__in=stories)


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
        # The story first, so that the page cache's change notice (on this save) comes after both writes.
        with transaction.atomic(using=kwargs.get("using")):
            self._update_story()
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"

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
