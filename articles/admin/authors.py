"""Authors in the admin: staff profiles and guest contributors."""

from django.contrib import admin

from articles.models import Author
from newsroom.admin import ModelAdmin


@admin.register(Author)
class AuthorAdmin(ModelAdmin):
    list_display = ["name", "role", "user"]
    search_fields = ["name", "role"]
    autocomplete_fields = ["user", "photo"]
