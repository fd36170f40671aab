"""The content generation: a random token in the shared cache that changes whenever content changes.

Every cached page and fragment names the generation it was rendered in and is used only while that is
still the current one, so one change makes everything that could show it stale at once. Which saves,
deletes and many-to-many changes are content changes is for the apps to say (`register_content`, called in
their AppConfig.ready()); this module knows no app.

Time changes content too, with no save to announce it (a scheduled story appears, an expiring one
leaves). The apps say when that next happens (`register_next_change`); the soonest such moment is read
once per generation, and nothing is kept beyond it.

Writes that bypass model signals (`QuerySet.update()`, `bulk_create()`, raw SQL) must call
`content_changed()` themselves; `bench/seed.py` does.
"""

import contextvars
import logging
import secrets
import time
from contextlib import contextmanager, nullcontext

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
NO_NEXT_CHANGE = 0.0

# App labels ("articles": every model of the app) and model labels ("membership.tier").
_content_labels = set()
# Callables: at -> the next aware datetime when content changes by itself, or None.
_next_change_sources = []


def register_content(*labels):
    """Saves, deletes and many-to-many changes of these models change what public pages show.

    An app label covers every model of the app, those added later too; a model label ("membership.tier")
    covers that model alone.
    """
    _content_labels.update(label.lower() for label in labels)


def register_next_change(source):
    """`source(at)` gives the next moment after `at` when content changes with no save (or None)."""
    if source not in _next_change_sources:  # ready() can run more than once
        _next_change_sources.append(source)


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def page_cache_timeout():
    return getattr(settings, "PAGE_CACHE_TIMEOUT", 3600)


# Changing and reading the generation ---------------------------------------------------------------------


def fresh_generation():
    """A new generation value: when it began (what a database replica must have replayed before its reads
    show the content: newsroom.db_router), and a random part."""
    return f"{time.time():.3f}-{secrets.token_hex(4)}"


def generation_began(generation):
    """When `generation` began, in seconds since the epoch; None for a value without a time."""
    try:
        return float(str(generation).split("-", 1)[0])
    except ValueError:
        return None


def content_changed(**kwargs):
    """Make every cached page and fragment stale now, and again when the current transaction commits.

    The second bump closes a race: a reader who read the new generation before the commit could render
    the old content into it; the bump after the commit abandons whatever was rendered in between.
    """
    _new_generation()
    if connection.in_atomic_block:
        transaction.on_commit(_new_generation)


def _new_generation():
    seen = _generation_seen.get()
    if seen is not None:
        seen.clear()  # this request changed content: what it shows next must come from the new generation
    # A cache kept in the database (production without Redis) can fail inside the writer's transaction,
    # e.g. during the first `migrate`, before its table exists; on PostgreSQL that would abort the writer's
    # transaction too. In a savepoint, a failing cache loses only the bump, never the writer's data.
    in_savepoint = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        with in_savepoint:
            cache = page_cache()
            cache.set(GENERATION_KEY, fresh_generation(), timeout=None)
        forget = getattr(cache, "forget_tracked", None)  # a backend that keeps values in this process
        if forget is not None:
            forget(GENERATION_KEY)
    except Exception:
        # With the cache unreachable nothing can be served from it either; readers get fresh pages.
        logger.exception("Page cache: could not start a new content generation")


def current_generation():
    cache = page_cache()
    # A backend with client tracking (newsroom.pagecache.tracking) answers from this process's memory until
    # the cache server reports a change: no round trip.
    generation = getattr(cache, "get_tracked", cache.get)(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


# The generation a request has seen: read once per request, not once per fragment. Set by the page cache
# middleware for the length of a request; outside requests (commands, the shell) every call reads it afresh.
_generation_seen = contextvars.ContextVar("page_cache_generation_seen", default=None)


@contextmanager
def once_per_request():
    """Within this block `request_generation()` reads the generation once (and again after a change)."""
    token = _generation_seen.set({})
    try:
        yield _generation_seen.get()
    finally:
        _generation_seen.reset(token)


def request_generation():
    seen = _generation_seen.get()
    if seen is None:
        return current_generation()
    if "generation" not in seen:
        seen["generation"] = current_generation()
    return seen["generation"]


def _on_save_or_delete(sender, **kwargs):
    if is_content_model(sender):
        content_changed()


def _on_m2m_changed(sender, action, **kwargs):
    if action.startswith("post_") and is_content_model(sender):
        content_changed()


def is_content_model(model):
    return model._meta.app_label in _content_labels or model._meta.label_lower in _content_labels


def connect_signals():
    """Called from NewsroomConfig.ready(), so admin, shell, management commands and workers all bump."""
    post_save.connect(_on_save_or_delete, dispatch_uid="page_cache.post_save")
    post_delete.connect(_on_save_or_delete, dispatch_uid="page_cache.post_delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="page_cache.m2m_changed")


# Time-driven changes -------------------------------------------------------------------------------------


def next_scheduled_change(at):
    """The soonest moment after `at` when content changes by itself, or None."""
    moments = [moment for source in _next_change_sources if (moment := source(at)) is not None]
    return min(moments) if moments else None


_local_next_change = {}  # this worker's copy for the current generation: {generation: timestamp}


def next_change_timestamp(generation, now):
    """The next scheduled change as a POSIX timestamp (NO_NEXT_CHANGE for none), kept for `generation` in
    the shared cache and in this worker, and read again once it has passed."""
    kept = _local_next_change.get(generation)
    if kept is not None and (kept == NO_NEXT_CHANGE or kept > now.timestamp()):
        return kept
    cache = page_cache()
    key = f"page-cache:next-change:{generation}"
    value = cache.get(key)
    if value is None or (value != NO_NEXT_CHANGE and value <= now.timestamp()):
        moment = next_scheduled_change(now)
        value = moment.timestamp() if moment else NO_NEXT_CHANGE
        timeout = page_cache_timeout()
        if value != NO_NEXT_CHANGE:
            timeout = min(timeout, value - now.timestamp())
        if timeout >= 1:
            cache.set(key, value, timeout=timeout)
    _local_next_change.clear()
    _local_next_change[generation] = value
    return value


def expires_at(generation, now):
    """When something rendered now in `generation` must go: after the page cache's timeout, or at the next
    scheduled change if that comes first."""
    expiry = now.timestamp() + page_cache_timeout()
    next_change = next_change_timestamp(generation, now)
    return expiry if next_change == NO_NEXT_CHANGE else min(expiry, next_change)


class ContentVersion:
    """What a template's `{% cache %}` of content needs, as `content_cache` in every request's context:

        {% cache content_cache.seconds "related" content_cache.generation article.pk using="fragments" %}

    `generation` in the key makes the fragment stale at the next content change; `seconds` keeps it no
    longer than the next scheduled change. Read only when a template asks (admin pages never do).
    """

    def __init__(self):
        self._now = timezone.now()
        self._generation = self._seconds = None

    def _read(self):
        try:
            self._generation = request_generation()
            self._seconds = int(expires_at(self._generation, self._now) - self._now.timestamp())
        except Exception:
            # The cache or the database is away: a key of its own and no time to keep, so a fresh render.
            logger.exception("Page cache: no content generation; rendering fragments afresh")
            self._generation, self._seconds = secrets.token_hex(8), 0

    @property
    def generation(self):
        if self._generation is None:
            self._read()
        return self._generation

    @property
    def seconds(self):
        if self._seconds is None:
            self._read()
        return max(self._seconds, 0)


def content_cache(request):
    """Context processor: `content_cache` (a ContentVersion) for templates that cache content fragments."""
    return {"content_cache": ContentVersion()}
