"""Images: photos and graphics stored re-encoded without metadata, with their renditions for srcset."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles import images


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
        """Whether a published or scheduled story shows this image, as its lead image or in its body (where
        an image's address names its stored file: articles.body_images)."""
        article = self._meta.apps.get_model("articles", "Article")  # which imports this module
        live = article.objects.filter(status__in=[article.Status.PUBLISHED, article.Status.SCHEDULED])
        in_body = models.Q(body__contains=self.stored_stem) if self.file else models.Q()
        return live.filter(models.Q(lead_image_id=self.pk) | in_body).exists()

    @property
    def stored_stem(self):
        """The stored file's name without its extension ("images/3f/3f9a..."), which every rendition's name and
        every body image's address that shows it begin with."""
        return self.file.name.rsplit(".", 1)[0]

    def delete_files(self):
        """Remove the original and every rendition from storage: a deleted photo is gone from the site (a
        take-down), not only from the library's list."""
        for name in [self.file.name, *(rendition["name"] for rendition in self.renditions)]:
            if name:
                default_storage.delete(name)

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
    def avif_srcset(self):
        return self.srcset("AVIF")  # "" for an image stored where Pillow could not write AVIF

    @property
    def webp_srcset(self):
        return self.srcset("WEBP")

    @property
    def original_format(self):
        formats = [r["format"] for r in self.renditions if r["format"] not in images.SOURCE_FORMATS]
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
