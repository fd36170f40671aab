"""The page cache: whole public pages kept for anonymous readers, and never shown once they are stale.

The idea is a content *generation*: a random token in the shared cache that changes whenever any content
changes (any save, delete or many-to-many change of a model in `PAGE_CACHE_CONTENT_APPS`, connected by
app label so models added later are covered, or of the few other models pages show: the membership tiers,
prices and currencies in every article's appeal). Every cached page records the generation it was rendered
in and is served only while that is still the current one, so a change makes every page that could show
the changed content stale at once: the story, home, its section, tags, authors, speakers, feeds and
sitemaps alike. (With Redis each worker keeps the generation until Redis reports a change to it, so a hit
from the worker's memory costs no round trip; see `_TrackedValue`.) We chose this over
per-page dependency tags because it cannot miss a page: a newsroom changes content a few times an hour,
a miss costs one render, and a dependency list that forgets one listing (a speaker page showing a
corrected quote, a feed showing an edited standfirst) would be a stale-content bug that no test notices.

Time changes content too: a scheduled story appears at its `published_at` and an expiring one leaves at
its `unpublish_at`, with no save to announce it. So each generation also knows the next such moment
(one indexed query, cached per generation), and no page is kept, nor promised to browsers and CDNs,
beyond it.

What is cached: GET responses with status 200, 301 or 404 that set no cookie and are not marked private,
to requests that carry no cookie except the CSRF and language ones. Anyone with a session cookie (staff)
or a messages cookie always gets a freshly rendered page, marked private. Pages carry an ETag (from the
body) and Last-Modified (when rendered) and answer conditional requests with 304; `Cache-Control` lets a
CDN keep them briefly (`s-maxage`, `stale-while-revalidate`).

Writes that bypass model signals (`QuerySet.update()`, `bulk_create()`, raw SQL) must call
`content_changed()` themselves; `bench/seed.py` does.
"""

import contextvars
import hashlib
import logging
import os
import secrets
from collections import OrderedDict

import redis
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends import redis as django_redis
from django.db import connection, transaction
from django.db.models import Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import http_date

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
CACHEABLE_STATUSES = {200, 301, 404}
# Vary headers whose every value the cache key already covers: the language (from Accept-Language or the
# language cookie, the only cookie a cached page may be rendered with besides the unused CSRF one).
HARMLESS_VARY = {"accept-language", "cookie", "accept-encoding"}
NO_NEXT_CHANGE = 0.0


def _setting(name, default):
    return getattr(settings, name, default)


def page_cache():
    return caches[_setting("PAGE_CACHE_ALIAS", "default")]


# The generation ------------------------------------------------------------------------------------------


def content_changed(**kwargs):
    """Make every cached page stale now, and again when the current transaction commits.

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
    try:
        cache = page_cache()
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        if isinstance(cache, RedisCache):
            cache.forget_tracked(GENERATION_KEY)
    except Exception:
        # With the cache unreachable nothing can be served from it either; readers get fresh pages.
        logger.exception("Page cache: could not start a new content generation")


def current_generation():
    cache = page_cache()
    # With Redis, each worker keeps the generation until Redis reports a change: a hit then needs no round trip.
    generation = (
        cache.get_tracked(GENERATION_KEY) if isinstance(cache, RedisCache) else cache.get(GENERATION_KEY)
    )
    if generation is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


# Models of other apps whose rows public pages show: the membership appeal on every article lists the tiers,
# their prices and the currencies. Members, payments and the like are not content: a sign-up must not make
# every cached page stale.
SHOWN_ON_PAGES = ("membership.tier", "membership.tierprice", "membership.currency", "membership.consenttext")


def is_content_model(model):
    return model._meta.app_label in _setting("PAGE_CACHE_CONTENT_APPS", ("articles", "sourcing")) or (
        model._meta.label_lower in _setting("PAGE_CACHE_CONTENT_MODELS", SHOWN_ON_PAGES)
    )


def _on_save_or_delete(sender, **kwargs):
    if is_content_model(sender):
        content_changed()


def _on_m2m_changed(sender, action, **kwargs):
    if action.startswith("post_") and is_content_model(sender):
        content_changed()


def create_cache_table(sender, using="default", **kwargs):
    """`migrate` also creates the database cache's table when that backend is configured (idempotent)."""
    from django.core.management import call_command

    # Once per migrate: post_migrate comes for each app with models, and newsroom has none.
    if sender.label == "articles" and any(
        cache_settings["BACKEND"].endswith("DatabaseCache") for cache_settings in settings.CACHES.values()
    ):
        call_command("createcachetable", database=using, verbosity=0)


