"""The site's settings: what editors set once for the whole site, in a single row (today the share image),
and the image a story is shared with (its lead image, or else that one).

Public pages without an image of their own read them, so `SiteSettings.objects.current()` keeps the row in
each worker's fragment cache (the one templates' {% cache %} uses) for the current content generation
(newsroom.pagecache): a local-memory read per page, a query once per worker after each content change.
Saving the settings, or the image they name, is a content change (articles is registered as page content).
"""

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from articles.models.images import Image
from newsroom.pagecache.generation import request_generation

SINGLETON_ID = 1


class SiteSettingsManager(models.Manager):
    def current(self):
        """The site's settings, unsaved defaults when editors have set none yet."""
        try:
            key = f"site-settings:{request_generation()}"
        except Exception:
            # The shared cache is away (the page cache logs it): read the row, as fragments are rendered afresh.
            return self._read()
        cache = caches["fragments"]
        found = cache.get(key)
        if found is None:
            found = self._read()
            cache.set(key, found, timeout=getattr(settings, "PAGE_CACHE_TIMEOUT", 3600))
        return found

    def _read(self):
        return self.select_related("share_image").filter(pk=SINGLETON_ID).first() or self.model()


class SiteSettings(models.Model):
    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    share_image = models.ForeignKey(
        Image,
        # An image in use is not deleted from under the site (every page without one would lose it).
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("share image"),
        help_text=_(
            "Shown when a page that has no image of its own is shared or found by search engines: a story "
            "without a lead image, the home page, section pages, the membership page. Best at least 1200 "
            "pixels wide."
        ),
    )

    objects = SiteSettingsManager()

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(id=SINGLETON_ID),
                name="site_settings_single_row",
                violation_error_message=_("The site has one set of settings."),
            )
        ]

    def __str__(self):
        return str(_("Site settings"))

    def clean(self):
        if (
            self.share_image_id
            and not (
                Image.objects.filter(pk=self.share_image_id).values_list("alt_text", flat=True).first() or ""
            ).strip()
        ):
            raise ValidationError(
                {"share_image": _("Describe this image in its alt text first: it is shown with every page.")},
                code="share_image_without_alt_text",
            )


class SharedWithSiteImageMixin:
    """For Article: `image_for_sharing`, the image that stands for the story where it is shared or found
    (og:image, twitter:image, its JSON-LD)."""

    @cached_property
    def image_for_sharing(self):
        # The site's settings are not read when the story has a lead image (the article page's common case).
        return self.lead_image if self.lead_image_id else SiteSettings.objects.current().share_image
