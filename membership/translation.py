"""Tier names, descriptions and benefits in each of the site's languages (django-modeltranslation), as readers
see them in the join form, the appeal under every story and the emails: the active language's, or the default
language's (MODELTRANSLATION_DEFAULT_LANGUAGE, which every tier must have) where that is empty.

Reader appeals need none of this: each is written in one language (ReaderAppeal.language), and a language
without an appeal of its own shows the general one (ReaderAppeal.objects.for_language).
"""

from modeltranslation import settings as translation_settings
from modeltranslation.translator import TranslationOptions, register

from membership.models import Tier


@register(Tier)
class TierTranslation(TranslationOptions):
    fields = ["name", "description", "benefits"]
    required_languages = (translation_settings.DEFAULT_LANGUAGE,)  # what the others fall back to
