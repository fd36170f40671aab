"""A story's sourcing carried over to its translation (articles.services.article_translate).

The translation rests on the same evidence: each source is copied as it is (an interview given to Reuters is
the same interview in every edition), and each quote rests on the copy of its source. A quote keeps the words
as they were said in its original words, with their language, and its text is there to be translated.
"""

from sourcing.models import Quote, Source


def carry_sourcing_over(original, translation):
    copies = {}
    for source in Source.objects.filter(article=original).order_by("position", "pk"):
        old_pk = source.pk
        source.pk = source.id = None
        source.article = translation
        source.save()
        copies[old_pk] = source
    for quote in Quote.objects.filter(article=original).order_by("position", "pk"):
        if not quote.original_text:
            quote.original_text, quote.original_language = quote.text, original.language
        quote.pk = quote.id = None
        quote.article = translation
        quote.source = copies.get(quote.source_id)
        quote.save()
