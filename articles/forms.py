"""Admin forms for the editorial desk."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles import images
from articles.models import Article, Image
from articles.revisions import compare
from articles.widgets import ArticleBodyWidget


def latest_revision_id(article_pk):
    """The id of the story's newest revision: every save makes one, so it names the version a form showed."""
    return (
        Article.history.filter(id=article_pk)
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )


class ArticleAdminForm(forms.ModelForm):
    mark_as_updated = forms.BooleanField(
        label=_("Substantive update"),
        required=False,
        help_text=_(
            "Tick when this edit changes the story's facts: readers will see “Updated” with today's time."
        ),
    )
    # The version the editor opened; a save from an older one is refused instead of overwriting (clean).
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Not a field of the story: sent with "Back to draft" to the reporters by email (articles.notifications)
    # and kept in the revision's change reason.
    note_to_reporter = forms.CharField(
        label=_("Note to the reporter"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Sent with “Back to draft”: the reporter gets it by email, and the story's history keeps it."
        ),
    )

    refusal = None  # set by the admin when a save was refused (articles.admin.refusals)
    restoring = False

    class Meta:
        model = Article
        exclude = ["status"]  # noqa: DJ006 - every field but the status, which only transitions change
        widgets = {"body": ArticleBodyWidget(config_name="article")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("opened_version", latest_revision_id(self.instance.pk))

    def clean(self):
        # The status is not a field of this form, so Django skips the constraints that involve it: check them here.
        cleaned = super().clean()
        # A version that is not one (a tampered form) is its field's error, not a colleague's save.
        if self.instance.pk and not self.restoring and not self.has_error("opened_version"):
            self.check_not_stale(cleaned.get("opened_version"))
        if self.refusal is not None:
            self.show_refusal(self.refusal.problems)
        if (cleaned.get("note_to_reporter") or "").strip() and "_back_to_draft" not in self.data:
            self.add_error(
                None,  # above the form: the note's field may be shown apart from the fields
                ValidationError(
                    _("The note is sent with “Back to draft” only: use that button, or empty the note."),
                    code="note_without_return",
                ),
            )
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

    def check_not_stale(self, opened_version):
        """Refuse a save from a version older than the stored one, saying what changed meanwhile.

        The form comes back with the editor's input and now carries the newest version, so saving it again
        keeps the editor's text knowingly; nothing is overwritten without being seen.
        """
        current = latest_revision_id(self.instance.pk)
        if current is None or opened_version == current:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = current
        newest = Article.history.get(history_id=current)
        opened = Article.history.filter(id=self.instance.pk, history_id=opened_version).first()
        who = (
            newest.history_user.get_full_name() or newest.history_user.get_username()
            if newest.history_user
            else ""
        )
        messages = [
            gettext(
                "%(who)s saved this story at %(time)s, after you opened it. Your changes are not saved yet: "
                "check what changed meanwhile, then save again to keep your version."
            )
            % {
                "who": who or gettext("Someone else"),
                "time": timezone.localtime(newest.history_date).strftime("%H:%M:%S"),
            }
        ]
        if opened is not None:
            # As the history's comparison shows them: the changed passage of a long text, the body as words,
            # sources and quotes too (a standfirst cut to its first words looked the same before and after).
            for difference in compare(opened, newest):
                if difference.after:
                    message = gettext(
                        "%(field)s is now “%(new)s” (it was “%(old)s” when you opened the story)."
                    ) % {"field": difference.what, "new": difference.after, "old": difference.before}
                else:  # removed
                    message = gettext("%(field)s changed.") % {"field": difference.what}
                messages.append(message)
        raise ValidationError(messages, code="stale")

    def show_refusal(self, problems):
        """Each problem of a refused save beside the field it concerns; the change form lists them all at the
        top, each linking to its field (problem.anchor) or, for an inline's, to its row."""
        for problem in problems:
            if problem.field in self.fields:
                self.add_error(problem.field, problem)
                problem.anchor = self[problem.field].id_for_label


class ImageAdminForm(forms.ModelForm):
    """Only real images get in: checked with Pillow, re-encoded without metadata, renamed at random."""

    # A plain file field: our pipeline's check gives the editor a clearer reason than ImageField's.
    file = forms.FileField(
        label=_("file"),
        help_text=_(
            "A JPEG, PNG, WebP or GIF photo, up to 15 MB and 25 megapixels (6000 × 4000). Its metadata is removed."
        ),
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "copyright_holder"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The files of the photo as stored, before this form replaces them.
        self.replaced = Image(file=self.instance.file.name, renditions=self.instance.renditions)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the file already stored
            self._refuse_to_replace_a_photo_in_story_texts()
            # Raises ValidationError with the reason; the re-encoded image is what save() stores.
            self.clean_image = images.clean_upload(upload)
        return upload

    def _refuse_to_replace_a_photo_in_story_texts(self):
        # A story's text names the photo's file (articles.body_images): with a new file there, it showed the
        # old picture without its renditions or alt text, and its publish check refused it. A lead image
        # names the library's row, and follows.
        if not self.replaced.file:
            return
        stories = Article.objects.filter(body__contains=self.replaced.stored_stem).count()
        if stories:
            message = ngettext(
                "This photo is in the text of %(count)d story, which names its file: upload the new photo as "
                "a new image and put it in the story's text instead.",
                "This photo is in the text of %(count)d stories, which name its file: upload the new photo as "
                "a new image and put it in their text instead.",
                stories,
            )
            raise ValidationError(message % {"count": stories}, code="in_story_texts")

    def save(self, commit=True):
        image = super().save(commit=False)
        if getattr(self, "clean_image", None) is not None:
            image.store(self.clean_image)
            if self.replaced.file:
                # The old photo goes from the site with its renditions, as a deleted one does (a take-down by
                # replacing it must work), once the new one is stored for good.
                transaction.on_commit(self.replaced.delete_files)
        if commit:
            image.save()
        return image
