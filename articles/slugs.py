"""Slugs made on the server: a row saved without a slug gets one from its own text, unique in its table.

A model inherits `SluggedModel`, keeps its own `slug` field (whose max_length bounds the slug) and names the
field its slug is made from in `slug_source`, or overrides `slug_text()` when it is more than one field. The
text is romanized first (articles.text), so a Macedonian headline gives a Latin address.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.text import slug_from_text

MADE_FROM_THE_NAME = _("Part of the page's address, made from the name when left empty.")


def slug_field(max_length, help_text=MADE_FROM_THE_NAME):
    """A `SluggedModel`'s slug: optional in every form (the admin's "+" pop-ups too), as saving fills it."""
    return models.SlugField(_("slug"), max_length=max_length, unique=True, blank=True, help_text=help_text)


class SluggedModel(models.Model):
    """A model whose empty `slug` is filled on save from `slug_text()`, with -2, -3... when it is taken."""

    slug_source = "name"  # the field whose text the slug is made from

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_slug()
        super().save(*args, **kwargs)

    def slug_text(self):
        return getattr(self, self.slug_source)

    def fill_slug(self):
        """Give the row a slug if it has none; a save does this, and a save that needs the slug first may too."""
        if not self.slug:
            self.slug = self.unique_slug(self.slug_text())

    def unique_slug(self, text):
        """A slug for `text` that no other row of this model has, adding -2, -3... when needed."""
        model = self._meta.model
        max_length = self._meta.get_field("slug").max_length
        base = slug_from_text(text, max_length=max_length - 6) or self._meta.model_name
        others = model._default_manager.filter(slug__startswith=base)
        if self.pk is not None:
            others = others.exclude(pk=self.pk)
        taken = set(others.values_list("slug", flat=True))
        candidate, counter = base, 2
        while candidate in taken:
            candidate = f"{base}-{counter}"
            counter += 1
        return candidate
