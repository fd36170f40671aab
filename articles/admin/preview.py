"""The story's previews in the admin: the preview field with its shareable link and the button that revokes the
links shared before, and "View on site" opening the preview of a story readers cannot see yet."""

from django.contrib import admin, messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles import permissions
from articles.models import Article
from articles.permissions import Action
from articles.preview import preview_url, revoke_preview_links
from newsroom.site_url import absolute_url


class PreviewLinksMixin:
    @admin.display(description=_("preview"))
    def preview(self, article):
        if not article.pk:
            return _("Save the story to preview it.")
        viewer = getattr(article, "viewed_by", None)
        staff_preview = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("articles:preview", kwargs={"pk": article.pk}),
            _("Open the preview"),
        )
        # What a shared link does now is decided in articles.preview; this says it to the editor.
        if article.is_public():
            shared = _("The story is public: shared preview links lead to its page.")
        elif article.effective_status == Article.Status.UNPUBLISHED:
            shared = _("Shared preview links do not work while the story is unpublished.")
        elif viewer is not None and permissions.allowed(viewer, Action.SHARE_PREVIEW, article):
            shared = format_html(
                '{} <input type="text" readonly class="preview-link" value="{}" aria-label="{}">',
                _("Shareable link, valid for 7 days:"),
                absolute_url(preview_url(article), getattr(article, "viewed_on", None)),
                _("Shareable preview link"),
            )
            if permissions.allowed(viewer, Action.REVOKE_PREVIEW, article):
                # A submit button of the change form sent to another address: a form cannot hold a form.
                shared = format_html(
                    '{}<br><button type="submit" class="button" formaction="{}" formmethod="post" formnovalidate>'
                    '{}</button> <span class="help">{}</span>',
                    shared,
                    reverse("admin:articles_article_revoke_preview_links", args=[article.pk]),
                    _("Revoke shared links and make a new one"),
                    _(
                        "Links sent before stop working. Save your changes first: this button does not save them."
                    ),
                )
        else:
            return staff_preview
        return format_html("{}<br>{}", staff_preview, shared)

    def revoke_preview_links_view(self, request, object_id):
        """The preview field's revoke button. It is POSTed with the change form, CSRF token included; the
        form's other fields are ignored. Who may revoke is decided by articles.preview.revoke_preview_links."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, object_id)  # 404 for a story this person may not see
        revoke_preview_links(article=article, by=request.user)  # PermissionDenied (403) for a non-editor
        self.message_user(
            request,
            _("The story's earlier shared links no longer work; the new one is below."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def get_view_on_site_url(self, obj=None):
        # "View on site" on a story readers cannot see yet opens its preview, not a 404.
        if obj is not None and obj.pk and not obj.is_public():
            return reverse("articles:preview", kwargs={"pk": obj.pk})
        return super().get_view_on_site_url(obj)