def connect_signals():
    """Called from NewsroomConfig.ready(), so admin, shell, management commands and workers all bump."""
    post_migrate.connect(create_cache_table, dispatch_uid="page_cache.create_cache_table")
    post_save.connect(_on_save_or_delete, dispatch_uid="page_cache.post_save")
    post_delete.connect(_on_save_or_delete, dispatch_uid="page_cache.post_delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="page_cache.m2m_changed")


def for_current_content(name, compute):
    """`compute()`, remembered until content next changes or a scheduled story appears or leaves: for what
    many pages derive from content (the section menu, related stories), which must change exactly when the
    content does, and not some minutes later.

    Each worker also keeps the values it used last, checked against the current generation like the
    shared copies, so a page reads the generation once and no value at all from the shared cache when the
    worker has them. Treat the value as read-only: the next page gets the same object.
    """
    now = timezone.now()
    key = f"page-cache:derived:{name}"
    try:
        generation = _request_generation()
        found = _local_derived.get(key)
        if found is None or found[0] != generation:
            found = page_cache().get(key)
        if found is not None and found[0] == generation and found[1] > now.timestamp():
            _local_derived.put(key, found)
            return found[2]
        next_change = _next_change_timestamp(generation, now)
    except Exception:
        return compute()
    value = compute()
    expires_at = now.timestamp() + _setting("PAGE_CACHE_TIMEOUT", 3600)
    if next_change != NO_NEXT_CHANGE:
        expires_at = min(expires_at, next_change)
    if expires_at - now.timestamp() >= 1:
        entry = (generation, expires_at, value)
        page_cache().set(key, entry, timeout=expires_at - now.timestamp())
        _local_derived.put(key, entry)
    return value


# The generation a request has seen: read once per request, not once per derived value. Set by the page cache
# middleware for the length of a request; outside requests (commands, the shell) every call reads it afresh.
_generation_seen = contextvars.ContextVar("page_cache_generation_seen", default=None)


def _request_generation():
    seen = _generation_seen.get()
    if seen is None:
        return current_generation()
    if "generation" not in seen:
        seen["generation"] = current_generation()
    return seen["generation"]


# Time-driven changes -------------------------------------------------------------------------------------


def next_scheduled_change(at):
    """The soonest moment after `at` when a story appears (scheduled) or disappears (unpublish_at), or None.

    One query over the few stories with a time still ahead of them: PostgreSQL combines the indexes on
    published_at and unpublish_at (a BitmapOr), so it does not read the whole table.
    """
    Article = apps.get_model("articles", "Article")
    found = (
        Article.objects.filter(status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED])
        .filter(Q(published_at__gt=at) | Q(unpublish_at__gt=at))
        .aggregate(
            appears=Min("published_at", filter=Q(published_at__gt=at)),
            leaves=Min("unpublish_at", filter=Q(unpublish_at__gt=at)),
        )
    )
    moments = [moment for moment in found.values() if moment is not None]
    return min(moments) if moments else None


def _next_change_key(generation):
    return f"page-cache:next-change:{generation}"


def _next_change_timestamp(generation, now):
    """The next scheduled change as a POSIX timestamp (NO_NEXT_CHANGE for none), cached for `generation`."""
    cache = page_cache()
    key = _next_change_key(generation)
    cached = cache.get(key)
    if cached is not None and (cached == NO_NEXT_CHANGE or cached > now.timestamp()):
        return cached
    moment = next_scheduled_change(now)
    value = moment.timestamp() if moment else NO_NEXT_CHANGE
    timeout = _setting("PAGE_CACHE_TIMEOUT", 3600)
    if value != NO_NEXT_CHANGE:
        timeout = min(timeout, value - now.timestamp())
    if timeout >= 1:
        cache.set(key, value, timeout=timeout)
    return value


# The middleware ------------------------------------------------------------------------------------------


class _LocalPages:
    """The pages this worker served last, so that a hit fetches only the generation from the shared cache.

    Bounded (least recently used go first); an entry here is checked against the shared generation like
    any other, so it is never staler than the shared cache.
    """

    def __init__(self, size):
        self.size, self.entries = size, OrderedDict()

    def get(self, key):
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, key, entry):
        self.entries[key] = entry
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


_local_pages = _LocalPages(size=200)
_local_derived = _LocalPages(size=1000)  # related stories are one entry per story


