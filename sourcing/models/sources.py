"""Sources: where something in a story comes from, named for readers or kept anonymous with a reason for staff."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from newsroom.choices import choice_label
from sourcing.models.events import Event

WORD = re.compile(r"\w{3,}")


def not_in_the_future(day, message):
    """A ValidationError for a day after today in the site's time zone (what a story rests on has happened)."""
    today = timezone.localdate()
    if day is not None and day > today:
        return ValidationError(message % {"today": date_format(today, "DATE_FORMAT")}, code="in_the_future")
    return None


def _words(text):
    return {word.casefold() for word in WORD.findall(text)}


class SourceQuerySet(models.QuerySet):
    def public(self, at=None):
        """Sources of stories readers may see at `at` (now by default)."""
        return self.filter(article__in=Article.objects.published(at))


# How the panel names each kind of source: with its outlet, and without one. A kind without a phrase with an
# outlet never names one (an eyewitness, media reports in general).
KIND_PHRASES = {
    "own_interview": (_("Our interview with %(outlet)s"), _("Our own interview")),
    "interview_elsewhere": (_("Interview given to %(outlet)s"), _("Interview given to another outlet")),
    "press_conference": (_("Press conference by %(outlet)s"), _("Press conference")),
    "statement": (_("Statement by %(outlet)s"), _("Public statement")),
    "document": (_("Document from %(outlet)s"), _("Official document")),
    "agency_report": (_("Report by %(outlet)s"), _("News agency report")),
    "outlet_report": (_("Report by %(outlet)s"), _("Another outlet's report")),
    "social_media": (_("Post on %(outlet)s"), _("Social media post")),
    "data_set": (_("Data from %(outlet)s"), _("Data set")),
    "eyewitness": ("", _("Eyewitness account")),
    "media_reports": ("", _("According to media reports")),
}


class Source(models.Model):
    """Where something in a story comes from: an interview, a press conference, a document, a report…"""

    class Kind(models.TextChoices):
        OWN_INTERVIEW = "own_interview", _("Our own interview")
        INTERVIEW_ELSEWHERE = "interview_elsewhere", _("Interview given to another outlet")
        PRESS_CONFERENCE = "press_conference", _("Press conference")
        STATEMENT = "statement", _("Public statement")
        DOCUMENT = "document", _("Official document")
        AGENCY_REPORT = "agency_report", _("News agency report")
        OUTLET_REPORT = "outlet_report", _("Another outlet's report")
        SOCIAL_MEDIA = "social_media", _("Social media post")
        DATA_SET = "data_set", _("Data set")
        EYEWITNESS = "eyewitness", _("Eyewitness")
        MEDIA_REPORTS = "media_reports", _("Unnamed media reports (“according to the media”)")
        ANONYMOUS = "anonymous", _("Anonymous source")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="sources", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    description = models.CharField(
        _("description"),
        max_length=300,
        help_text=_(
            "What the source is, e.g. “Interview given to Reuters”. For an anonymous source only staff see it."
        ),
    )
    outlet = models.CharField(
        _("outlet or organization"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Reuters, Ministry of Health."),
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    archived_url = models.URLField(
        _("archived link"),
        max_length=500,
        blank=True,
        help_text=_("A copy that will not change or disappear, e.g. on the Wayback Machine."),
    )
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("When it was published or held."))
    # Follows the kind (save): an anonymous source is the only one not on the record. Kept as a column for
    # the readers' pages, the JSON export and the database's check.
    on_record = models.BooleanField(_("on the record"), default=True, editable=False)
    public_description = models.CharField(
        _("public description"),
        max_length=300,
        blank=True,
        help_text=_("For an anonymous source, what readers see, e.g. “a senior official at the ministry”."),
    )
    justification = models.TextField(
        _("justification for anonymity"),
        blank=True,
        help_text=_(
            "Why this source cannot be named and how we verified it. Seen only by staff; required to publish."
        ),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("event"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            # The target of the composite foreign key that keeps a quote's source within its article.
            models.UniqueConstraint(fields=["id", "article"], name="source_id_article"),
            models.CheckConstraint(
                condition=Q(kind="anonymous", on_record=False) | (~Q(kind="anonymous") & Q(on_record=True)),
                name="source_on_record_unless_anonymous",
                violation_error_message=_("Only an anonymous source is off the record."),
            ),
        ]

    def __str__(self):
        return self.public_label

    def save(self, *args, **kwargs):
        self.on_record = self.kind != self.Kind.ANONYMOUS
        super().save(*args, **kwargs)
        if self.pk is not None:
            # A quote's event is its source's: asked once, on the source.
            self.quotes.exclude(event_id=self.event_id).update(event_id=self.event_id)

    def clean(self):
        self.on_record = self.kind != self.Kind.ANONYMOUS
        error = not_in_the_future(
            self.date,
            _("This date is still to come (today is %(today)s): give the day it was published or held."),
        )
        if error:
            raise ValidationError({"date": error})

    def get_kind_display(self):
        return choice_label(self.Kind, self.kind)

    @property
    def is_anonymous(self):
        return not self.on_record

    @property
    def public_label(self):
        """How readers see this source, in words an editor would write whatever was typed: for a named source,
        what kind of source it is and whose (“Interview given to Reuters”), and the description when it says
        more (“Report by Reuters: Pentagon weighs new aid”), or the description alone when it already says
        it all (“Press conference after the Ramstein meeting”); for an anonymous one, “Anonymous source” and
        the public description only."""
        if self.is_anonymous:
            if self.public_description:
                return gettext("Anonymous source: %(description)s") % {"description": self.public_description}
            return gettext("Anonymous source")
        kind = self.kind_phrase
        description = " ".join(self.description.split())
        if not description or _words(description) <= _words(kind):
            return kind
        if _words(kind) <= _words(description):
            return description
        return gettext("%(kind)s: %(description)s") % {"kind": kind, "description": description}

    @property
    def kind_phrase(self):
        """The kind of source as a reader reads it, naming the outlet when the kind has one."""
        outlet = " ".join(self.outlet.split())
        with_outlet, alone = KIND_PHRASES.get(self.kind, (None, None))
        if with_outlet is None:
            return self.get_kind_display()
        if outlet and with_outlet:
            return str(with_outlet) % {"outlet": outlet}
        return str(alone)

    @property
    def anchor(self):
        return f"source-{self.pk}"
