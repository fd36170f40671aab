"""What machines see of a story's sourcing: schema.org JSON-LD, using only schema.org terms.

An article's JSON-LD gains `citation` (one CreativeWork per source readers may see; anonymous sources are
left out) and `hasPart` (one Quotation per quote, its creator a Person with the role they had then). A
speaker's page carries a ProfilePage whose mainEntity is the Person; an event's page the Event, with the
stories reported from it as its subjectOf.
"""

from articles.structured_data import article_url
from newsroom.site_url import absolute_url


def source_id(article_url, source):
    return f"{article_url}#{source.anchor}"


def source_creative_work(source, article_url):
    work = {"@type": "CreativeWork", "@id": source_id(article_url, source), "name": source.description}
    if source.url:
        work["url"] = source.url
    if source.archived_url:
        work["archivedAt"] = source.archived_url
    if source.outlet:
        work["publisher"] = {"@type": "Organization", "name": source.outlet}
    if source.date:
        work["datePublished"] = source.date.isoformat()
    return work


def speaker_person(person, role="", request=None):
    data = {"@type": "Person", "name": person.name, "url": absolute_url(person.get_absolute_url(), request)}
    if role:
        data["jobTitle"] = role
    if person.wikidata_id:
        data["sameAs"] = person.wikidata_url
    return data


def quotation(quote, article, article_url, request=None):
    data = {
        "@type": "Quotation",
        "@id": f"{article_url}#{quote.anchor}",
        "text": quote.text,
        "inLanguage": article.language,
    }
    if quote.speaker_id:
        data["creator"] = speaker_person(quote.speaker, quote.speaker_role, request)
    if quote.source_id and not quote.source.is_anonymous:
        data["isBasedOn"] = {"@id": source_id(article_url, quote.source)}
    if quote.said_on:
        data["dateCreated"] = quote.said_on.isoformat()
    if quote.is_translated:
        data["translationOfWork"] = {
            "@type": "Quotation",
            "text": quote.original_text,
            "inLanguage": quote.original_language,
        }
    return data


def article_jsonld_parts(article, request=None):
    """The sourcing keys of an article's NewsArticle JSON-LD: {"citation": [...], "hasPart": [...]}.

    Each key is present only when its list is not empty. Registered in
    `articles.structured_data.ARTICLE_JSONLD_PARTS` by `SourcingConfig.ready()`.

    Reads `article.sources.all()` and `article.quotes.all()`: prefetch them with
    `sourcing.prefetch.article_page_prefetches()` so that this costs no query.
    """
    article_url = absolute_url(article.get_absolute_url(), request)
    parts = {
        "citation": [
            source_creative_work(source, article_url)
            for source in article.sources.all()
            if not source.is_anonymous
        ],
        "hasPart": [quotation(quote, article, article_url, request) for quote in article.quotes.all()],
    }
    # A story without sources or quotes gets no empty keys in its JSON-LD.
    return {key: value for key, value in parts.items() if value}


def person_jsonld(person, request=None):
    """The JSON-LD document of a speaker's page."""
    entity = {"@id": absolute_url(person.get_absolute_url(), request) + "#person"}
    entity.update(speaker_person(person, role=person.current_role, request=request))
    if person.bio:
        entity["description"] = person.bio
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": absolute_url(person.get_absolute_url(), request),
        "mainEntity": entity,
    }


def event_jsonld(event, stories, request=None):
    """The JSON-LD document of an event's page: the Event (when and where) and this edition's `stories`
    reported from it, which link to it the other way through their citations' sources."""
    url = absolute_url(event.get_absolute_url(), request)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url + "#event",
        "name": event.name,
        "url": url,
        "startDate": event.date.isoformat(),
    }
    if event.place:
        data["location"] = {"@type": "Place", "name": event.place}
    if event.description:
        data["description"] = event.description
    if stories:
        data["subjectOf"] = [
            {
                "@type": "NewsArticle",
                "@id": article_url(request, story) + "#article",
                "url": article_url(request, story),
                "headline": story.headline,
                "inLanguage": story.language,
            }
            for story in stories
        ]
    return data
