"""The newsroom's content: articles and what they are filed under, written by, illustrated with and corrected by.

Whether a story is public is decided at query time (`Article.objects.published()`), so a scheduled story
appears, and an expiring one disappears, at its time without any job having to run.
"""

import functools
import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections, models
from django.db.models import F, Min, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field
from simple_history.models import HistoricalRecords

from articles import images, revisions
from articles.sanitizer import safe_html, sanitize_html
from articles.slugs import SluggedModel
from newsroom.addresses import cached_reverse
from newsroom.choices import choice_label
from newsroom.compiled_queries import compiled_once
from newsroom.prepared import planned_once
from newsroom.related_rows import RelatedRows, with_related_rows


class Section(SluggedModel):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Lower numbers come first."))

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("articles:section", kwargs={"slug": self.slug})


class Tag(SluggedModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("articles:tag", kwargs={"slug": self.slug})


def image_upload_to(instance, filename):
    """A random name: the uploader's file name can identify a source or a photographer."""
    return images.random_name("images", filename.rsplit(".", 1)[-1].lower())


class Image(models.Model):
    """A photo or graphic, stored re-encoded without metadata, with renditions for srcset."""

    file = models.ImageField(_("file"), upload_to=image_upload_to)
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Required to publish."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True, help_text=_("Photographer or agency."))
    copyright_holder = models.CharField(_("copyright holder"), max_length=200, blank=True)
    renditions = models.JSONField(_("renditions"), default=list, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text or self.caption or self.file.name

    def get_absolute_url(self):
        return self.file.url

    def clean(self):
        if self.pk and not self.alt_text.strip() and self.shown_by_live_story():
            raise ValidationError(
                {"alt_text": _("A published or scheduled story shows this image: it needs its alt text.")},
                code="live_image_needs_alt_text",
            )

    def shown_by_live_story(self):
        """Whether a published or scheduled story shows this image as its lead image."""
        return Article.objects.filter(
            lead_image_id=self.pk, status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED]
        ).exists()

    def set_file(self, upload):
        """Check `upload` (ValidationError if it is not a real image), store it re-encoded, make renditions."""
        self.store(images.clean_upload(upload))

    def store(self, clean):
        """Store an upload already checked and re-encoded by `images.clean_upload`, with its renditions."""
        self.file.save(f"upload.{clean.extension}", ContentFile(clean.content), save=False)
        self.width, self.height = clean.width, clean.height
        self.renditions = images.make_renditions(self.file.name, clean.width, clean.format)

    def srcset(self, format_name):
        return ", ".join(
            f"{default_storage.url(r['name'])} {r['width']}w"
            for r in self.renditions
            if r["format"] == format_name
        )

    @property
    def webp_srcset(self):
        return self.srcset("WEBP")

    @property
    def original_format(self):
        formats = [r["format"] for r in self.renditions if r["format"] != "WEBP"]
        return formats[0] if formats else "WEBP"

    @property
    def original_srcset(self):
        return self.srcset(self.original_format)

    @property
    def mime_type(self):
        return {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[self.original_format]

    def url_for_width(self, width):
        """The smallest rendition at least `width` wide, in the original format (for og:image and feeds)."""
        candidates = sorted(
            (r for r in self.renditions if r["format"] == self.original_format), key=lambda r: r["width"]
        )
        for rendition in candidates:
            if rendition["width"] >= width:
                return default_storage.url(rendition["name"])
        return default_storage.url(candidates[-1]["name"]) if candidates else self.file.url


class Author(SluggedModel):
    """A byline: a staff member's profile (linked to their account) or a guest contributor."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("user account"),
        help_text=_("Leave empty for a guest contributor without an account."),
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    role = models.CharField(_("role"), max_length=150, blank=True, help_text=_("e.g. Investigative reporter"))
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("photo")
    )
    links = models.TextField(
        _("links"), blank=True, help_text=_("Public profiles (website, social media), one address per line.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def link_list(self):
        return [
            line.strip()
            for line in self.links.splitlines()
            if line.strip().startswith(("http://", "https://"))
        ]


SEARCH_CONFIG = "simple"
SEARCH_MAX_TERMS = 10
SEARCH_RANKED_MATCHES = 200  # PostgreSQL ranks the newest this many matching stories: ten pages of results


def search_terms(query):
    """The words of a reader's query, without tsquery operators or punctuation, at most ten of them."""
    return re.findall(r"[^\W_]+", query or "")[:SEARCH_MAX_TERMS]


def article_search_vector():
    """What site search looks in, weighted. The trigger of migration 0005 stores exactly this expression."""
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector("standfirst", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """Stories readers may see at `at` (now by default): published or scheduled and due, not expired."""
        at = at or timezone.now()
        return self.filter(
            Q(status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED])
            & Q(published_at__lte=at)
            & (Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=at))
        )

    def for_listing(self):
        """What a list of stories shows: section, lead image and ordered authors without an N+1. Not the
        body: a list shows headlines and standfirsts, and bodies are a few KB each."""
        return (
            self.defer("body")
            .select_related("section", "lead_image")
            .prefetch_related(
                models.Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author"))
            )
        )

    def for_article_page(self):
        """Everything the article page shows about its story in one query: its section and lead image
        joined, its bylines (with their authors), tags and corrections inside its row as JSON, and the rows
        other apps register in ARTICLE_PAGE_ROWS (sourcing: sources and quotes) the same way."""
        return with_related_rows(
            self.select_related("section", "lead_image"), **article_page_rows(), **ARTICLE_PAGE_ROWS
        )

    def published_page(self, slug, at=None):
        """The story readers see at `slug` at `at` (now by default) with everything its page shows
        (for_article_page), or None.

        Its query is compiled once (newsroom.compiled_queries gives the figure that buys) and planned once per
        connection (newsroom.prepared), so it looks in the whole table: ask Article.objects, not a filtered
        queryset.
        """
        if self.query.has_filters():
            raise TypeError("published_page() runs a query compiled once: call it on Article.objects.")
        with planned_once(self.db):  # a lookup by unique slug: one plan fits every story
            found = _published_page(slug=slug, at=at or timezone.now(), using=self.db)
        return found[0] if found else None

    def newest_per_section(self, per_section, *, section_ids, exclude=()):
        """The newest `per_section` stories of each section in `section_ids` but those in `exclude` (ids),
        in one query: a list, sections in the menu's order, each one's newest first. Section and lead image
        joined; not the body.

        PostgreSQL: one UNION ALL of per-section index scans; numbering every story with a window function
        read the whole table (seconds with 100,000 stories). Elsewhere the window function does.
        """
        if not section_ids:
            return []
        stories = self.exclude(pk__in=exclude).defer("body").select_related("section", "lead_image")
        if connections[self.db].vendor == "postgresql":
            newest = stories.order_by("-published_at", "-pk")
            parts = [newest.filter(section_id=section_id)[:per_section] for section_id in section_ids]
            found = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        else:
            place = Window(
                RowNumber(), partition_by=F("section_id"), order_by=[F("published_at").desc(), F("pk").desc()]
            )
            found = (
                stories.filter(section_id__in=section_ids)
                .annotate(place=place)
                .filter(place__lte=per_section)
            )
        return sorted(
            found,
            key=lambda story: (
                story.section.order,
                story.section.name,
                story.section_id,
                -story.published_at.timestamp(),
                -story.pk,
            ),
        )

    def next_scheduled_change(self, at):
        """The soonest moment after `at` when a story appears (scheduled) or leaves (unpublish_at), or None:
        the page cache asks (registered in ArticlesConfig.ready()) and keeps nothing beyond it.

        One query over the few stories with a time still ahead of them: PostgreSQL combines the indexes on
        published_at and unpublish_at (a BitmapOr), so it does not read the whole table.
        """
        found = (
            self.filter(status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED])
            .filter(Q(published_at__gt=at) | Q(unpublish_at__gt=at))
            .aggregate(
                appears=Min("published_at", filter=Q(published_at__gt=at)),
                leaves=Min("unpublish_at", filter=Q(unpublish_at__gt=at)),
            )
        )
        moments = [moment for moment in found.values() if moment is not None]
        return min(moments) if moments else None

    def related_to(self, article, limit=4):
        """Other stories sharing the most tags with `article`, then the newest in its section.

        Reads `article.tags.all()`, so prefetch tags first (for_article_page does) to keep it one query.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        if not tag_ids and article.section_id is None:
            return self.none()
        shared_tags = (
            models.Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
            if tag_ids
            else models.Value(0, output_field=models.IntegerField())
        )
        return (
            self.exclude(pk=article.pk)
            .annotate(shared_tags=shared_tags)
            .filter(Q(shared_tags__gt=0) | Q(section_id=article.section_id))
            .defer("body")
            .select_related("section", "lead_image")
            .order_by("-shared_tags", "-published_at")[:limit]
        )

    def search(self, query, *, newest=SEARCH_RANKED_MATCHES):
        """Stories matching the reader's words, best first; every word must match, as a word prefix.

        PostgreSQL ranks with full-text search under the 'simple' configuration, which only lowercases,
        so Macedonian and Albanian words match as well as English ones (no stemmer would fit all three);
        prefix matching stands in for stemming ("Скопј" finds "Скопје" and "Скопјани"). Elsewhere
        (SQLite in development and tests) it falls back to substring matching.
        """
        terms = search_terms(query)
        if not terms:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank

            search_query = SearchQuery(
                " & ".join(f"{term}:*" for term in terms), config=SEARCH_CONFIG, search_type="raw"
            )
            # The stored document (kept by a trigger, migration 0005) spares re-parsing every matching body
            # to rank it. Only the `newest` matches are ranked: PostgreSQL walks the stories newest first,
            # reading each one's document (a few KB, out of line) until it has them, so that window sets
            # what a search for common words costs at any archive size ("budget council" at 100,000 stories:
            # about 1,750 stories walked for 200, 4,400 for 500). The rank is computed outside the walk:
            # inside, a plan that reads every match first (through the GIN index, for rarer words) would
            # rank them all (41 against 12 ms for two words found in 2,198 of 100,000 stories).
            newest_matches = (
                self.filter(search_document=search_query).order_by("-published_at").values("pk")[:newest]
            )
            return (
                self.filter(pk__in=newest_matches)
                .annotate(rank=SearchRank(models.F("search_document"), search_query))
                .order_by("-rank", "-published_at")
            )
        matches = Q()
        for term in terms:
            # SQLite's LIKE folds case for ASCII only, so try the usual spellings of a Cyrillic word too.
            term_matches = Q()
            for variant in {term, term.lower(), term.capitalize(), term.upper()}:
                term_matches |= (
                    Q(headline__icontains=variant)
                    | Q(standfirst__icontains=variant)
                    | Q(body__icontains=variant)
                )
            matches &= term_matches
        return self.filter(matches).order_by("-published_at")

    def visible_to(self, user):
        """The stories `user` may see in the admin: editors all, reporters their own (articles.permissions)."""
        from articles.permissions import visible_filter

        return self.filter(visible_filter(user))


@functools.cache
def article_page_rows():
    """The article page's bylines, tags and corrections as RelatedRows, built once: expressions are copied
    when a query uses them, and building them anew was a twentieth of an uncached article page."""
    return {
        "page_bylines": RelatedRows("bylines", ArticleAuthor, "article", joined=["author"]),
        "page_tags": RelatedRows("tags", Tag, "articles", ["id", "name", "slug"]),
        "page_corrections": RelatedRows(
            "corrections", Correction, "article", ["id", "article_id", "text", "corrected_at"]
        ),
    }


# Other apps add what the article page shows with its story, in their AppConfig.ready(): an annotation name
# and a newsroom.related_rows.RelatedRows (sourcing: its sources and quotes).
ARTICLE_PAGE_ROWS = {}


@compiled_once(slug=models.SlugField(), at=models.DateTimeField())
def _published_page(slug, at):
    """Article.objects.published_page()'s query: building and compiling it (five nested JSON subqueries)
    cost more CPU than PostgreSQL spends running it."""
    return (
        Article.objects.for_article_page().published(at=at).filter(slug=slug).order_by()[:1]
    )  # slugs are unique


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The search document is written by a database trigger and read only inside SQL (search and its
        # ranking); loading it carried several KB of tsvector text per story into every page and feed.
        return super().get_queryset().defer("search_document")


class ArticleAuthor(models.Model):
    """An author's place in an article's byline."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="bylines", verbose_name=_("author")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="article_author_once")]

    def __str__(self):
        return self.author.name

    def get_absolute_url(self):
        return self.author.get_absolute_url()


