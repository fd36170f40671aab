"""Corrections in the admin, for the stories the person may see."""

from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from articles import services
from articles.models import Article, Correction
from newsroom.admin import ModelAdmin


@admin.register(Correction)
class CorrectionAdmin(ModelAdmin):
    list_display = ["article", "corrected_at", "text"]
    autocomplete_fields = ["article"]
    date_hierarchy = "corrected_at"
    search_fields = ["text", "article__headline"]

    # A correction changes its story: each save or delete here writes a revision of the story
    # (articles.services.article_corrected), as a save of the story's own form does.
    def save_model(self, request, obj, form, change):
        moved_from = form.initial.get("article") if change and "article" in form.changed_data else None
        super().save_model(request, obj, form, change)
        if moved_from:
            services.article_corrected(article_id=moved_from, by=request.user, reason="Correction deleted")
        reason = "Correction changed" if change and not moved_from else "Correction added"
        services.article_corrected(article_id=obj.article_id, by=request.user, reason=reason)

    def delete_model(self, request, obj):
        article_id = obj.article_id
        super().delete_model(request, obj)
        services.article_corrected(article_id=article_id, by=request.user, reason="Correction deleted")

    def delete_queryset(self, request, queryset):
        article_ids = set(queryset.values_list("article_id", flat=True))
        super().delete_queryset(request, queryset)
        for article_id in article_ids:
            services.article_corrected(article_id=article_id, by=request.user, reason="Correction deleted")

    def get_queryset(self, request):
        # The corrections of the stories the person may see (articles.permissions), no others.
        return super().get_queryset(request).filter(article__in=Article.objects.visible_to(request.user))

    def get_object(self, request, object_id, from_field=None):
        correction = super().get_object(request, object_id, from_field)
        if correction is None:  # as for stories: 404, not Django's redirect to the admin's home page
            raise Http404(_("No correction you may see has this address."))
        return correction
