"""Section and tag names in each of the site's languages (django-modeltranslation).

`name_en`, `name_mk`, `name_sq` (and a section's `description_*`) are columns of the row itself, so a page that
shows a section or a tag reads its names in the query it already makes, and the fragments cached per language
hold that language's. `section.name` and `tag.name` are the active language's, or the default language's
(MODELTRANSLATION_DEFAULT_LANGUAGE, which every row must have) where that is empty. The slug stays one per row.
"""

from modeltranslation import settings as translation_settings
from modeltranslation.translator import TranslationOptions, register

from articles.models import Section, Tag


class NamesInEachLanguage(TranslationOptions):
    required_languages = (translation_settings.DEFAULT_LANGUAGE,)  # what the others fall back to


@register(Section)
class SectionTranslation(NamesInEachLanguage):
    fields = ["name", "description"]


@register(Tag)
class TagTranslation(NamesInEachLanguage):
    fields = ["name"]
