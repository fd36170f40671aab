"""Old addresses: the slugs a published story had before, each answering with a 301 to its page."""

from django.db import models
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
