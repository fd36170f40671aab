"""Sourcing as data: where a story's claims come from (sources), who said what (quotes) and who they are.

A Person is shared across stories; their role is stored on each quote, because roles change and a page must
show the role a person had when they spoke. A quote's source must be one of its own article's sources: the
model validates it, and the database refuses it too (see migration 0002).

What readers may see is decided at query time from the article (`Article.objects.published()`), so a quote
appears and disappears with its story. An anonymous source's justification is for staff only.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Problem
from articles.slugs import SluggedModel
from newsroom.addresses import cached_reverse
from newsroom.choices import choice_label

# `[quote 12]` in an article's body places quote 12 there as a pull quote (plain text survives the sanitizer).
SHORTCODE_RE = re.compile(r"\[quote(?:\s|&nbsp;|\xa0)+(\d{1,12})\]", re.IGNORECASE)

wikidata_id_validator = RegexValidator(
    r"^Q[1-9][0-9]*$", _("A Wikidata ID is a Q followed by digits, e.g. Q42."), code="wikidata_id"
)


class Event(SluggedModel):
    """A press conference, summit or hearing that several sources and quotes come from."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
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


class Person(SluggedModel):
    """Someone quoted in our stories; one entry per person, shared across stories."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    wikidata_id = models.CharField(
        _("Wikidata ID"),
        max_length=20,
        blank=True,
        validators=[wikidata_id_validator],
        help_text=_("Optional, e.g. Q42: tells search engines exactly who this is."),
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


class SourceQuerySet(models.QuerySet):
    def public(self, at=None):
        """Sources of stories readers may see at `at` (now by default)."""
        return self.filter(article__in=Article.objects.published(at))


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
    on_record = models.BooleanField(
        _("on the record"),
        default=True,
        help_text=_(
            "Untick when the source may not be named: readers then see “anonymous source” and the public "
            "description only."
        ),
    )
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
                condition=~Q(kind="anonymous") | Q(on_record=False),
                name="source_anonymous_kind_not_on_record",
                violation_error_message=_("An anonymous source cannot be on the record."),
            ),
        ]

    def __str__(self):
        return self.public_label

    def clean(self):
        if self.kind == self.Kind.ANONYMOUS and self.on_record:
            raise ValidationError(
                {"on_record": _("An anonymous source cannot be on the record: untick “on the record”.")},
                code="anonymous_on_record",
            )

    def get_kind_display(self):
        return choice_label(self.Kind, self.kind)

    @property
    def is_anonymous(self):
        return not self.on_record

    @property
    def public_label(self):
        """How readers see this source: its description, or “anonymous source” and the public description."""
        if self.is_anonymous:
            if self.public_description:
                return gettext("Anonymous source: %(description)s") % {"description": self.public_description}
            return gettext("Anonymous source")
        return self.description

    @property
    def anchor(self):
        return f"source-{self.pk}"


class QuoteQuerySet(models.QuerySet):
    def public(self, at=None):
        """Quotes from stories readers may see at `at` (now by default)."""
        return self.filter(article__in=Article.objects.published(at))

    def for_display(self):
        """With speaker, source, events and story, without a query per quote. Not the story's body nor
        its search document: a quote shows its story's headline and date, and those two columns are
        about 10 KB a story in the benchmark's data (the search document read from out-of-line storage)."""
        return self.select_related("speaker", "source", "source__event", "article", "event").defer(
            "article__body", "article__search_document"
        )

    def newest_first(self):
        """When it was said, or else when the story appeared; a story's quotes in their order."""
        return self.order_by(
            Coalesce("said_on", TruncDate("article__published_at")).desc(),
            F("article__published_at").desc(nulls_last=True),
            "article_id",
            "position",
            "pk",
        )

    def by_speaker(self, person, at=None):
        """A speaker's public quotes, newest first, ready to list without a query per quote."""
        return self.public(at).filter(speaker=person).for_display().newest_first()

    def search(self, terms):
        """Quotes whose words or speaker match `terms`: full-text on PostgreSQL, substrings elsewhere."""
        terms = terms.strip()
        if not terms:
            return self
        if connections[self.db].vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

            # "simple": the newsroom writes in Macedonian, Albanian and English, and PostgreSQL has no
            # Macedonian or Albanian dictionary; the simple configuration treats all three alike.
            vector = (
                SearchVector("text", weight="A", config="simple")
                + SearchVector("speaker__name", weight="A", config="simple")
                + SearchVector("original_text", weight="B", config="simple")
                + SearchVector("speaker_role", weight="C", config="simple")
            )
            query = SearchQuery(terms, search_type="websearch", config="simple")
            return (
                self.annotate(search_document=vector, search_rank=SearchRank(vector, query))
                .filter(search_document=query)
                .order_by("-search_rank", "-article__published_at", "pk")
            )
        matches = Q()
        for word in terms.split():
            matches &= (
                Q(text__icontains=word)
                | Q(original_text__icontains=word)
                | Q(speaker__name__icontains=word)
                | Q(speaker_role__icontains=word)
            )
        return self.filter(matches)


