"""A story's sourcing carried over to its translation (articles.services.article_translate).

The translation rests on the same evidence: each source is copied as it is (an interview given to Reuters is
the same interview in every edition), and each quote rests on the copy of its source. A quote keeps the words
as they were said in its original words, with their language, and its text is there to be translated. The
body's pull-quote shortcodes are renumbered to the copies, so that the translation places its own quotes.
"""

from sourcing.models import Quote, Source
from sourcing.models.quotes import SHORTCODE_RE


def carry_sourcing_over(original, translation):
    copies = {}
    for source in Source.objects.filter(article=original).order_by("position", "pk"):
        old_pk = source.pk
        source.pk = source.id = None
        source.article = translation
        source.save()
        copies[old_pk] = source
    quote_copies = {}
    for quote in Quote.objects.filter(article=original).order_by("position", "pk"):
        if not quote.original_text:
            quote.original_text, quote.original_language = quote.text, original.language
        old_pk = quote.pk
        quote.pk = quote.id = None
        quote.article = translation
        quote.source = copies.get(quote.source_id)
        quote.save()
        quote_copies[old_pk] = quote.pk
    _place_copied_quotes(translation, quote_copies)


def _place_copied_quotes(translation, quote_copies):
    def renumbered(match):
        copy = quote_copies.get(int(match.group(1)))
        return match.group(0) if copy is None else f"[quote {copy}]"

    body = SHORTCODE_RE.sub(renumbered, translation.body or "")
    if body != translation.body:
        # An update, not save(): the translation's revision is completed after every step has run.
        type(translation)._default_manager.filter(pk=translation.pk).update(body=body)
        translation.body = body