class PageCacheMiddleware:
    """Serves and stores whole pages for anonymous readers; see the module docstring for the rules.

    Sits after SecurityMiddleware and WhiteNoise (so redirects to https and static files come first) and
    before the session, so a cache hit touches neither the session nor the database, while the security
    headers of the middleware above it are added to every response, cached or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seen = _generation_seen.set({})
        try:
            return self._serve(request)
        finally:
            _generation_seen.reset(seen)

    def _serve(self, request):
        if not self._may_use_cache(request):
            response = self.get_response(request)
            if self._has_private_cookies(request) and "Cache-Control" not in response:
                # A page rendered for a signed-in editor must never be kept by a browser cache or CDN.
                patch_cache_control(response, private=True, no_cache=True)
            response["X-Page-Cache"] = "bypass"
            return response

        now = timezone.now()
        key = self._key(request)
        try:
            # The current generation, and the page from this worker's own memory when it has it (from the
            # shared cache otherwise); every page names the generation it was rendered in, and is served
            # only while that is still the current one. With Redis a hit from memory needs no round trip
            # (the worker keeps the generation until Redis reports a change); otherwise it needs one.
            local = _local_pages.get(key)
            if local is not None or isinstance(page_cache(), RedisCache):
                generation = current_generation()
                entry = local if local is not None else page_cache().get(key)
            else:
                found = page_cache().get_many([GENERATION_KEY, key])
                generation = found.get(GENERATION_KEY) or current_generation()
                entry = found.get(key)
            _generation_seen.get()["generation"] = generation
            if (
                entry is not None
                and entry["generation"] == generation
                and entry["expires_at"] > now.timestamp()
            ):
                if local is None:
                    _local_pages.put(key, entry)
                return self._respond(request, entry, now, hit=True)
            next_change = _next_change_timestamp(generation, now)
        except Exception:  # the cache or the database is away: render the page as if there were no cache
            logger.exception("Page cache unavailable; rendering the page")
            return self.get_response(request)

        response = self.get_response(request)
        if request.method != "GET" or not self._is_cacheable(response):
            return response
        entry = self._entry(response, now, next_change, generation)
        timeout = entry["expires_at"] - now.timestamp()
        if timeout >= 1:
            try:
                # A page rendered in an older generation may overwrite a newer one; it is then a miss.
                page_cache().set(key, entry, timeout=timeout)
                _local_pages.put(key, entry)
            except Exception:
                logger.exception("Page cache: could not store a page")
        return self._respond(request, entry, now, hit=False)

    # Which requests and responses -----------------------------------------------------------------------

    def _may_use_cache(self, request):
        if not _setting("PAGE_CACHE_ENABLED", True) or request.method not in ("GET", "HEAD"):
            return False
        bypass_header = _setting("PAGE_CACHE_BYPASS_HEADER", "")
        if bypass_header and request.META.get("HTTP_" + bypass_header.upper().replace("-", "_")):
            return False
        if request.path_info.startswith(self._excluded_paths()):
            return False
        allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
        return all(name in allowed for name in request.COOKIES)

    @staticmethod
    def _has_private_cookies(request):
        allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
        return any(name not in allowed for name in request.COOKIES)

    @staticmethod
    def _excluded_paths():
        return ("/" + settings.ADMIN_PATH, *_setting("PAGE_CACHE_EXCLUDED_PATHS", ()))

    @staticmethod
    def _is_cacheable(response):
        if response.status_code not in CACHEABLE_STATUSES or response.streaming or response.cookies:
            return False
        directives = {d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
        if directives & {"private", "no-cache", "no-store", "max-age=0"}:
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
        return vary <= HARMLESS_VARY

    @staticmethod
    def _key(request):
        # The address alone decides the language (i18n_patterns: /mk/... is Macedonian, and no cookie or
        # header changes it), so it is the whole key.
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        return f"page-cache:page:{hashlib.sha256(address.encode()).hexdigest()}"

    # Entries and responses ------------------------------------------------------------------------------

    @staticmethod
    def _entry(response, now, next_change, generation):
        expires_at = now.timestamp() + _setting("PAGE_CACHE_TIMEOUT", 3600)
        if next_change != NO_NEXT_CHANGE:
            expires_at = min(expires_at, next_change)
        content = response.content
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in {"vary", "etag", "last-modified", "cache-control", "x-page-cache"}
        ]
        vary = [v.strip() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()]
        etag = response.get("ETag") or f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
        headers += [("ETag", etag), ("Last-Modified", http_date(now.timestamp()))]
        if vary:
            headers.append(("Vary", ", ".join(vary)))
        return {
            "generation": generation,
            "status": response.status_code,
            "content": content,
            "headers": headers,  # all but Cache-Control, which depends on the time left
            "etag": etag,
            "cache_control": response.get("Cache-Control", ""),
            "last_modified": now.timestamp(),
            "expires_at": expires_at,
        }

    @staticmethod
    def _respond(request, entry, now, *, hit):
        response = HttpResponse(entry["content"], status=entry["status"], headers=dict(entry["headers"]))
        if entry["cache_control"]:
            response["Cache-Control"] = entry["cache_control"]
        else:
            # Browsers and CDNs keep a page no longer than the cache itself would.
            remaining = max(0, int(entry["expires_at"] - now.timestamp()))
            max_age = min(_setting("PAGE_CACHE_BROWSER_MAX_AGE", 60), remaining)
            s_maxage = min(_setting("PAGE_CACHE_CDN_MAX_AGE", 300), remaining)
            stale = _setting("PAGE_CACHE_STALE_WHILE_REVALIDATE", 60)
            response["Cache-Control"] = (
                f"public, max-age={max_age}, s-maxage={s_maxage}, stale-while-revalidate={stale}"
            )
        response["X-Page-Cache"] = "hit" if hit else "miss"
        if "HTTP_IF_NONE_MATCH" not in request.META and "HTTP_IF_MODIFIED_SINCE" not in request.META:
            return response
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=int(entry["last_modified"]), response=response
        )


# The Redis backend ---------------------------------------------------------------------------------------


class _ReusedClientRedisCacheClient(django_redis.RedisCacheClient):
    """Django's client builds a new redis.Redis (with its ~170 response callbacks) for every operation;
    on a page-cache hit that was a quarter of the work. One client per connection pool is enough: the
    pool hands out connections, and notices a gunicorn fork by itself."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if id(pool) not in clients:
            clients[id(pool)] = self._client(connection_pool=pool)
        return clients[id(pool)]


