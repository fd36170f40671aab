"""The story in the admin: its list and its form with the byline and other inlines, and how a save of it goes.
Its workflow's buttons and bulk actions are in articles.admin.workflow, its previews in articles.admin.preview,
"Translate this story" in articles.admin.translate, what a save says besides in articles.admin.notices, its
revisions in articles.admin.history."""

from django.conf import settings
from django.contrib import admin, messages
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from articles import permissions, revisions, services
from articles.admin.history import RevisionHistoryMixin
from articles.admin.notices import SaveNoticesMixin
from articles.admin.preview import PreviewLinksMixin
from articles.admin.refusals import Refusal, TransitionRefused, with_row_problems
from articles.admin.translate import TranslateMixin
from articles.admin.workflow import WorkflowMixin
from articles.forms import ArticleAdminForm
from articles.models import Article, ArticleAuthor, Correction
from articles.permissions import Action
from articles.sanitizer import safe_html
from newsroom.admin import CheckedInputMixin
from newsroom.admin_ordering import OrderedByDraggingMixin
from newsroom.pagination import EstimatedCountPaginator

# Other apps add inlines to the story's form in their AppConfig.ready() (sourcing: its sources and quotes);
# they stand between the byline and the corrections.
ARTICLE_INLINES = []

HEADLINE_SHOWN_BY_SEARCH_ENGINES = 110


