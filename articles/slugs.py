"""Slugs made on the server: a row saved without a slug gets one from its own text, unique in its table.

A model inherits `SluggedModel`, keeps its own `slug` field (whose max_length bounds the slug) and names the
field its slug is made from in `slug_source`, or overrides `slug_text()` when it is more than one field. The
text is romanized first (articles.text), so a Macedonian headline gives a Latin address.
"""

from django.db import models

from articles.text import slug_from_text


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
