"""The story's workflow in the admin: the buttons that move it between states (a refused move rolls the whole
save back, articles.admin.refusals), where the editor lands afterwards, and the bulk actions. Who may is decided
by articles.services and articles.permissions, whatever the button."""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import services
from articles.admin.refusals import TransitionRefused, problems_of
from articles.models import Article

# A story published with a date more than this before the moment of publishing is told as backdated.
BACKDATED_AFTER = timedelta(minutes=5)

TRANSITION_BUTTONS = {
    "_submit_review": Article.Status.IN_REVIEW,
    "_publish": Article.Status.PUBLISHED,
    "_schedule": Article.Status.SCHEDULED,
    "_unpublish": Article.Status.UNPUBLISHED,
    "_back_to_draft": Article.Status.DRAFT,
}


class WorkflowMixin:
    def transition_asked(self, request):
        """The state a workflow button in the posted form asks for, or None for a plain save."""
        return next((status for button, status in TRANSITION_BUTTONS.items() if button in request.POST), None)

    def _transition(self, request, article, to_status, note=""):
        try:
            services.article_transition(
                article=article, to_status=to_status, by=request.user, new_revision=False, note=note
            )
        except PermissionDenied as error:
            self.message_user(request, str(error) or _("You may not do that."), messages.ERROR)
            return False
        except ValidationError as error:
            raise TransitionRefused(
                _(
                    "Not moved to “%(status)s”, and nothing is saved yet: your changes are still in the form. "
                    "Fix these first:"
                )
                % {"status": to_status.label},
                problems_of(error),
            ) from error
        done = _("The story is now “%(status)s”.") % {"status": to_status.label}
        if to_status == Article.Status.PUBLISHED and article.published_at < timezone.now() - BACKDATED_AFTER:
            # "Publish now" keeps a date typed in the Published field (or an unpublished story's first one):
            # said, so that an editor who meant now sees it is dated otherwise.
            done = _("The story is now “%(status)s”, dated %(date)s: the date in its Published field.") % {
                "status": to_status.label,
                "date": formats.localize(timezone.localtime(article.published_at)),
            }
        if article.is_public():
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>', done, article.get_absolute_url(), _("See it on the site")
                ),
                messages.SUCCESS,
            )
        else:
            self.message_user(request, done, messages.SUCCESS)
        return True

    def response_add(self, request, obj, post_url_continue=None):
        if self._stays_on_story(request):
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if self._stays_on_story(request):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def _stays_on_story(self, request):
        """After a workflow button, or a refused one, the editor is back on the story, as in WordPress."""
        if "_popup" in request.POST:
            return False
        return getattr(request, "_transition_ok", None) is not None

    def _bulk_transition(self, request, queryset, to_status):
        done, already, refused = 0, 0, []
        for article in queryset:
            if article.status == to_status:
                already += 1  # nothing to do, and no revision saying it was done
                continue
            try:
                services.article_transition(article=article, to_status=to_status, by=request.user)
                done += 1
            except PermissionDenied as error:
                refused.append(f"{article.headline}: {error}")
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
        if already:
            self.message_user(
                request,
                ngettext(
                    "%(count)d story was “%(status)s” already.",
                    "%(count)d stories were “%(status)s” already.",
                    already,
                )
                % {"count": already, "status": to_status.label},
                messages.INFO,
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
