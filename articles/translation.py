"""Section and tag names, and authors' names, roles and biographies, in each of the site's languages
(django-modeltranslation): "Ана Петровска" in the Macedonian edition's bylines, "Ana Petrovska" in the others.

`name_en`, `name_mk`, `name_sq` (and a section's `description_*`, an author's `role_*` and `bio_*`) are
columns of the row itself, so a page that shows a section, a tag or a byline reads its names in the query it
already makes, and the fragments cached per language hold that language's. `section.name`, `tag.name` and
`author.name` are the active language's, or the default language's (MODELTRANSLATION_DEFAULT_LANGUAGE, which
every row must have) where that is empty. The slug stays one per row, made from the default language's name.
"""

from modeltranslation import settings as translation_settings
from modeltranslation.translator import TranslationOptions, register

from articles.models import Author, Section, Tag


class NamesInEachLanguage(TranslationOptions):
    required_languages = (translation_settings.DEFAULT_LANGUAGE,)  # what the others fall back to


@register(Section)
class SectionTranslation(NamesInEachLanguage):
    fields = ["name", "description"]


@register(Tag)
class TagTranslation(NamesInEachLanguage):
    fields = ["name"]


@register(Author)
class AuthorTranslation(NamesInEachLanguage):
    fields = ["name", "role", "bio"]
