"""The reader appeal at the end of every story."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class ReaderAppealQuerySet(models.QuerySet):
    def for_language(self, language):
        """The appeal shown under a story in `language`: the newest active one in it, else a general one."""
        # Descending language puts the story's language before the blank (every-language) appeals.
        return (
            self.filter(is_active=True, language__in=[language, ""])
            .order_by("-language", "-updated_at")
            .first()
        )


class ReaderAppeal(models.Model):
    """The reader-support appeal at the end of every article; the newest active one is shown.

    It began in the articles app, and its table kept that name when it moved here (migration
    membership 0007): no table to rename while the site runs.
    """

    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"))
    button_label = models.CharField(_("button label"), max_length=60, default="Become a member")
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Article.Language.choices,
        blank=True,
        help_text=_("Leave empty to show it in every language without its own appeal."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReaderAppealQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("reader appeal")
        verbose_name_plural = _("reader appeals")
        db_table = "articles_readerappeal"

    def __str__(self):
        return self.heading

    def get_absolute_url(self):
        return reverse("membership:join")
