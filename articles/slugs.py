"""Slugs made on the server: a row saved without a slug gets one from its own text, unique in its table.

A model inherits `SluggedModel`, keeps its own `slug` field (whose max_length bounds the slug) and names the
field its slug is made from in `slug_source`, or overrides `slug_text()` when it is more than one field. The
text is romanized first (articles.text), so a Macedonian headline gives a Latin address.

A renamed slug is remembered (articles.models.OldSlug) when the row is saved, by any path, and the old
address answers with a 301 to the new one: wrap the row's views and feeds in `follows_old_slugs(Model)`.
"""

import functools
import re

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models, transaction
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.text import slug_from_text
from newsroom import surrogate

MADE_FROM_THE_NAME = _("Part of the page's address, made from the name when left empty.")


def slug_field(max_length, help_text=MADE_FROM_THE_NAME):
    """A `SluggedModel`'s slug: optional in every form (the admin's "+" pop-ups too), as saving fills it."""
    return models.SlugField(_("slug"), max_length=max_length, unique=True, blank=True, help_text=help_text)


class SluggedModel(models.Model):
    """A model whose empty `slug` is filled on save from `slug_text()`, with -2, -3... when it is taken."""

    slug_source = "name"  # the field whose text the slug is made from
    remembers_old_slugs = True  # a renamed slug's old address answers with a 301 (articles.models.OldSlug)

    # Deleting a row deletes its old addresses (by any path: the admin, a queryset, a cascade).
    old_slugs = GenericRelation("articles.OldSlug")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_slug()
        update_fields = kwargs.get("update_fields")
        if not self.remembers_old_slugs or (update_fields is not None and "slug" not in update_fields):
            super().save(*args, **kwargs)
            return
        from articles.models.redirects import OldSlug  # here: the models import this module

        with transaction.atomic():  # the old address and the rename are kept together or not at all
            old_slug = None
            if not self._state.adding:
                stored = self._meta.model._default_manager.filter(pk=self.pk)
                old_slug = stored.values_list("slug", flat=True).first()
            OldSlug.objects.slug_changed(self, old_slug)
            super().save(*args, **kwargs)

    def slug_text(self):
        return getattr(self, self.slug_source)

    def fill_slug(self):
        """Give the row a slug if it has none; a save does this, and a save that needs the slug first may too."""
        if not self.slug:
            self.slug = self.unique_slug(self.slug_text())

    def slug_made_from(self, text):
        """Whether the row's slug is the one `unique_slug(text)` makes (with its -2, -3...), not one typed."""
        max_length = self._meta.get_field("slug").max_length
        base = slug_from_text(text, max_length=max_length - 6) or self._meta.model_name
        return bool(re.fullmatch(rf"{re.escape(base)}(-[0-9]+)?", self.slug or ""))

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


def follows_old_slugs(model):
    """Wraps a view (or feed) taking a `slug` of `model`: when it answers 404 and the slug is one a row of
    `model` had before, the answer is a 301 to the same view with the row's slug now, in the same language
    (the address's prefix) and with the same query string."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, slug, **kwargs):
            try:
                response = view(request, *args, slug=slug, **kwargs)
            except Http404:
                moved = _moved(request, model, slug, args, kwargs)
                if moved is None:
                    raise
                return moved
            if response.status_code == 404:
                return _moved(request, model, slug, args, kwargs) or response
            return response

        return wrapped

    return decorator


def _moved(request, model, slug, args, kwargs):
    """A 301 to this view at the address `slug` moved to, or None when no row of `model` had it."""
    from articles.models.redirects import OldSlug  # here: the models import this module

    current = OldSlug.objects.current_slug(model, slug)
    if current is None:
        return None
    url = reverse(request.resolver_match.view_name, args=args, kwargs={**kwargs, "slug": current})
    if request.META.get("QUERY_STRING"):
        url = f"{url}?{request.META['QUERY_STRING']}"
    # Kept by a proxy like a 404: a new section, tag or author may take the old address.
    surrogate.add_keys(request, surrogate.NOT_FOUND)
    return HttpResponsePermanentRedirect(url)
