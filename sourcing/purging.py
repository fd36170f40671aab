"""Which public pages show sourcing's rows, named by surrogate keys, and purging them from the caching proxy
in front (newsroom.purge, as articles.purging does for stories) when a quote, source, person or event changes.

The keys:

- `person-<pk>`, `event-<pk>`: a speaker's or an event's pages (the page, its JSON) in every edition: each
  edition's page also leads to the others when it has no quotes of its own, and the JSON lists them all;
- `quotes-<edition>`, `people-<edition>`: the quotes list and the people index of an edition;
- a story's own `article-<pk>`, which shows its sources and quotes (its "How we reported this" panel).

A story's change purges, beside its own pages, the pages of the people and events its quotes and sources
name (`pages_of_story`, registered in articles.purging.EXTRA_STORY_KEYS). A quote, source, person or event
saved or deleted on its own purges the pages that show it, as it was and as it is, once the transaction
commits; nothing when it shows only in drafts. Rows deleted with their story are left to the story's purge.
"""

from django.db.models import IntegerField, QuerySet, Value
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from articles.models import Article
from articles.purging import edition_keys
from newsroom import surrogate
from newsroom.purge import purge_on_commit, when_proxied
from sourcing.models import Event, Person, Quote, Source

# A purge is one request to the proxy with the keys in a header (Varnish's limit is 8 KB by default): a
# speaker quoted in a thousand stories is purged in parts.
KEYS_PER_PURGE = 200


def person_key(pk):
    return f"person-{pk}"


def event_key(pk):
    return f"event-{pk}"


def add_person_keys(request, person):
    """Views: the page shows `person` (in any edition)."""
    surrogate.add_keys(request, person_key(person.pk))


def add_event_keys(request, event):
    surrogate.add_keys(request, event_key(event.pk))


def _purge(keys):
    keys = sorted(set(keys))
    for start in range(0, len(keys), KEYS_PER_PURGE):
        purge_on_commit(keys[start : start + KEYS_PER_PURGE])


def _ids(*ids):
    return {pk for pk in ids if pk is not None}


def _story_of(row):
    """The language of a quote's or source's story if readers may see it, else None: a draft's quotes show
    nowhere. The story the row holds when it has one (the story's form saves its quotes after it), no query."""
    if type(row).article.is_cached(row):
        return row.article.language if row.article.is_public() else None
    return Article.objects.published().filter(pk=row.article_id).values_list("language", flat=True).first()


def _deleted_with_its_story(origin):
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return issubclass(model, Article)


# A story's change (articles.purging.EXTRA_STORY_KEYS) ----------------------------------------------------


def pages_of_story(article):
    """The speakers' and events' pages of a story's quotes and sources, and its edition's quotes list and
    people index when it has quotes. One query: the quotes' speakers and events, with the sources' events."""
    no_speaker = Value(None, output_field=IntegerField())
    rows = (
        Quote.objects.filter(article=article.pk)
        .order_by()
        .values_list(Value(1, output_field=IntegerField()), "speaker_id", "event_id")
        .union(
            Source.objects.filter(article=article.pk, event__isnull=False)
            .order_by()
            .values_list(Value(0, output_field=IntegerField()), no_speaker, "event_id")
        )
    )
    keys, quoted = [], False
    for is_quote, speaker_id, event_id in rows:
        quoted = quoted or bool(is_quote)
        keys += [person_key(pk) for pk in _ids(speaker_id)] + [event_key(pk) for pk in _ids(event_id)]
    if quoted:
        keys += edition_keys("quotes", "people", edition=article.language)
    return keys


# A quote or source changed on its own -------------------------------------------------------------------


@when_proxied
def _before_save(sender, instance, raw=False, **kwargs):
    """What the row named before the save: a quote's speaker and event, a source's event."""
    instance._purge_before = {}
    if raw or instance.pk is None:
        return
    fields = ("speaker_id", "event_id") if sender is Quote else ("event_id",)
    before = sender.objects.filter(pk=instance.pk).values(*fields).first()
    instance._purge_before = before or {}


