"""The editorial desk: articles, their bylines, corrections and images, with the workflow's rules.

A story's status changes only through the workflow buttons and actions, which call
`articles.services.article_transition`; the form itself never writes the status, so no POST can
publish what its sender may not publish, and a revert restores content without restoring a status.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from articles import services
from articles.forms import ArticleAdminForm, ImageAdminForm
from articles.models import Article, ArticleAuthor, Author, Correction, Image, ReaderAppeal, Section, Tag
from articles.preview import preview_url
from newsroom.admin import CheckedInputMixin, ModelAdmin, is_primary_key
from newsroom.pagination import EstimatedCountPaginator
from sourcing.admin import QuoteInline, SourceInline

TRANSITION_BUTTONS = {
    "_submit_review": Article.Status.IN_REVIEW,
    "_publish": Article.Status.PUBLISHED,
    "_schedule": Article.Status.SCHEDULED,
    "_unpublish": Article.Status.UNPUBLISHED,
    "_back_to_draft": Article.Status.DRAFT,
}


@admin.register(Section)
class SectionAdmin(ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(ModelAdmin):
    list_display = ["name", "role", "user"]
    search_fields = ["name", "role"]
    autocomplete_fields = ["user", "photo"]


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
        return format_html(
            '<img src="{}" alt="" style="max-width:120px;height:auto">', image.url_for_width(320)
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = _("author")
    verbose_name_plural = _("authors (in byline order)")


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("articles.add_correction") and request.user.has_perm(
            "articles.publish_article"
        )


@admin.register(Article)
class ArticleAdmin(CheckedInputMixin, SimpleHistoryAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["headline", "status_badge", "section", "byline_column", "published_at", "language"]
    list_filter = ["status", "section", "language", "kicker", "is_video_of_the_day"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags", "section", "lead_image"]
    inlines = [ArticleAuthorInline, SourceInline, QuoteInline, CorrectionInline]
    actions = ["publish_selected", "unpublish_selected", "submit_selected_for_review"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator  # no COUNT(*) over every story to number the pages
    history_list_display = ["status"]
    fieldsets = [
        (None, {"fields": ["headline", "kicker", "standfirst", "body"]}),
        (_("Filing"), {"fields": ["section", "tags", "language", "dateline", "byline_override"]}),
        (_("Media"), {"fields": ["lead_image", "video_url", "is_video_of_the_day"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "workflow_status",
                    "published_at",
                    "unpublish_at",
                    "mark_as_updated",
                    "revised_at",
                    "preview",
                ]
            },
        ),
        (
            _("Search engines and address"),
            {"classes": ["collapse"], "fields": ["slug", "seo_title", "seo_description", "canonical_url"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

    def get_readonly_fields(self, request, obj=None):
        readonly = ["workflow_status", "revised_at", "preview"]
        if not request.user.has_perm("articles.publish_article"):
            readonly += ["published_at", "unpublish_at", "is_video_of_the_day"]
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return services.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Article.Status.DRAFT:
            return request.user.has_perm("articles.publish_article") and super().has_delete_permission(
                request, obj
            )
        return super().has_delete_permission(request, obj) and (
            obj is None or services.can_edit(request.user, obj)
        )

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    # List columns ---------------------------------------------------------------------------------

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, article):
        status = article.effective_status
        if status != article.status:
            return format_html("{} <small>({})</small>", status.label, Article.Status(article.status).label)
        return status.label

    @admin.display(description=_("authors"))
    def byline_column(self, article):
        return article.byline_override or ", ".join(b.author.name for b in article.bylines.all())

    @admin.display(description=_("status"))
    def workflow_status(self, article):
        if not article.pk:
            return Article.Status.DRAFT.label
        return self.status_badge(article)

    @admin.display(description=_("preview"))
    def preview(self, article):
        if not article.pk:
            return _("Save the story to preview it.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a><br>{} <input type="text" readonly size="60" value="{}"'
            ' aria-label="{}">',
            reverse("articles:preview", kwargs={"pk": article.pk}),
            _("Open the preview"),
            _("Shareable link, valid for 7 days:"),
            settings.SITE_URL + preview_url(article),
            _("Shareable preview link"),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_publish"] = request.user.has_perm("articles.publish_article")
        return super().changeform_view(request, object_id, form_url, extra_context)

    # History --------------------------------------------------------------------------------------

    # django-simple-history looks the story and the revision up with the address's text as it is, so
    # .../article/abc/history/ raised a ValueError (a server error) where Django's own views answer 404.
    def history_view(self, request, object_id, extra_context=None):
        if not is_primary_key(self.model, object_id):
            raise Http404("No story has this address.")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (
            is_primary_key(self.model, object_id) and is_primary_key(self.model.history.model, version_id)
        ):
            raise Http404("No revision has this address.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    # Saving ---------------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            # The status moves only through transitions; a form or a revert cannot set it.
            obj.status = Article.objects.filter(pk=obj.pk).values_list("status", flat=True).get()
        else:
            obj.created_by = request.user
            obj.status = Article.Status.DRAFT
        if form.cleaned_data.get("mark_as_updated") and obj.published_at:
            obj.revised_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not form.instance.bylines.exists() and hasattr(request.user, "author_profile"):
            ArticleAuthor.objects.create(article=form.instance, author=request.user.author_profile)
        form.instance.refresh_latest_revision_relations()
        to_status = next(
            (status for button, status in TRANSITION_BUTTONS.items() if button in request.POST), None
        )
        if to_status is not None:
            # A fresh copy: form.instance carries the byline list prefetched before the inlines were saved.
            request._transition_ok = self._transition(
                request, Article.objects.get(pk=form.instance.pk), to_status
            )

    def _transition(self, request, article, to_status):
        try:
            services.article_transition(article=article, to_status=to_status, by=request.user)
        except PermissionDenied as error:
            self.message_user(request, str(error) or _("You may not do that."), messages.ERROR)
            return False
        except ValidationError as error:
            self.message_user(
                request,
                format_html(
                    "{}<ul>{}</ul>",
                    _("The story was saved but not moved to “%(status)s”:") % {"status": to_status.label},
                    format_html(
                        "".join(f"<li>{{{i}}}</li>" for i in range(len(error.messages))), *error.messages
                    ),
                ),
                messages.ERROR,
            )
            return False
        self.message_user(
            request, _("The story is now “%(status)s”.") % {"status": to_status.label}, messages.SUCCESS
        )
        return True

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "_transition_ok", None) is False:
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "_transition_ok", None) is False:
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    # Bulk actions ---------------------------------------------------------------------------------

    def _bulk_transition(self, request, queryset, to_status):
        done, refused = 0, []
        for article in queryset:
            try:
                services.article_transition(article=article, to_status=to_status, by=request.user)
                done += 1
            except PermissionDenied:
                refused.append(f"{article.headline}: {_('not allowed')}")
            except ValidationError as error:
                refused.append(f"{article.headline}: {' '.join(error.messages)}")
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d story is now “%(status)s”.", "%(count)d stories are now “%(status)s”.", done
                )
                % {"count": done, "status": to_status.label},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("Publish selected stories"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk_transition(request, queryset, Article.Status.PUBLISHED)

    @admin.action(description=_("Unpublish selected stories"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk_transition(request, queryset, Article.Status.UNPUBLISHED)

    @admin.action(description=_("Submit selected stories for review"), permissions=["change"])
    def submit_selected_for_review(self, request, queryset):
        self._bulk_transition(request, queryset, Article.Status.IN_REVIEW)


@admin.register(Correction)
class CorrectionAdmin(ModelAdmin):
    list_display = ["article", "corrected_at", "text"]
    autocomplete_fields = ["article"]
    date_hierarchy = "corrected_at"
    search_fields = ["text", "article__headline"]


@admin.register(ReaderAppeal)
class ReaderAppealAdmin(ModelAdmin):
    list_display = ["heading", "language", "is_active", "updated_at"]
    list_filter = ["is_active", "language"]