class Quote(models.Model):
    """Words someone said, as they appear in a story, with who said them, in what role and from which source."""

    class Kind(models.TextChoices):
        DIRECT = "direct", _("Direct quote")
        PARAPHRASE = "paraphrase", _("Paraphrase")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("article")
    )
    speaker = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("speaker"),
        help_text=_(
            "Leave empty only when the speaker is an anonymous source: never store an anonymous source's name."
        ),
    )
    speaker_role = models.CharField(
        _("role at the time"),
        max_length=200,
        blank=True,
        help_text=_("The speaker's role when they said it, e.g. “US Secretary of Defense”."),
    )
    text = models.TextField(_("words"), help_text=_("As published in the story, translated if need be."))
    original_text = models.TextField(
        _("original words"), blank=True, help_text=_("When the quote is translated: the words as spoken.")
    )
    original_language = models.CharField(
        _("original language"),
        max_length=12,
        blank=True,
        help_text=_("Language code of the original words, e.g. uk, de, sq."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DIRECT)
    source = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("source"),
        help_text=_("One of this story's sources. Required to publish."),
    )
    said_on = models.DateField(_("said on"), null=True, blank=True)
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("event"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        indexes = [models.Index(fields=["speaker", "-said_on"], name="quote_speaker_said_on")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="quote_has_words", violation_error_message=_("Quote the words.")
            ),
            models.CheckConstraint(
                condition=Q(original_text="", original_language="")
                | (~Q(original_text="") & ~Q(original_language="")),
                name="quote_original_words_with_language",
                violation_error_message=_("Give both the original words and their language, or neither."),
            ),
        ]

    def __str__(self):
        words = Truncator(self.text).chars(60)
        return f"{self.speaker.name}: “{words}”" if self.speaker_id else f"“{words}”"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def clean(self):
        errors = {}
        if self.source_id is not None and self.source.article_id != self.article_id:
            errors["source"] = ValidationError(
                _("Choose one of this story's own sources."), code="source_from_another_article"
            )
        if self.original_text.strip() and not self.original_language.strip():
            errors["original_language"] = ValidationError(
                _("Say which language the original words are in."), code="original_language_missing"
            )
        if self.original_language.strip() and not self.original_text.strip():
            errors["original_text"] = ValidationError(
                _("Give the original words, or clear the original language."), code="original_text_missing"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def shortcode(self):
        return f"[quote {self.pk}]" if self.pk else ""

    @property
    def anchor(self):
        return f"quote-{self.pk}"

    @property
    def is_translated(self):
        return bool(self.original_text)

    @property
    def attribution(self):
        """Who said it, as readers see it: the speaker and their role then, or the anonymous source."""
        if self.speaker_id:
            if self.speaker_role:
                return f"{self.speaker.name}, {self.speaker_role}"
            return self.speaker.name
        if self.source_id:
            return self.source.public_label
        return ""


def _label(text, length=50):
    return Truncator(" ".join(text.split())).chars(length)


def sourcing_problems(article):
    """What the story's sourcing lacks to be published, naming each quote and source; empty when ready.

    Registered in `articles.models.PUBLISH_CHECKS`, so the same check runs when a reporter submits for review
    and when an editor publishes or schedules.
    """
    if article.pk is None:
        return []
    problems = []
    sources = list(article.sources.all())
    by_pk = {source.pk: source for source in sources}
    for number, source in enumerate(sources, start=1):
        name = _label(source.public_description or source.description)
        if source.is_anonymous and not source.justification.strip():
            problems.append(
                Problem(
                    gettext(
                        "Source %(number)d (“%(name)s”) is anonymous: write down why it cannot be named "
                        "(only staff see the justification)."
                    )
                    % {"number": number, "name": name},
                    inline="sources",
                    row=number - 1,
                )
            )
        if source.is_anonymous and not source.public_description.strip():
            problems.append(
                Problem(
                    gettext(
                        "Source %(number)d (“%(name)s”) is anonymous: describe it for readers, e.g. “a senior "
                        "official at the ministry”."
                    )
                    % {"number": number, "name": name},
                    inline="sources",
                    row=number - 1,
                )
            )
    quotes = list(article.quotes.all())
    for number, quote in enumerate(quotes, start=1):
        words = _label(quote.text)
        if quote.source_id is None:
            problems.append(
                Problem(
                    gettext(
                        "Quote %(number)d (“%(words)s”) has no source: choose one of the story's sources."
                    )
                    % {"number": number, "words": words},
                    inline="quotes",
                    row=number - 1,
                )
            )
        elif quote.source_id not in by_pk:
            problems.append(
                Problem(
                    gettext("Quote %(number)d (“%(words)s”) names a source of another story.")
                    % {"number": number, "words": words},
                    inline="quotes",
                    row=number - 1,
                )
            )
        source = by_pk.get(quote.source_id)
        if quote.speaker_id is None and not (source and source.is_anonymous):
            problems.append(
                Problem(
                    gettext(
                        "Quote %(number)d (“%(words)s”) has no speaker: only an anonymous source's quote may "
                        "leave it empty."
                    )
                    % {"number": number, "words": words},
                    inline="quotes",
                    row=number - 1,
                )
            )
    own = {quote.pk for quote in quotes}
    for match in SHORTCODE_RE.finditer(article.body or ""):
        if int(match.group(1)) not in own:
            problems.append(
                Problem(
                    gettext("The body places %(shortcode)s, which is not one of this story's quotes.")
                    % {"shortcode": match.group(0)},
                    field="body",
                )
            )
    return problems
