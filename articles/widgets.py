"""The story body's editor: django-ckeditor-5's widget in the staff member's language, with the media library.

django-ckeditor-5 sets CKEditor's language to the request's when CKEDITOR_5_USER_LANGUAGE is on, but loads only
the translation files of the languages listed in a config, for every page. This widget loads the one the staff
member's language needs. CKEditor 5 has no Macedonian translation (its translations stop at "ms"): ours,
static/js/ckeditor5-mk.js, covers the toolbar, dialogs and word count of the "article" config; any other text
falls back to English, which is what CKEditor shows for a language it has no translation of. The Albanian
translation CKEditor ships leaves some of the strings we show empty; static/js/ckeditor5-sq.js fills those.
"""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django_ckeditor_5.widgets import CKEditor5Widget

CKEDITOR_TRANSLATIONS = {
    "en": [],
    "mk": ["js/ckeditor5-mk.js"],
    "sq": ["django_ckeditor_5/dist/translations/sq.js", "js/ckeditor5-sq.js"],
}


def editor_translation_files(language):
    """The translation scripts CKEditor needs for `language`; none for English or a language we lack."""
    return CKEDITOR_TRANSLATIONS.get((language or "").lower(), [])


class ArticleBodyWidget(CKEditor5Widget):
    """CKEditor 5 with its toolbar in the staff member's language and a button opening the media library."""

    @property
    def media(self):
        return super().media + forms.Media(
            js=[*editor_translation_files(get_language()), "js/media-library.js"],
            css={"all": ["css/media-library.css"]},
        )

    def render(self, name, value, attrs=None, renderer=None):
        editor = super().render(name, value, attrs, renderer)
        button = format_html(
            '<p class="media-library-open"><button type="button" class="button" data-media-library-url="{}" '
            'data-editor-id="{}">{}</button></p>',
            reverse("admin:articles_image_library"),
            (attrs or {}).get("id", ""),
            gettext("Insert an image from the library"),
        )
        return editor + button
