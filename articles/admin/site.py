"""The site's settings in the admin: one set (Django's list of one row, so every admin page works as for any
other model), never added twice or deleted."""

from django.contrib import admin

from articles.models import SiteSettings
from newsroom.admin import ModelAdmin


@admin.register(SiteSettings)
class SiteSettingsAdmin(ModelAdmin):
    fields = ["share_image"]
    autocomplete_fields = ["share_image"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False  # pages would lose what they show; an editor clears the field instead
