"""Who writes the stories: authors (staff or guests) and their places in each story's byline."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.images import Image
from articles.slugs import SluggedModel, slug_field
from newsroom.addresses import cached_reverse
from newsroom.alphabets import Alphabetical
from newsroom.translated_names import shown_in_active_language


class AuthorQuerySet(models.QuerySet):
    def by_name(self):
        """A to Z in the active language's alphabet by the name readers see in it (newsroom.translated_names)."""
        return self.order_by(Alphabetical(shown_in_active_language("name")), "pk")


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
    slug = slug_field(150)
    role = models.CharField(_("role"), max_length=150, blank=True, help_text=_("e.g. Investigative reporter"))
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("photo")
    )
    links = models.TextField(
        _("links"), blank=True, help_text=_("Public profiles (website, social media), one address per line.")
    )

    objects = AuthorQuerySet.as_manager()

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
