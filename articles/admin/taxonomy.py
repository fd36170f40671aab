"""Sections and tags in the admin."""

from django.contrib import admin

from articles.models import Section, Tag
from newsroom.admin import ModelAdmin


@admin.register(Section)
class SectionAdmin(ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
