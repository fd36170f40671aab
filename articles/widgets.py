"""The story body's editor: django-ckeditor-5's widget in the staff member's language, with the media library.

django-ckeditor-5 sets CKEditor's language to the request's when CKEDITOR_5_USER_LANGUAGE is on, but loads only
the translation files of the languages listed in a config, for every page. This widget loads the one the staff
member's language needs. CKEditor 5 has no Macedonian translation (its translations stop at "ms"): ours,
static/js/ckeditor5-mk.js, covers the toolbar, dialogs and word count of the "article" config; any other text
falls back to English, which is what CKEditor shows for a language it has no translation of. The Albanian
translation CKEditor ships leaves some of the strings we show empty; static/js/ckeditor5-sq.js fills those.

The media library is reached from CKEditor's image button, which becomes a dropdown: "Upload from computer" and
"Insert an image from the library". The second is a CKEditor plugin in static/js/media-library.js; the config
names it as a "callback:" (django-ckeditor-5's way to put a script's function into the JSON config) and lists it
among the image button's integrations. Only this widget loads that script, so only its config names the plugin:
CKEditor refuses to start with a plugin it cannot find.
"""

import copy

from django import forms
from django.urls import reverse
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


LIBRARY_PLUGIN = "callback:newsroomMediaLibraryPlugin"
LIBRARY_INTEGRATION = "library"


def with_media_library(config):
    """A copy of a CKEditor config whose image button also offers the media library (settings stay as they are)."""
    config = copy.deepcopy(config)
    config["extraPlugins"] = [*config.get("extraPlugins", []), LIBRARY_PLUGIN]
    insert = config.setdefault("image", {}).setdefault("insert", {})
    insert["integrations"] = [*insert.get("integrations", ["upload"]), LIBRARY_INTEGRATION]
    return config


class ArticleBodyWidget(CKEditor5Widget):
    """CKEditor 5 with its toolbar in the staff member's language and the media library in its image button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.config = with_media_library(self.config)

    @property
    def media(self):
        return super().media + forms.Media(
            js=[*editor_translation_files(get_language()), "js/media-library.js"],
            css={"all": ["css/media-library.css"]},
        )

    def render(self, name, value, attrs=None, renderer=None):
        # On the textarea CKEditor replaces, where the plugin finds them (editor.sourceElement); the label is
        # rendered here so that its translation lives in our .po files.
        attrs = {
            **(attrs or {}),
            "data-media-library-url": reverse("admin:articles_image_library"),
            "data-media-library-label": gettext("Insert an image from the library"),
        }
        return super().render(name, value, attrs, renderer)
