"""Sections and tags in the admin: one form holds the name in every language of the site (name [en],
name [mk], name [sq]; articles.translation), the default language's required, the others shown in its stead
while empty. Plain fields, not modeltranslation's tabs, whose script the admin's CSP would refuse."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import get_translation_fields

from articles.models import Section, Tag
from newsroom.admin import ModelAdmin


@admin.register(Section)
class SectionAdmin(TranslationAdmin, ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = get_translation_fields("name")  # a name in any language finds it


@admin.register(Tag)
class TagAdmin(TranslationAdmin, ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = get_translation_fields("name")  # also what the story form's tag autocomplete searches
