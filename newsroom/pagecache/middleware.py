"""The page cache middleware: whole public pages kept for anonymous readers, never shown once stale.

Every page is stored with the content generation it was rendered in (newsroom.pagecache.generation) and
served only while that is still the current one and its scheduled expiry has not come. We chose one
generation for all content over per-page dependency tags because it cannot miss a page: a newsroom changes
content a few times an hour, a miss costs one render, and a dependency list that forgets one listing (a
speaker page showing a corrected quote, a feed showing an edited standfirst) would be a stale-content bug
that no test notices.

What is cached: GET responses with status 200, 301 or 404 that set no cookie and are not marked private,
to requests that carry no cookie except the CSRF and language ones. Anyone with a session cookie (staff)
or a messages cookie always gets a freshly rendered page, marked private. Pages carry an ETag (from the
body) and Last-Modified (when rendered) and answer conditional requests with 304; `Cache-Control` lets a
CDN keep them briefly (`s-maxage`, `stale-while-revalidate`, `stale-if-error`), and their surrogate keys
(newsroom.surrogate) let it drop exactly the pages a change shows in.
"""

import hashlib
import logging
from collections import OrderedDict

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control
from django.utils.http import http_date

from newsroom import surrogate
from newsroom.pagecache.addresses import carries_ignored_parameters, page_path
from newsroom.pagecache.generation import (
    GENERATION_KEY,
    current_generation,
    expires_at,
    once_per_request,
    page_cache,
)

logger = logging.getLogger(__name__)

CACHEABLE_STATUSES = {200, 301, 404}
# Vary headers whose every value the cache key already covers: the language (from Accept-Language or the
# language cookie, the only cookie a cached page may be rendered with besides the unused CSRF one).
HARMLESS_VARY = {"accept-language", "cookie", "accept-encoding"}


def _setting(name, default):
    return getattr(settings, name, default)


class _LocalPages:
    """The pages this worker served last, so that a hit fetches at most the generation from the shared
    cache. Bounded (least recently used go first); an entry here is checked against the shared generation
    like any other, so it is never staler than the shared cache."""

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


class PageCacheMiddleware:
    """Serves and stores whole pages for anonymous readers; see the module docstring for the rules.

    Sits after SecurityMiddleware and WhiteNoise (so redirects to https and static files come first) and
    before the session, so a cache hit touches neither the session nor the database, while the security
    headers of the middleware above it are added to every response, cached or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with once_per_request() as seen:
            return self._serve(request, seen)

    def _serve(self, request, seen):
        if not self._may_use_cache(request):
            response = self.get_response(request)
            if "Cache-Control" not in response and (
                self._has_private_cookies(request) or self._is_private(request)
            ):
                # A page rendered for a signed-in editor, a form or the answer to one must never be kept by
                # a browser cache or a proxy in front (nor named for one: newsroom.surrogate).
                patch_cache_control(response, private=True, no_cache=True, no_store=True)
            response["X-Page-Cache"] = "bypass"
            return surrogate.remove_headers(response)

        now = timezone.now()
        key = self._key(request)
        cache = page_cache()
        try:
            # The current generation, and the page from this worker's own memory when it has it (from the
            # shared cache otherwise). A backend that tracks the generation in this process (Redis) answers
            # a hit from memory with no round trip; otherwise one get_many reads both.
            local = _local_pages.get(key)
            if local is not None or hasattr(cache, "get_tracked"):
                generation = current_generation()
                entry = local if local is not None else cache.get(key)
            else:
                found = cache.get_many([GENERATION_KEY, key])
                generation = found.get(GENERATION_KEY) or current_generation()
                entry = found.get(key)
            seen["generation"] = generation
            if (
                entry is not None
                and entry["generation"] == generation
                and entry["expires_at"] > now.timestamp()
                and not self._redirect_loses_parameters(request, entry["status"])
            ):
                if local is None:
                    _local_pages.put(key, entry)
                return self._respond(request, entry, now, hit=True)
            expiry = expires_at(generation, now)
        except Exception:  # the cache or the database is away: render the page as if there were no cache
            logger.exception("Page cache unavailable; rendering the page")
            return surrogate.write_headers(request, self.get_response(request))

        response = surrogate.write_headers(request, self.get_response(request))
        if (
            request.method != "GET"
            or not self._is_cacheable(response)
            or self._redirect_loses_parameters(request, response.status_code)
        ):
            return response
        entry = self._entry(response, now, expiry, generation)
        timeout = entry["expires_at"] - now.timestamp()
        if timeout >= 1:
            try:
                # A page rendered in an older generation may overwrite a newer one; it is then a miss.
                cache.set(key, entry, timeout=timeout)
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

    def _is_private(self, request):
        return request.method not in ("GET", "HEAD") or request.path_info.startswith(self._excluded_paths())

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
    def _redirect_loses_parameters(request, status):
        # A redirect writes the query string into its Location: kept under the address without utm_source
        # and the like, it would drop a reader's campaign or give them someone else's.
        return status == 301 and carries_ignored_parameters(request)

    @staticmethod
    def _key(request):
        # The address alone decides the language (i18n_patterns: /mk/... is Macedonian, and no cookie or
        # header changes it), so it is the whole key, less what only tells analytics where a reader came from.
        address = f"{request.scheme}://{request.get_host()}{page_path(request)}"
        return f"page-cache:page:{hashlib.sha256(address.encode()).hexdigest()}"

    # Entries and responses ------------------------------------------------------------------------------

    @staticmethod
    def _entry(response, now, expiry, generation):
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
            "expires_at": expiry,
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
            if_error = _setting("PAGE_CACHE_STALE_IF_ERROR", 86400)
            response["Cache-Control"] = (
                f"public, max-age={max_age}, s-maxage={s_maxage}, stale-while-revalidate={stale}, "
                f"stale-if-error={if_error}"
            )
        response["X-Page-Cache"] = "hit" if hit else "miss"
        if "HTTP_IF_NONE_MATCH" not in request.META and "HTTP_IF_MODIFIED_SINCE" not in request.META:
            return response
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=int(entry["last_modified"]), response=response
        )
