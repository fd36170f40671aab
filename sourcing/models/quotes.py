"""Quotes: words someone said in a story, with who said them, in what role and from which of its sources."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.editions import edition_of
from articles.models import Article
from sourcing.models.events import Event
from sourcing.models.people import Person
from sourcing.models.sources import Source, not_in_the_future

# `[quote 12]` in an article's body places quote 12 there as a pull quote (plain text survives the sanitizer).
# A speaker is found by their name in any language (sourcing.translation): a Macedonian reader types the
# name the Macedonian edition shows, "Ѓорѓиев", not the default language's "Gjorgjiev".
SPEAKER_NAMES = [f"speaker__name_{code}" for code, _name in settings.LANGUAGES]

SHORTCODE_RE = re.compile(r"\[quote(?:\s|&nbsp;|\xa0)+(\d{1,12})\]", re.IGNORECASE)


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
        """When it was said, or else the date of its source (the report or interview it comes from), or else
        when the story appeared, as each quote shows its date; a story's quotes in their order."""
        return self.order_by(
            Coalesce("said_on", "source__date", TruncDate("article__published_at")).desc(),
            F("article__published_at").desc(nulls_last=True),
            "article_id",
            "position",
            "pk",
        )

    def in_edition(self, edition=None):
        """Quotes from the stories of an edition (articles.editions): the active language's by default."""
        return self.filter(article__language=edition_of(edition))

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
                + SearchVector(*SPEAKER_NAMES, weight="A", config="simple")
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
            in_a_name = Q()
            for name in SPEAKER_NAMES:
                in_a_name |= Q(**{f"{name}__icontains": word})
            matches &= (
                Q(text__icontains=word)
                | Q(original_text__icontains=word)
                | in_a_name
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

    def save(self, *args, **kwargs):
        # Asked once: the event is the source's, and the role, when left empty, the speaker's current one.
        if self.source_id is not None:
            self.event_id = self.source.event_id
        if not self.speaker_role and self.speaker_id is not None:
            self.speaker_role = self.speaker.current_role
        super().save(*args, **kwargs)

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
        said_later = not_in_the_future(
            self.said_on,
            _("This date is still to come (today is %(today)s): give the day the words were said."),
        )
        if said_later:
            errors["said_on"] = said_later
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
