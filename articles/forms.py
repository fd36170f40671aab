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


class ImageAdminForm(forms.ModelForm):
    """Only real images get in: checked with Pillow, re-encoded without metadata, renamed at random."""

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "copyright_holder"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the file already stored
            images.clean_upload(upload)  # raises ValidationError with the reason
            self.new_upload = upload
        return upload

    def save(self, commit=True):
        image = super().save(commit=False)
        if getattr(self, "new_upload", None) is not None:
            image.set_file(self.new_upload)
        if commit:
            image.save()
        return image
