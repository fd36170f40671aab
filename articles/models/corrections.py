"""Corrections: what a story got wrong and what is right, shown on it and in the public list."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Correction(models.Model):
    article = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="corrections", verbose_name=_("article")
    )
    text = models.TextField(
        _("text"), help_text=_("What was wrong and what is right, as readers will see it.")
    )
    corrected_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        ordering = ["corrected_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"
