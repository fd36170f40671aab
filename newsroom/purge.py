"""Purging the caching proxy or CDN in front: a content change purges the surrogate keys of the pages that
show it (newsroom.surrogate names them on the pages).

`purge(keys)` sends the keys to every proxy in the PURGE_URLS setting; the address's scheme picks how:

- `varnish://host:port`: an HTTP `PURGE` request with the keys in an `xkey-purge` header, which
  deploy/varnish/default.vcl accepts from the loopback only (Varnish's xkey vmod, in Debian's
  varnish-modules);
- `memory://`: kept in `outbox`, for tests (as django.core.mail's locmem backend keeps email);
- none at all (the default): nothing to purge, as with no proxy in front.

A CDN (Fastly's purge by surrogate key, Cloudflare's purge by cache tag) would be one more scheme here.

`purge_on_commit(keys)` purges when the current transaction commits, so a rolled-back save purges
nothing. (One purge a change: an editor's save, with its tags and bylines, makes two or three small
requests to the proxy; not gathered into one, as Django offers no hook to drop them on a rollback.) A purge that fails is logged and
never reaches the editor: the proxy then keeps the old page until its `s-maxage` runs out.
"""

import functools
import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2
outbox = []  # what the memory:// purger was asked to purge, one sorted list of keys a purge


class VarnishPurger:
    def __init__(self, address):
        self.host, self.port = address.hostname, address.port or 80

    def purge(self, keys):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_SECONDS)
        try:
            connection.request("PURGE", "/", headers={"xkey-purge": " ".join(keys)})
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise OSError(f"Varnish at {self.host}:{self.port} answered {response.status} {response.reason}")


class MemoryPurger:
    def __init__(self, address):
        pass

    def purge(self, keys):
        outbox.append(list(keys))


PURGERS = {"varnish": VarnishPurger, "memory": MemoryPurger}


def purgers():
    return [PURGERS[urlsplit(url).scheme](urlsplit(url)) for url in getattr(settings, "PURGE_URLS", ())]


def purge(keys):
    """Purge the pages named by `keys` from every proxy; a proxy that fails is logged, the others still purged."""
    keys = sorted(set(keys))
    if not keys:
        return
    for purger in purgers():
        try:
            purger.purge(keys)
        except Exception:
            logger.exception("Could not purge %s from the caching proxy", " ".join(keys))


def purge_on_commit(keys, using=None):
    """Purge `keys` once the current transaction commits (at once outside one); nothing if it rolls back."""
    keys = sorted(set(keys))
    transaction.on_commit(lambda: purge(keys), using=using)


def when_proxied(handler):
    """A signal handler that finds out which pages to purge: it runs only while a proxy is configured, so that
    a site without one (development, one box) does not pay its queries on every save."""

    @functools.wraps(handler)
    def handle(*args, **kwargs):
        if getattr(settings, "PURGE_URLS", ()):
            return handler(*args, **kwargs)
        return None

    return handle
