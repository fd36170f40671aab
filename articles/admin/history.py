"""A story's revisions in the admin: the history list, one revision shown and restored, two compared.

django-simple-history draws the pages; this mixin answers 404 for addresses that name no story or revision
(its own views raised server errors), restores through `services.article_restore` (editors only, publish
checks and all) and adds the comparison page.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles import permissions, revisions, services
from articles.admin.refusals import refusal_message
from articles.permissions import Action
from articles.sanitizer import sanitize_html
from newsroom.admin import is_primary_key


class RevisionHistoryMixin:
    """For ArticleAdmin, ahead of SimpleHistoryAdmin."""

    # django-simple-history looks the story and the revision up with the address's text as it is, so
    # .../article/abc/history/ raised a ValueError (a server error) where Django's own views answer 404.
    def history_view(self, request, object_id, extra_context=None):
        if not is_primary_key(self.model, object_id):
            raise Http404("No story has this address.")
        self.get_object(request, object_id)  # 404 unless the person may see the story
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A revision, shown as it reads (`revision_view`); posting restores it through
        `services.article_restore`, which brings back its content, tags, byline and rows as a new revision
        (editors only, publish checks and all). django-simple-history's own page was the story form, editable
        but restoring none of what was typed into it, and its POST saved whatever the form carried."""
        if not (
            is_primary_key(self.model, object_id) and is_primary_key(self.model.history.model, version_id)
        ):
            raise Http404("No revision has this address.")
        article = self.get_object(request, object_id)
        revision = get_object_or_404(self.model.history.model, id=article.pk, history_id=version_id)
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        if request.method != "POST":
            return self.revision_view(request, article, revision)
        try:
            services.article_restore(article=article, revision=revision, by=request.user)
        except services.LiveStoryIncomplete as refusal:
            self.message_user(
                request, refusal_message(_("The revision was not restored:"), refusal), messages.ERROR
            )
            return HttpResponseRedirect(request.path)
        self.message_user(
            request,
            _("The revision of %(date)s is restored, as a new revision.")
            % {"date": revisions.revision_time(revision.history_date)},  # as the history lists it
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def render_history_view(self, request, template, context, **kwargs):
        if template == self.object_history_template:  # the list: each revision beside the one before it
            records = list(context["page_obj"].object_list)
            context["revisions"] = [
                (record, older, revisions.reason_shown(record))
                for record, older in zip(records, [*records[1:], None], strict=True)
            ]
        return super().render_history_view(request, template, context, **kwargs)

    def revision_view(self, request, article, revision):
        newest = article.history.order_by("-history_id").values_list("history_id", flat=True).first()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revision of %(date)s") % {"date": revisions.revision_time(revision.history_date)},
            "opts": self.opts,
            "original": article,
            "revision": revision,
            "what_was_done": revisions.reason_shown(revision),
            "is_newest": revision.history_id == newest,
            "newest_id": newest,
            "lines": revisions.describe(revision),
            "body": mark_safe(sanitize_html(revision.body)),  # sanitized: what readers would read
            "may_restore": permissions.allowed(request.user, Action.RESTORE, article),
        }
        return TemplateResponse(request, "admin/articles/article/revision.html", context)

    def get_urls(self):
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.revision_compare_view),
            name="articles_article_revision_compare",
        )
        # Before simple-history's .../history/<version_id>/, which would take "compare" for a version, and
        # Django's catch-all <object_id>/ redirect.
        return [compare, *super().get_urls()]

    def revision_compare_view(self, request, object_id):
        """What differs between two revisions (?from=<id>&to=<id>; by default the newest and the one before)."""
        article = self.get_object(request, object_id)
        history = article.history.order_by("-history_id")
        chosen = [request.GET.get(name, "") for name in ("from", "to")]
        if all(value.isdigit() and len(value) < 12 for value in chosen):
            older = get_object_or_404(history, history_id=int(chosen[0]))
            newer = get_object_or_404(history, history_id=int(chosen[1]))
        elif any(chosen):
            raise Http404("No such revisions.")
        else:
            newer, older = (list(history[:2]) * 2)[:2]
        if older.history_date > newer.history_date:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare revisions of “%(story)s”") % {"story": article},
            "opts": self.opts,
            "original": article,
            "older": older,
            "newer": newer,
            "differences": revisions.compare(older, newer),
        }
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def revert_disabled(self, request, obj=None):
        return obj is None or not permissions.allowed(request.user, Action.RESTORE, obj)
