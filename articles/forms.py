"""Admin forms for the editorial desk."""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles import images
from articles.models import Article, Image


class ArticleAdminForm(forms.ModelForm):
    mark_as_updated = forms.BooleanField(
        label=_("Substantive update"),
        required=False,
        help_text=_(
            "Tick when this edit changes the story's facts: readers will see “Updated” with today's time."
        ),
    )

    class Meta:
        model = Article
        exclude = ["status"]  # noqa: DJ006 - every field but the status, which only transitions change

    def clean(self):
        # The status is not a field of this form, so Django skips the constraints that involve it: check them here.
        cleaned = super().clean()
        published_at, unpublish_at = cleaned.get("published_at"), cleaned.get("unpublish_at")
        is_public = self.instance.pk and self.instance.status in (
            Article.Status.PUBLISHED,
            Article.Status.SCHEDULED,
        )
        if is_public and not published_at and "published_at" not in self.errors:
            self.add_error(
                "published_at" if "published_at" in self.fields else None,
                _("A published or scheduled story needs a publication time."),
            )
        if published_at and unpublish_at and unpublish_at <= published_at:
            self.add_error(
                "unpublish_at" if "unpublish_at" in self.fields else None,
                _("The unpublish time must come after the publication time."),
            )
        return cleaned


class ImageAdminForm(forms.ModelForm):
    """Only real images get in: checked with Pillow, re-encoded without metadata, renamed at random."""

    # A plain file field: our pipeline's check gives the editor a clearer reason than ImageField's.
    file = forms.FileField(
        label=_("file"), help_text=_("A JPEG, PNG, WebP or GIF photo, up to 15 MB. Its metadata is removed.")
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "copyright_holder"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the file already stored
            # Raises ValidationError with the reason; the re-encoded image is what save() stores.
            self.clean_image = images.clean_upload(upload)
        return upload

    def save(self, commit=True):
        image = super().save(commit=False)
        if getattr(self, "clean_image", None) is not None:
            image.store(self.clean_image)
        if commit:
            image.save()
        return image