class Article(SluggedModel):
    slug_source = "headline"

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
    slug = models.SlugField(
        _("slug"),
        max_length=220,
        unique=True,
        blank=True,
        help_text=_("Made from the headline when left empty. Changing it keeps the old address working."),
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
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)
    canonical_url = models.URLField(
        _("canonical URL"), blank=True, help_text=_("Only for stories first published elsewhere.")
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
        excluded_fields=["modified_at", "search_document", "preview_generation"],
        bases=[revisions.RevisionRows],
    )
    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish articles")),
            ("edit_any_article", _("Can edit any article, not only their own drafts")),
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
        self.body = sanitize_html(self.body)
        self.fill_slug()  # before the old one is remembered: an emptied slug is made anew from the headline
        if self.pk:
            self._remember_old_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("articles:article", kwargs={"slug": self.slug})

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
        if self.video_url and video_embed_url(self.video_url) is None:
            raise ValidationError(
                {"video_url": _("Use the address of a YouTube or Vimeo video.")}, code="unsupported_video"
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
        return safe_html(self.body)

    @cached_property
    def ordered_authors(self):
        return [byline.author for byline in self.bylines.all()]

    @property
    def byline(self):
        return self.byline_override or ", ".join(author.name for author in self.ordered_authors)

    @property
    def video_embed(self):
        return video_embed_url(self.video_url) if self.video_url else None

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


class Problem(str):
    """A sentence telling the editor what a story lacks, and where: a field of the story (`field`), or an
    inline (`inline`, its formset prefix) and, when one row is at fault, that row's place in it (`row`)."""

    def __new__(cls, text, *, field=None, inline=None, row=None):
        problem = super().__new__(cls, text)
        problem.field, problem.inline, problem.row = field, inline, row
        return problem


# Other apps (sourcing) add their own publish checks: callables taking an article and returning messages.
PUBLISH_CHECKS = []


def video_embed_url(url):
    """The privacy-enhanced player address for a YouTube or Vimeo link, or None for anything else."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = None
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [None])[0]
        elif parts.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parts.path.split("/")[2]
    elif host == "youtu.be":
        video_id = parts.path.lstrip("/").split("/")[0]
    if video_id:
        return (
            f"https://www.youtube-nocookie.com/embed/{video_id}"
            if re.fullmatch(r"[\w-]{6,20}", video_id)
            else None
        )
    if host in {"vimeo.com", "player.vimeo.com"}:
        match = re.search(r"/(\d{5,12})(?:/|$)", parts.path)
        if match:
            return f"https://player.vimeo.com/video/{match.group(1)}?dnt=1"
    return None


class ArticleSlugRedirect(models.Model):
    """An address a published story had before its slug changed; it answers with a 301."""

    old_slug = models.SlugField(max_length=220, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.old_slug

    def get_absolute_url(self):
        return self.article.get_absolute_url()


class Correction(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("article")
    )
    text = models.TextField(
        _("text"), help_text=_("What was wrong and what is right, as readers will see it.")
    )
    corrected_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        ordering = ["corrected_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"
