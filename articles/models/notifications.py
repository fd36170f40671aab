"""The emails owed to staff about their stories' steps through the desk, and the language each person reads.

A row is written in the same transaction as the status change that causes it (articles.notifications) and
sent by the task queue (articles.tasks); `sent_at` makes sending idempotent when a task runs twice.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoryNotification(models.Model):
    """An email owed to one staff member about a story: submitted for review (to the editors), published or
    scheduled, or sent back to draft with a note (to its reporters)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        RETURNED = "returned", _("Sent back to draft")

    article = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="notifications", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.TextField(_("note to the reporter"), blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    gave_up = models.BooleanField(_("gave up"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("story email")
        verbose_name_plural = _("story emails")

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient_id}"


class StaffLanguage(models.Model):
    """The language a staff member last worked in on the desk (the admin follows their browser's), so that
    the desk's emails reach them in it. Remembered each time they move a story."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="desk_language",
        verbose_name=_("user account"),
    )
    language = models.CharField(_("language"), max_length=7)
    updated_at = models.DateTimeField(_("last seen"), auto_now=True)

    class Meta:
        verbose_name = _("staff language")
        verbose_name_plural = _("staff languages")

    def __str__(self):
        return f"{self.user_id}: {self.language}"