def _quote_keys(quote, language):
    before = getattr(quote, "_purge_before", {})
    speakers = _ids(quote.speaker_id, before.get("speaker_id"))
    events = _ids(quote.event_id, before.get("event_id"))
    return [
        f"article-{quote.article_id}",
        *edition_keys("quotes", "people", edition=language),
        *(person_key(pk) for pk in speakers),
        *(event_key(pk) for pk in events),
    ]


def _source_keys(source, language):
    """A source shows on its story's page, its event's page and, under each of its quotes, in the quotes
    list and on the speakers' pages."""
    before = getattr(source, "_purge_before", {})
    speakers = Quote.objects.filter(source=source.pk, speaker__isnull=False).values_list("speaker", flat=True)
    return [
        f"article-{source.article_id}",
        *edition_keys("quotes", edition=language),
        *(person_key(pk) for pk in set(speakers)),
        *(event_key(pk) for pk in _ids(source.event_id, before.get("event_id"))),
    ]


@when_proxied
def _quote_or_source_changed(sender, instance, raw=False, origin=None, **kwargs):
    if raw or (origin is not None and _deleted_with_its_story(origin)):
        return
    language = _story_of(instance)
    if language is not None:
        _purge(_quote_keys(instance, language) if sender is Quote else _source_keys(instance, language))


# A person or event changed on its own -------------------------------------------------------------------


def _shown_with(quotes, stories=()):
    """The pages that show a person or an event through `quotes` (public ones) and `stories` (rows of
    (story, language)): those stories, their editions' lists and sitemaps, the other speakers' and events'."""
    keys = []
    rows = quotes.values_list("article_id", "article__language", "speaker_id", "event_id").distinct()
    for article_id, language, speaker_id, event_id in rows:
        keys += [f"article-{article_id}", *edition_keys("quotes", "people", "sitemap", edition=language)]
        keys += [person_key(pk) for pk in _ids(speaker_id)] + [event_key(pk) for pk in _ids(event_id)]
    for article_id, language in stories:
        keys += [f"article-{article_id}", *edition_keys("sitemap", edition=language)]
    return keys


@when_proxied
def _person_or_event_changed(sender, instance, raw=False, created=False, **kwargs):
    """Its name, role or address shows on its own pages, the stories that quote it, the lists of quotes and
    people, and the pages of the events or speakers beside it. A new one shows nowhere yet."""
    if raw or created:
        return
    if sender is Person:
        keys = [person_key(instance.pk), *_shown_with(Quote.objects.public().filter(speaker=instance.pk))]
    else:
        quotes = Quote.objects.public().filter(event=instance.pk)
        stories = (
            Source.objects.public().filter(event=instance.pk).values_list("article", "article__language")
        )
        keys = [event_key(instance.pk), *_shown_with(quotes, stories.distinct())]
    _purge(keys)


@when_proxied
def _person_or_event_deleted(sender, instance, **kwargs):
    """Read before the row goes: an event's quotes and sources lose it in the same delete. (A quoted person
    cannot be deleted.)"""
    _person_or_event_changed(sender, instance)


def connect_signals():
    """Called from SourcingConfig.ready()."""
    for model in (Quote, Source):
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"sourcing.purge.before.{model.__name__}")
        for signal in (post_save, post_delete):
            signal.connect(
                _quote_or_source_changed,
                sender=model,
                dispatch_uid=f"sourcing.purge.{model.__name__}.{id(signal)}",
            )
    for model in (Person, Event):
        post_save.connect(
            _person_or_event_changed, sender=model, dispatch_uid=f"sourcing.purge.{model.__name__}"
        )
        pre_delete.connect(
            _person_or_event_deleted, sender=model, dispatch_uid=f"sourcing.purge.delete.{model.__name__}"
        )