class ArticleAuthorInline(OrderedByDraggingMixin, admin.TabularInline):
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

    # Someone who may not add corrections (a reporter) sees a story's corrections, and no empty
    # "Corrections" box on a story that has none.
    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and not self._nothing_to_show(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._nothing_to_show(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._nothing_to_show(request, obj)

    def _nothing_to_show(self, request, obj):
        # Asked without a story too (Django, for the rows' queryset): then there may be something.
        return obj is not None and not self.has_add_permission(request, obj) and not obj.corrections.exists()


class StateFilter(admin.SimpleListFilter):
    """Stories by their state as readers experience it, as the list's status column and the desk's counts
    show it: a scheduled story whose time has come is under "Published"."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Article.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Article.Status.values:
            return queryset.in_state(self.value())
        return queryset


@admin.register(Article)
class ArticleAdmin(
    WorkflowMixin,
    PreviewLinksMixin,
    TranslateMixin,
    SaveNoticesMixin,
    RevisionHistoryMixin,
    CheckedInputMixin,
    SimpleHistoryAdmin,
):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["headline", "status_badge", "section", "byline_column", "published_at", "language"]
    list_filter = [StateFilter, "section", "language", "kicker", "is_video_of_the_day"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags", "section", "lead_image", "translation_of"]
    actions = ["publish_selected", "unpublish_selected", "submit_selected_for_review"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator  # no COUNT(*) over every story to number the pages
    history_list_display = ["status"]
    object_history_template = "admin/articles/article/object_history.html"
    fieldsets = [
        (None, {"fields": ["headline", "kicker", "standfirst", "body", "opened_version"]}),
        (
            _("Filing"),
            {"fields": ["section", "tags", "language", "translation_of", "dateline", "byline_override"]},
        ),
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

    @property
    def inlines(self):  # read when a form is built, once the other apps have added theirs
        return [ArticleAuthorInline, *ARTICLE_INLINES, CorrectionInline]

    def get_inlines(self, request, obj):
        # A new story has no corrections: someone who may not add one (a reporter) had an empty "Corrections" box
        # on it. Left out of the form here, not only hidden, the same on the page and on its save, so Django expects
        # no management form for it from what the browser posts.
        inlines = super().get_inlines(request, obj)
        if obj is None and not CorrectionInline(self.model, self.admin_site).has_add_permission(request):
            inlines = [inline for inline in inlines if not issubclass(inline, CorrectionInline)]
        return inlines

    def get_queryset(self, request):
        # Every admin page that lists or names stories (list, change, delete, history, actions,
        # autocomplete) starts from here, so a reporter never reaches another reporter's story.
        return super().get_queryset(request).visible_to(request.user).prefetch_related("bylines__author")

    def get_object(self, request, object_id, from_field=None):
        # A story the person may not see answers 404, like one that does not exist; Django's own answer, a
        # redirect to the admin's home page, looked like success to a script.
        story = super().get_object(request, object_id, from_field)
        if story is None:
            raise Http404(_("No story you may see has this address."))
        story.viewed_by = request.user  # for the preview field, which gets only the story
        story.viewed_on = request  # for the shareable link's address (newsroom.site_url)
        return story

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "translation_of":
            # Only a story the person may see: a forged id would otherwise link, and name, a colleague's draft.
            kwargs["queryset"] = Article.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["workflow_status", "revised_at", "preview"]
        if not request.user.has_perm("articles.publish_article"):
            readonly += ["published_at", "unpublish_at", "video_of_the_day_in_words"]
        return readonly

    def get_changeform_initial_data(self, request):
        # A new story is in the edition of the language its author works in (the admin's), where that is one:
        # a Macedonian reporter's stories started in the English edition.
        initial = super().get_changeform_initial_data(request)
        language = get_language()
        if "language" not in initial and language in settings.NEWSROOM_EDITIONS:
            initial["language"] = language
        return initial

    def get_fieldsets(self, request, obj=None):
        # Django shows a read-only field as it stores it: a yes-or-no as its red ✗ or green ✓ icon ("False" to a
        # screen reader), which on every story a reporter opened, who may not choose the video of the day, looked
        # like an error; the body as its HTML source. Each is shown as a person reads it instead.
        view_only = obj is not None and not self.has_change_permission(request, obj)
        shown_instead = {}
        if view_only or not request.user.has_perm("articles.publish_article"):
            shown_instead["is_video_of_the_day"] = "video_of_the_day_in_words"
        if view_only:
            shown_instead["body"] = "body_as_readers_see_it"
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [shown_instead.get(field, field) for field in options["fields"]]
            if view_only:
                # The form's own questions ("Substantive update"), not the story's: read-only they said
                # "Mark as updated: None".
                fields = [field for field in fields if field not in ArticleAdminForm.declared_fields]
            elif obj is None:
                fields = [field for field in fields if field != "mark_as_updated"]  # nothing to update yet
            fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        return permissions.allowed(request.user, Action.VIEW, obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return permissions.allowed(request.user, Action.EDIT, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return permissions.allowed(request.user, Action.DELETE, obj)

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

    @admin.display(description=Article._meta.get_field("is_video_of_the_day").verbose_name)
    def video_of_the_day_in_words(self, article):
        return _("Yes") if article.is_video_of_the_day else _("No")

    @admin.display(description=Article._meta.get_field("body").verbose_name)
    def body_as_readers_see_it(self, article):
        return safe_html(article.body)

    @admin.display(description=_("status"))
    def workflow_status(self, article):
        if not article.pk:
            return Article.Status.DRAFT.label
        return self.status_badge(article)

    def get_urls(self):
        revoke_preview_links = path(
            "<path:object_id>/revoke-preview-links/",
            self.admin_site.admin_view(self.revoke_preview_links_view),
            name="articles_article_revoke_preview_links",
        )
        translate = path(
            "<path:object_id>/translate/",
            self.admin_site.admin_view(self.translate_view),
            name="articles_article_translate",
        )
        # Before Django's catch-all <object_id>/ redirect.
        return [revoke_preview_links, translate, *super().get_urls()]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_publish"] = permissions.is_editor(request.user)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.LiveStoryIncomplete as error:
            refusal = Refusal(
                _(
                    "Not saved: a published or scheduled story must keep what publishing requires. Your changes "
                    "are still in the form; fix these, then save again."
                ),
                error.problems,
            )
        except TransitionRefused as error:
            refusal = error.refusal
        # Django's transaction around the save rolled everything back. Show the same form again, from what the
        # editor posted, with the problems at the top and each beside the field or row it concerns (the form
        # and the inline formsets read request.form_refusal), and drop the messages of the refused save.
        for _message in messages.get_messages(request):
            pass
        request.form_refusal = refusal
        return super().changeform_view(request, object_id, form_url, extra_context | {"refusal": refusal})

    class Media:
        js = ["js/article-admin.js"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "headline" in form.base_fields:
            # Google shows a news headline up to 110 characters (its NewsArticle guidelines); the counter says
            # where the editor stands.
            form.base_fields["headline"].widget.attrs.update(
                {
                    "data-count-limit": HEADLINE_SHOWN_BY_SEARCH_ENGINES,
                    "data-count-label": _("%(count)s characters; search engines show up to %(limit)s."),
                }
            )
        if "is_video_of_the_day" in form.base_fields:
            form.base_fields["is_video_of_the_day"].help_text = self._video_of_the_day_help(obj)
        form.user = request.user
        form.refusal = getattr(request, "form_refusal", None)
        form.restoring = getattr(request, "restoring_revision", False)
        return form

    def get_formsets_with_inlines(self, request, obj=None):
        refusal = getattr(request, "form_refusal", None)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield (with_row_problems(formset, refusal.problems) if refusal else formset), inline

    # Saving ---------------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("mark_as_updated") and obj.published_at:
            obj.revised_at = timezone.now()
        request.video_of_the_day_before = Article.objects.only("pk", "headline").video_of_the_day()
        services.article_save(article=obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        # Each inline's formset sees the others when it saves: a quote may rest on a source added in the same
        # form, saved a moment before it (sourcing.admin.QuoteFormSet).
        for formset in formsets:
            formset.siblings = {other.prefix: other for other in formsets}
        # A changed tag would otherwise make a revision of its own, of the story half saved: the revision of
        # this save is the one save_model made.
        form.instance.skip_history_when_saving = True
        try:
            super().save_related(request, form, formsets, change)
        finally:
            del form.instance.skip_history_when_saving
        if not change and not form.instance.bylines.exists() and hasattr(request.user, "author_profile"):
            ArticleAuthor.objects.create(article=form.instance, author=request.user.author_profile)
        to_status = self.transition_asked(request)
        if to_status is not None:
            # A fresh copy: form.instance carries the byline list prefetched before the inlines were saved.
            request._transition_ok = self._transition(
                request,
                Article.objects.get(pk=form.instance.pk),
                to_status,
                note=form.cleaned_data.get("note_to_reporter", ""),
            )
        # One save, one revision: the one save_model made, now holding the byline, sources, quotes and status;
        # none when the story is as it was (a Save pressed with nothing changed).
        form.instance.complete_latest_revision()
        if change:
            revisions.discard_latest_revision_if_unchanged(form.instance)
        # Last, once everything is written: a live story that now lacks something is refused whole
        # (changeform_view shows the form again).
        services.check_live_story(form.instance.pk)
        if "headline" in form.changed_data:
            self._warn_of_duplicates(request, form.instance)
        self._say_which_video_is_replaced(request, form.instance)
