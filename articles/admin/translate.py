""" "Translate this story" in the admin: a linked draft in another edition (articles.services.article_translate)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles import services


class TranslateMixin:
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
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        self.message_user(
            request,
            _(
                "A draft in %(language)s is ready, with the byline, image, tags, sources and quotes of the "
                "story it translates: translate its text, and each quote's words."
            )
            % {"language": translation.get_language_display()},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[translation.pk]))
