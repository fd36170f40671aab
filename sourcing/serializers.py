"""The sources and quotes of published stories as plain data, for the read-only JSON endpoints.

Fact-checkers and researchers get what readers see: an anonymous source shows only that it is anonymous and
its public description; its real description, links and the staff-only justification never leave the site.
"""

from newsroom.site_url import absolute_url


def event_data(event, request):
    if event is None:
        return None
    return {
        "name": event.name,
        "date": event.date.isoformat(),
        "place": event.place,
        "url": absolute_url(event.get_absolute_url(), request),
    }


def source_data(source, request):
    if source.is_anonymous:
        return {
            "id": source.pk,
            "kind": "anonymous",
            "on_record": False,
            "description": source.public_description,
            "date": source.date.isoformat() if source.date else None,
        }
    return {
        "id": source.pk,
        "kind": source.kind,
        "on_record": True,
        "description": source.description,
        "outlet": source.outlet,
        "url": source.url or None,
        "archived_url": source.archived_url or None,
        "date": source.date.isoformat() if source.date else None,
        "event": event_data(source.event, request),
    }


def speaker_data(person, request):
    if person is None:
        return None
    return {
        "name": person.name,
        "url": absolute_url(person.get_absolute_url(), request),
        "wikidata_id": person.wikidata_id or None,
    }


def quote_data(quote, article, request):
    return {
        "id": quote.pk,
        "url": absolute_url(f"{article.get_absolute_url()}#{quote.anchor}", request),
        "text": quote.text,
        "language": article.language,
        "kind": quote.kind,
        "original_text": quote.original_text or None,
        "original_language": quote.original_language or None,
        "speaker": speaker_data(quote.speaker, request),
        "role": quote.speaker_role or None,
        "source_id": quote.source_id,
        "said_on": quote.said_on.isoformat() if quote.said_on else None,
        "event": event_data(quote.event, request),
    }


def article_data(article, request):
    return {
        "headline": article.headline,
        "url": absolute_url(article.get_absolute_url(), request),
        "language": article.language,
        "published_at": article.published_at.isoformat(),
    }


def article_sourcing_data(article, request):
    """An article with its sources and quotes (prefetched with `article_page_prefetches`)."""
    return {
        "article": article_data(article, request),
        "sources": [source_data(source, request) for source in article.sources.all()],
        "quotes": [quote_data(quote, article, request) for quote in article.quotes.all()],
    }


def person_quote_data(quote, request):
    """One of a speaker's quotes, with its story and its source inline."""
    data = quote_data(quote, quote.article, request)
    data["article"] = article_data(quote.article, request)
    data["source"] = source_data(quote.source, request) if quote.source_id else None
    return data
