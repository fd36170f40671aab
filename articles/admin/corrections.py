"""Corrections in the admin, for the stories the person may see."""

from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Correction
from newsroom.admin import ModelAdmin


@admin.register(Correction)
class CorrectionAdmin(ModelAdmin):
    list_display = ["article", "corrected_at", "text"]
    autocomplete_fields = ["article"]
    date_hierarchy = "corrected_at"
    search_fields = ["text", "article__headline"]

    def get_queryset(self, request):
        # The corrections of the stories the person may see (articles.permissions), no others.
        return super().get_queryset(request).filter(article__in=Article.objects.visible_to(request.user))

    def get_object(self, request, object_id, from_field=None):
        correction = super().get_object(request, object_id, from_field)
        if correction is None:  # as for stories: 404, not Django's redirect to the admin's home page
            raise Http404(_("No correction you may see has this address."))
        return correction
