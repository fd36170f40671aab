"""The site's settings in the admin: one set, opened straight from the admin's index, never added twice or
deleted."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

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

    def changelist_view(self, request, extra_context=None):
        # A list of one row would be one more click: open the settings (their add form until first saved).
        # The view opened checks the person's permissions.
        if SiteSettings.objects.exists():
            return redirect(
                reverse("admin:articles_sitesettings_change", args=[SiteSettings.objects.get().pk])
            )
        return redirect(reverse("admin:articles_sitesettings_add"))
