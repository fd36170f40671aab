"""What the story's form says after a save that is not an error: a headline close to a recent story's (a
possible duplicate), and which story's video the video of the day replaces."""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles import permissions
from articles.duplicates import similar_recent_stories
from articles.models import Article
from articles.permissions import Action


class SaveNoticesMixin:
    def _say_which_video_is_replaced(self, request, article):
        before = request.video_of_the_day_before
        now = Article.objects.only("pk").video_of_the_day()
        if before is not None and now is not None and now.pk == article.pk != before.pk:
            self.message_user(
                request,
                _("This story's video is now the video of the day, in place of “%(headline)s”.")
                % {"headline": before.headline},
                messages.INFO,
            )

    def _video_of_the_day_help(self, story):
        current = Article.objects.only("pk", "headline").video_of_the_day()
        if current is None:
            return _(
                "Shown on the home page once the story is published. No story is the video of the day now."
            )
        if story is not None and current.pk == story.pk:
            return _("This story's video is the video of the day now.")
        return format_html(
            '{} <a href="{}">{}</a>',
            _("Ticking this replaces the video of the day once the story is published. Now:"),
            reverse("admin:articles_article_change", args=[current.pk]),
            current.headline,
        )

    def _warn_of_duplicates(self, request, article):
        for other in similar_recent_stories(article, seen_by=request.user):
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Is this a duplicate? A story of the last days has a close headline:"),
                    reverse("admin:articles_article_change", args=[other.pk])
                    if permissions.allowed(request.user, Action.VIEW, other)
                    else other.get_absolute_url(),
                    other.headline,
                ),
                messages.WARNING,
            )