class _TrackedValue:
    """One key's value, read from Redis once and then kept in this process until Redis says it changed.

    Redis (6 and later) pushes an invalidation message to a connection that turned on client tracking
    whenever a key it watches changes, is deleted, expires or is flushed. This connection watches the one
    key in broadcast mode (so every change is reported, read or not) and, before each use of the kept value,
    looks without waiting for messages that arrived: a local check instead of a network round trip.

    Redis writes the message to us in the same pass of its event loop as its reply to the writer, so by the
    time the writer (an editor's save) has its answer the message is on our socket; the process that made
    the change also forgets its own copy (`forget()`), so it need not wait even that long. If the
    connection breaks (Redis restarted, a network fault) the copy is dropped with it and the next use reads
    and watches afresh: a value is never kept without a live watch.
    """

    def __init__(self, backend, key):
        self.backend, self.key = backend, key
        self.redis_key = backend.make_and_validate_key(key)
        self._connection = self._pid = None
        self._value = None
        self._unsupported = False  # a Redis before 6 (no RESP3, no tracking): read the key every time

    def get(self):
        if self._unsupported:
            return self.backend.get(self.key)
        try:
            if self._connection is None or self._pid != os.getpid():
                self._connect()
                if self._unsupported:
                    return self.backend.get(self.key)
            try:
                while self._connection.can_read(timeout=0):
                    self._connection.read_response(push_request=True)  # an invalidation: see _changed()
            except (redis.ConnectionError, OSError):
                self._connect()  # the watch broke (Redis restarted, say): watch and read afresh
            if self._value is None:
                self._connection.send_command("GET", self.redis_key)
                raw = self._connection.read_response()  # an invalidation before it runs _changed() first
                self._value = None if raw is None else self.backend._cache._serializer.loads(raw)
            return self._value
        except (redis.RedisError, OSError):
            self.close()
            raise

    def forget(self):
        self._value = None

    def close(self):
        connection, self._connection, self._value = self._connection, None, None
        if connection is not None and self._pid == os.getpid():
            connection.disconnect()

    def _connect(self):
        self.close()
        self._pid = os.getpid()
        url = self.backend._cache._servers[0]  # the primary, which every write goes to
        connection = redis.ConnectionPool.from_url(url, protocol=3).make_connection()
        try:
            connection.connect()
        except redis.ResponseError:  # HELLO 3 refused
            logger.warning("Page cache: this Redis cannot track keys; reading the generation every time")
            self._unsupported = True
            return
        connection._parser.set_invalidation_push_handler(self._changed)
        connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", self.redis_key)
        connection.read_response()
        self._connection = connection

    def _changed(self, message):
        self._value = None


class RedisCache(django_redis.RedisCache):
    """Django's Redis cache backend, with a redis.Redis client kept per connection pool, and values that a
    process may keep until Redis reports them changed (`get_tracked`)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClientRedisCacheClient
        self._tracked = {}

    def get_tracked(self, key):
        """`get(key)`, answered from this process's memory while Redis reports no change to the key."""
        if key not in self._tracked:
            self._tracked[key] = _TrackedValue(self, key)
        return self._tracked[key].get()

    def forget_tracked(self, key):
        if key in self._tracked:
            self._tracked[key].forget()
