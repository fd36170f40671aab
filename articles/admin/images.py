"""Images in the admin: uploads checked and re-encoded by the form; who may change one is articles.permissions'."""

from django.contrib import admin
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles import permissions
from articles.admin.media_library import library_view
from articles.forms import ImageAdminForm
from articles.models import Image
from newsroom.admin import ModelAdmin


@admin.register(Image)
class ImageAdmin(ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "alt_text", "credit", "width", "height", "uploaded_at"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["thumbnail", "width", "height"]

    @admin.display(description=_("preview"))
    def thumbnail(self, image):
        if not image.pk or not image.file:
            return "-"
        return format_html('<img src="{}" alt="" class="admin-thumbnail">', image.url_for_width(320))

    def get_urls(self):
        library = path(
            "library/", self.admin_site.admin_view(self.library_view), name="articles_image_library"
        )
        return [library, *super().get_urls()]

    def library_view(self, request):
        return library_view(request, self)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return permissions.may_change_image(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return permissions.may_delete_image(request.user, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
