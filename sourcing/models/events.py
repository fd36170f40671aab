"""Events: a press conference, summit or hearing that several sources and quotes come from."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.slugs import SluggedModel, slug_field
from newsroom.addresses import cached_reverse


class Event(SluggedModel):
    """A press conference, summit or hearing that several sources and quotes come from."""

    name = models.CharField(_("name"), max_length=200)
    slug = slug_field(
        200, help_text=_("Part of the page's address, made from the name and date when left empty.")
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("City, building or venue."))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-date", "name"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return f"{self.name} ({self.date:%Y-%m-%d})"

    def slug_text(self):
        return f"{self.name} {self.date:%Y-%m-%d}"  # the same event is held again on other days

    def get_absolute_url(self):
        return cached_reverse("sourcing:event", kwargs={"slug": self.slug})
