"""Authors in the admin: staff profiles and guest contributors, their name, role and biography in every
language of the site on one form (articles.translation), as for sections and tags."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import get_translation_fields

from articles.models import Author
from newsroom.admin import ModelAdmin


@admin.register(Author)
class AuthorAdmin(TranslationAdmin, ModelAdmin):
    list_display = ["name", "role", "user"]
    # A name in any language finds the author: also what the story form's byline autocomplete searches.
    search_fields = [*get_translation_fields("name"), *get_translation_fields("role")]
    autocomplete_fields = ["user", "photo"]
