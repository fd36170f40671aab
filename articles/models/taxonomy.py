"""What stories are filed under: sections (the menu, one per story) and tags (any number)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.slugs import SluggedModel, slug_field
from newsroom.addresses import cached_reverse


class Section(SluggedModel):
    name = models.CharField(_("name"), max_length=100)
    slug = slug_field(100)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Lower numbers come first."))

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("articles:section", kwargs={"slug": self.slug})


class Tag(SluggedModel):
    # A tag's name is unique in each language, name_en, name_mk... (articles.translation), not as `name`:
    # once names have languages that column holds whichever the row was last saved in.
    name = models.CharField(_("name"), max_length=100)
    slug = slug_field(100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(fields=[f"name_{code}"], name=f"tag_name_{code}_unique")
            for code, _language in settings.LANGUAGES
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("articles:tag", kwargs={"slug": self.slug})
