"""Old addresses: the slugs a published story, or a section, tag, author, person or event had before, each
answering with a 301 to its page."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _


class ArticleSlugRedirect(models.Model):
    """An address a published story had before its slug changed; it answers with a 301."""

    old_slug = models.SlugField(max_length=220, unique=True)
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.old_slug

    def get_absolute_url(self):
        return self.article.get_absolute_url()


class OldSlugManager(models.Manager):
    def slug_changed(self, row, old_slug):
        """Record that `row` (a SluggedModel, about to be saved) had `old_slug` (None: a new row) and now has
        `row.slug`.

        The new slug stops being anyone's old one (a slug renamed back is live again; a slug another row
        had before now belongs to this row), so an old address never leads to a row that has it no longer,
        nor round in a loop.
        """
        if old_slug == row.slug:
            return  # unchanged: a live slug is no one's old one already
        content_type = ContentType.objects.get_for_model(row)
        self.filter(content_type=content_type, old_slug=row.slug).delete()
        if old_slug:
            self.update_or_create(
                content_type=content_type, old_slug=old_slug, defaults={"object_id": row.pk}
            )

    def current_slug(self, model, old_slug):
        """The slug of the `model` row that had `old_slug` before, or None: one query."""
        moved_to = self.filter(
            content_type=ContentType.objects.get_for_model(model), old_slug=old_slug
        ).values("object_id")[:1]
        return model._default_manager.filter(pk=Subquery(moved_to)).values_list("slug", flat=True).first()


class OldSlug(models.Model):
    """An address a section, tag, author, person or event had before its slug changed; it answers with a 301.

    One table for every `articles.slugs.SluggedModel` (stories keep theirs in ArticleSlugRedirect, as only a
    published story's old address is worth keeping). Rows are written by SluggedModel.save(), so a rename
    in the admin, the shell or a command is remembered alike.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("kind"))
    object_id = models.PositiveBigIntegerField(_("row"))
    row = GenericForeignKey("content_type", "object_id")
    old_slug = models.SlugField(_("old slug"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OldSlugManager()

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "old_slug"], name="old_slug_once_per_kind"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="old_slug_row")]

    def __str__(self):
        return self.old_slug
