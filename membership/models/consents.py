"""What readers agree to: each version of a consent text, and each consent a member gave or withdrew."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from membership.models.members import Member


class ConsentText(models.Model):
    """One version of a consent text. Versions are never edited: a changed text is a new version.

    A text is in one language, or in none (shown to readers of every language that has no text of its own),
    so a reader agrees to words they can read. Versions are numbered per kind across languages, so a
    kind's version number names one text; a changed policy needs a new version in each language.
    """

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("Privacy policy")
        NEWSLETTER = "newsletter", _("Newsletter")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leave empty for the text shown in every language that has no consent text of its own."),
    )
    version = models.PositiveIntegerField(_("version"), editable=False)
    text = models.TextField(_("text"), help_text=_("Exactly what the reader reads next to the checkbox."))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["kind", "-version"]
        get_latest_by = "version"
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="consenttext_unique_version")]

    def __str__(self):
        language = f" ({self.language})" if self.language else ""
        return f"{self.get_kind_display()} v{self.version}{language}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A consent text is never changed: publish a new version."))
        super().save(*args, **kwargs)

    @classmethod
    def current(cls, kind, language=""):
        """The newest version of `kind` in `language`, else the newest for every language."""
        return cls.current_texts(language).get(kind)

    @classmethod
    def current_texts(cls, language=""):
        """The newest version of each kind for readers of `language`, in one query (a handful of versions
        a year: few rows)."""
        newest = {}
        for text in cls.objects.filter(language__in={language, ""}).order_by("kind", "-version"):
            # A text in the reader's language wins over a newer one for every language.
            if text.kind not in newest or (text.language and not newest[text.kind].language):
                newest[text.kind] = text
        return newest

    @classmethod
    def publish(cls, *, kind, text, language="", by=None):
        """Store `text` as the next version of `kind` in `language`, unless it is that language's current
        text already."""
        current = cls.objects.filter(kind=kind, language=language).order_by("-version").first()
        if current and current.text.strip() == text.strip():
            return current
        newest = cls.objects.filter(kind=kind).aggregate(newest=models.Max("version"))["newest"] or 0
        return cls.objects.create(
            kind=kind, language=language, text=text.strip(), version=newest + 1, created_by=by
        )


class ConsentRecord(models.Model):
    """That a member gave or withdrew one consent, with the exact text version, the time and the channel."""

    class Channel(models.TextChoices):
        JOIN_FORM = "join_form", _("Membership page form")
        ARTICLE_FORM = "article_form", _("Article appeal form")
        MANAGE_PAGE = "manage_page", _("Membership management page")
        STAFF = "staff", _("Recorded by staff")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="consents", verbose_name=_("member")
    )
    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, verbose_name=_("text version"))
    given = models.BooleanField(_("given"), help_text=_("False when the member withdrew it."))
    at = models.DateTimeField(_("when"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
        help_text=_("The staff member who recorded it, when the member told staff rather than a form."),
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.consent_text} {'given' if self.given else 'withdrawn'}"
