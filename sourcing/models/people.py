"""People quoted in our stories: one entry per person, shared across stories, linked to Wikidata."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.slugs import SluggedModel, slug_field
from newsroom.addresses import cached_reverse

wikidata_id_validator = RegexValidator(
    r"^Q[1-9][0-9]*$", _("A Wikidata ID is a Q followed by digits, e.g. Q42."), code="wikidata_id"
)


class Person(SluggedModel):
    """Someone quoted in our stories; one entry per person, shared across stories."""

    name = models.CharField(_("name"), max_length=200)
    slug = slug_field(200)
    wikidata_id = models.CharField(
        _("Wikidata ID"),
        max_length=20,
        blank=True,
        validators=[wikidata_id_validator],
        help_text=_("Optional, e.g. Q42: tells search engines exactly who this is."),
    )
    current_role = models.CharField(
        _("current role"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “US Secretary of Defense”: fills in a new quote's role at the time."),
    )
    bio = models.TextField(
        _("short biography"), blank=True, help_text=_("One or two sentences, shown to readers.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="person_wikidata_id_once",
                violation_error_message=_("Another person already has this Wikidata ID."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("sourcing:person", kwargs={"slug": self.slug})

    @property
    def wikidata_url(self):
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""
