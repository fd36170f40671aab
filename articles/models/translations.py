"""A story in the other editions: the translations linked to it (Article.translation_of), as readers are offered
them and as the model keeps them consistent."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.queries import ARTICLE_PAGE_ROWS
from newsroom.related_rows import RelatedRows


class TranslatedStoryMixin:
    """For Article: its field `translation_of` points at the story it translates, one translation per edition
    (the database's constraints); this checks the rest and finds the story in the other editions."""

    def _clean_translation_of(self):
        original = self.translation_of
        if original is None:
            self._clean_language_of_original()
            return
        if original.translation_of_id is not None:  # a translation of a translation is one of the original's
            original = self.translation_of = original.translation_of
        if original.pk == self.pk:
            raise ValidationError(
                {"translation_of": _("A story cannot be its own translation.")}, code="own_translation"
            )
        if original.language == self.language:
            raise ValidationError(
                {"translation_of": _("A translation is in another edition than the story it translates.")},
                code="translation_same_language",
            )

    def _clean_language_of_original(self):
        # The original's side of "a translation is in another edition": an original moved into the edition of
        # one of its translations would make two versions of the story there (the database's constraint holds
        # one per edition among the translations only), its old address would lead to the translation, and
        # the translation's page would name no original for x-default.
        if self.pk is None:
            return
        translations = type(self)._default_manager.filter(translation_of_id=self.pk, language=self.language)
        if translations.exists():
            message = _("This story already has a translation in that edition.")
            raise ValidationError({"language": ValidationError(message, code="edition_has_a_translation")})

    def translations_for_readers(self, at=None):
        """The published stories that are this one in the other editions, by language. For an original,
        its translations, read from the article page's own row (for_article_page) when they are there; for
        a translation, its original and the original's other translations, in one query."""
        at = at or timezone.now()
        if self.translation_of_id is None:
            others = [story for story in self.translations.all() if story.is_public(at)]
        else:
            others = (
                type(self)
                .objects.published(at)
                .filter(Q(pk=self.translation_of_id) | Q(translation_of_id=self.translation_of_id))
                .exclude(pk=self.pk)
                .only("pk", "slug", "language", "headline", "translation_of", "status", "published_at")
            )
        return {story.language: story for story in others if story.language != self.language}


def read_translations_with_the_page(article_model):
    """The article page reads the story's translations inside its own row (translations_for_readers), drafts
    included: they are filtered there."""
    ARTICLE_PAGE_ROWS["page_translations"] = RelatedRows(
        "translations",
        article_model,
        "translation_of",
        ["id", "slug", "language", "headline", "translation_of", "status", "published_at", "unpublish_at"],
        ordering=["language"],
    )
