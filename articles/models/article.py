"""The story: what it says, how it is filed and illustrated, its status, and what it lacks to be published."""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field
from simple_history.models import HistoricalRecords

from articles import revisions
from articles.body_images import render_body
from articles.models.authors import ArticleAuthor, Author
from articles.models.images import Image
from articles.models.problems import PUBLISH_CHECKS, Problem
from articles.models.queries import ArticleManager
from articles.models.redirects import ArticleSlugRedirect
from articles.models.site import SharedWithSiteImageMixin
from articles.models.taxonomy import Section, Tag
from articles.models.translations import TranslatedStoryMixin, read_translations_with_the_page
from articles.sanitizer import sanitize_html
from articles.slugs import SluggedModel, slug_field
from articles.text import typographic_quotes
from articles.video import parse_video, video_embed_url
from newsroom.addresses import cached_reverse
from newsroom.choices import choice_label


class Article(TranslatedStoryMixin, SharedWithSiteImageMixin, SluggedModel):
    slug_source = "headline"
    remembers_old_slugs = False  # only a published story's old slugs are kept, in ArticleSlugRedirect

    class Kicker(models.TextChoices):
        NEWS = "news", _("News")
        ANALYSIS = "analysis", _("Analysis")
        OPINION = "opinion", _("Opinion")
        INTERVIEW = "interview", _("Interview")
        EXPLAINER = "explainer", _("Explainer")
        SPONSORED = "sponsored", _("Sponsored")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    class Language(models.TextChoices):
        MACEDONIAN = "mk", _("Macedonian")
        ALBANIAN = "sq", _("Albanian")
        ENGLISH = "en", _("English")

    headline = models.CharField(_("headline"), max_length=200)
    slug = slug_field(
        220, help_text=_("Made from the headline when left empty. Changing it keeps the old address working.")
    )
    kicker = models.CharField(_("label"), max_length=20, choices=Kicker.choices, default=Kicker.NEWS)
    standfirst = models.TextField(_("standfirst"), blank=True, help_text=_("The summary under the headline."))
    body = CKEditor5Field(_("body"), blank=True, config_name="article")
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("section"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    authors = models.ManyToManyField(
        Author, through=ArticleAuthor, blank=True, related_name="articles", verbose_name=_("authors")
    )
    byline_override = models.CharField(
        _("byline override"),
        max_length=200,
        blank=True,
        help_text=_("Free text shown instead of the authors, e.g. for a guest contributor."),
    )
    dateline = models.CharField(
        _("dateline"), max_length=100, blank=True, help_text=_("Where it was reported.")
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    lead_image = models.ForeignKey(
        Image,
        # An image in use is not deleted from under a story (a live story would silently lose it).
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead image"),
    )
    video_url = models.URLField(
        _("video"),
        blank=True,
        help_text=_("A YouTube or Vimeo address; it is played without tracking cookies."),
    )
    is_video_of_the_day = models.BooleanField(_("video of the day"), default=False)
    # The video's still, fetched after a save (articles.video_poster), of the video at `video_poster_of`.
    video_poster = models.ForeignKey(
        Image,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("video poster"),
    )
    video_poster_of = models.URLField(_("video of the poster"), blank=True, editable=False)
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)
    canonical_url = models.URLField(
        _("canonical URL"), blank=True, help_text=_("Only for stories first published elsewhere.")
    )

    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_(
            "The story this one translates, in another edition. Readers of each are offered the other."
        ),
    )

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("last saved"), auto_now=True)
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("First publication. For a scheduled story, the time it will appear by itself."),
    )
    revised_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        help_text=_("Last substantive update, shown to readers as “Updated”."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_("Optional: the story disappears by itself at this time."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Signed into every shared preview link (articles.preview): raising it revokes the links made before.
    preview_generation = models.PositiveIntegerField(
        _("preview link generation"),
        default=0,
        editable=False,
        help_text=_("Raised when an editor revokes the story's shared preview links."),
    )

    # What site search looks in (article_search_vector()), stored by a PostgreSQL trigger (migration 0005)
    # so that ranking reads it instead of parsing each body again; empty on other databases.
    search_document = SearchVectorField(_("search document"), null=True, editable=False)

    # Each revision keeps the tags, the byline (authors in order) and the registered related rows (sources,
    # quotes, corrections) as they stood after the whole save: see articles.revisions.
    history = HistoricalRecords(
        m2m_fields=[tags, authors],
        excluded_fields=[
            "modified_at",
            "search_document",
            "preview_generation",
            "video_poster",
            "video_poster_of",
        ],
        bases=[revisions.RevisionRows],
    )
    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        # "Story", as every button and message of the admin says ("Articles › Articles" read the breadcrumbs).
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish stories")),
            ("edit_any_article", _("Can edit any story, not only their own drafts")),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            # A section page counts its stories to number its pages: with the status and expiry in the
            # index too, PostgreSQL counts from the index alone (2 ms against 39 for 12,500 stories).
            models.Index(
                fields=["section", "-published_at", "status", "unpublish_at"], name="article_section_listing"
            ),
            models.Index(fields=["language", "-published_at"], name="article_language_published"),
            models.Index(fields=["-published_at"], name="article_published"),
            # The page cache asks for the next story to expire (ArticleQuerySet.next_scheduled_change).
            models.Index(
                fields=["unpublish_at"], name="article_unpublish_at", condition=Q(unpublish_at__isnull=False)
            ),
            # The home page's video of the day: without it, finding none reads every story.
            models.Index(
                fields=["-published_at"],
                name="article_video_of_the_day",
                condition=Q(is_video_of_the_day=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["published", "scheduled"]) | Q(published_at__isnull=False),
                name="article_public_has_publish_time",
                violation_error_message=_("A published or scheduled story needs a publication time."),
            ),
            # A story and its translations: one story per edition, and a story does not translate itself.
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                name="article_one_translation_per_edition",
                violation_error_message=_("That story already has a translation in this edition."),
            ),
            models.CheckConstraint(
                condition=~Q(translation_of=models.F("id")),
                name="article_not_its_own_translation",
                violation_error_message=_("A story cannot be its own translation."),
            ),
            models.CheckConstraint(
                condition=Q(is_video_of_the_day=False) | ~Q(video_url=""),
                name="article_video_of_the_day_has_a_video",
                violation_error_message=_("The video of the day needs a video."),
            ),
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(unpublish_at__gt=models.F("published_at")),
                name="article_unpublish_after_publish",
                violation_error_message=_("The unpublish time must come after the publication time."),
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body = typographic_quotes(sanitize_html(self.body), self.language)
        self.fill_slug()  # before the old one is remembered: an emptied slug is made anew from the headline
        if self.pk:
            self._remember_old_slug()
        if (
            self.video_url != self.video_poster_of
        ):  # it showed another video: articles.video_poster fetches anew
            self.video_poster, self.video_poster_of = None, ""
        super().save(*args, **kwargs)

    @property
    def label(self):
        """The label above the headline when it tells the reader something: Analysis, Opinion, Sponsored...
        Every ordinary story is news, so "News" would add nothing."""
        return "" if self.kicker == self.Kicker.NEWS else self.get_kicker_display()

    def get_absolute_url(self):
        return self.canonical_path  # one address per story, in its own edition (articles.editions)

    @property
    def canonical_path(self):
        """The story's own address: with its language's prefix (/mk/... for a Macedonian story), so that the
        same story seen in another interface language names one canonical page to search engines."""
        return cached_reverse("articles:article", kwargs={"slug": self.slug}, language=self.language)

    def _remember_old_slug(self):
        previous = Article.objects.filter(pk=self.pk).values_list("slug", "published_at").first()
        if previous and previous[0] != self.slug and previous[1] is not None:
            ArticleSlugRedirect.objects.update_or_create(
                old_slug=previous[0], defaults={"article_id": self.pk}
            )
            ArticleSlugRedirect.objects.filter(old_slug=self.slug).delete()

    def clean(self):
        self._clean_translation_of()
        if self.video_url and video_embed_url(self.video_url) is None:
            raise ValidationError(
                {"video_url": _("Use the address of a YouTube or Vimeo video.")}, code="unsupported_video"
            )
        if self.is_video_of_the_day and not self.video_url:
            raise ValidationError(
                {
                    "is_video_of_the_day": _(
                        "Add the video's address above to make this story the video of the day."
                    )
                },
                code="video_of_the_day_without_video",
            )
        if (
            self.slug
            and ArticleSlugRedirect.objects.filter(old_slug=self.slug).exclude(article_id=self.pk).exists()
        ):
            raise ValidationError({"slug": _("Another story used this address before.")}, code="slug_taken")

    # Reading ----------------------------------------------------------------------------------------

    def is_public(self, at=None):
        at = at or timezone.now()
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.published_at is not None
            and self.published_at <= at
            and (self.unpublish_at is None or self.unpublish_at > at)
        )

    @property
    def effective_status(self):
        """The status as readers experience it: a scheduled story whose time has come is published."""
        if self.status == self.Status.SCHEDULED and self.is_public():
            return self.Status.PUBLISHED
        expired = self.unpublish_at is not None and self.unpublish_at <= timezone.now()
        if self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED) and expired:
            return self.Status.UNPUBLISHED
        return self.Status(self.status)

    def get_kicker_display(self):
        return choice_label(self.Kicker, self.kicker)

    @property
    def body_html(self):
        return render_body(self.body)

    @cached_property
    def ordered_authors(self):
        return [byline.author for byline in self.bylines.all()]

    @property
    def byline(self):
        return self.byline_override or ", ".join(author.name for author in self.ordered_authors)

    @property
    def video(self):
        """The YouTube or Vimeo video the story shows (articles.video.Video), or None."""
        return parse_video(self.video_url) if self.video_url else None

    @property
    def title_for_search_engines(self):
        return self.seo_title or self.headline

    @property
    def description_for_search_engines(self):
        return self.seo_description or self.standfirst

    @property
    def last_changed_at(self):
        return self.revised_at or self.published_at or self.modified_at

    def complete_latest_revision(self):
        """Make the newest revision hold the story as now stored, byline, tags, sources and quotes included
        (articles.revisions): call it last in a save that also writes related rows or the status."""
        return revisions.complete_latest_revision(self)

    def publish_problems(self):
        """What this story lacks to be published, as Problems (sentences for the editor); empty when ready."""
        problems = []
        if not self.headline.strip():
            problems.append(Problem(_("Add a headline."), field="headline"))
        if not self.standfirst.strip():
            problems.append(
                Problem(_("Add a standfirst (the summary under the headline)."), field="standfirst")
            )
        if not re.sub(r"<[^>]+>|&nbsp;|\s", "", self.body or ""):
            problems.append(Problem(_("Write the body of the story."), field="body"))
        # A query, not self.bylines: a prefetched (possibly stale) byline list must not decide this.
        has_author = self.pk is not None and ArticleAuthor.objects.filter(article_id=self.pk).exists()
        if not (self.byline_override or has_author):
            problems.append(
                Problem(_("Add at least one author (or a byline override for a guest)."), inline="bylines")
            )
        if self.section_id is None:
            problems.append(Problem(_("Choose a section."), field="section"))
        if self.lead_image_id:
            # A query, not self.lead_image: the image may have been changed since this copy was loaded.
            alt_text = Image.objects.filter(pk=self.lead_image_id).values_list("alt_text", flat=True).first()
            if not (alt_text or "").strip():
                problems.append(Problem(_("Describe the lead image in its alt text."), field="lead_image"))
        for check in PUBLISH_CHECKS:
            problems.extend(check(self))
        return problems

    @property
    def is_live(self):
        """Published or scheduled: what readers see or will see by itself, so every change must keep it ready."""
        return self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)


read_translations_with_the_page(Article)
