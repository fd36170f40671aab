""" "Translate this story" in the admin: a linked draft in another edition (articles.services.article_translate)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import permissions, services
from articles.editions import language_name_mid_sentence
from articles.models import Article
from articles.permissions import Action


class TranslateMixin:
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context.update(self._editions_of(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _editions_of(self, request, story):
        """The story's other editions, beside "Translate this story": each that exists, a link where the person
        may open it, and those that have none yet, the only ones offered (the form offered them all, and
        answered the original's own edition with "Choose another edition than the story's own")."""
        original_pk = story.translation_of_id or story.pk
        family = list(
            Article.objects.filter(Q(pk=original_pk) | Q(translation_of_id=original_pk)).only(
                "pk", "language", "headline", "translation_of_id"
            )
        )
        visible = set(
            Article.objects.visible_to(request.user)
            .filter(pk__in=[other.pk for other in family])
            .values_list("pk", flat=True)
        )
        names = dict(Article.Language.choices)
        others = [other for other in family if other.pk != story.pk and other.language in names]
        taken = {story.language, *(other.language for other in others)}
        return {
            "other_editions": [
                (
                    names[other.language],
                    other.headline if other.pk in visible else "",  # a colleague's draft: not its headline
                    reverse("admin:articles_article_change", args=[other.pk]) if other.pk in visible else "",
                    other.pk == original_pk,
                )
                for other in sorted(others, key=lambda other: list(names).index(other.language))
            ],
            "editions_to_translate": [
                (code, name)
                for code, name in names.items()
                if code in settings.NEWSROOM_EDITIONS and code not in taken
            ],
        }

    def translate_view(self, request, object_id):
        """ "Translate this story": a linked draft in another edition (articles.services.article_translate)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, object_id)  # 404 for a story this person may not see
        try:
            translation = services.article_translate(
                article=article, language=request.POST.get("language", ""), by=request.user
            )
        except ValidationError as error:
            self.message_user(request, self._refusal_message(request, article, error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        self.message_user(
            request,
            _(
                "A draft in %(language)s is ready, with the byline, image, tags, sources and quotes of the "
                "story it translates: translate its text, and each quote's words."
            )
            % {"language": language_name_mid_sentence(translation.get_language_display())},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[translation.pk]))

    def _refusal_message(self, request, article, error):
        """Why no draft was made; when the edition has its translation already, a link to it, which is
        what the editor wants next."""
        existing = None
        if getattr(error, "code", None) == "translation_exists":
            original = article.translation_of or article
            existing = Article.objects.filter(
                translation_of=original, language=request.POST.get("language", "")
            ).first()
        if existing is None:
            return " ".join(error.messages)
        if not permissions.allowed(request.user, Action.VIEW, existing):
            # A colleague's draft: that it exists, not its headline.
            return gettext("This story already has a translation in that edition.")
        link = format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[existing.pk]),
            existing.headline,
        )
        return mark_safe(
            escape(gettext("This story already has a translation in that edition: “%(headline)s”."))
            % {"headline": link}
        )
