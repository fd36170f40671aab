"""Redis client tracking: a value a worker may keep in its own memory until Redis reports it changed.

The page cache asks its backend for this capability (`get_tracked`, `forget_tracked`) rather than for a
class; a backend without it is read on every request. With it, a page-cache hit from a worker's memory
needs no round trip at all, which is what lets a cached page keep up with a static file.
"""

import logging
import os

import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

logger = logging.getLogger(__name__)


class _TrackedValue:
    """One key's value, read once and then kept in this process until Redis says it changed.

    Redis (6 and later) pushes an invalidation message to a connection that turned on client tracking
    whenever a key it watches changes, is deleted, expires or is flushed. A connection of our own watches
    the one key in broadcast mode (so every change is reported, whoever read it) and, before each use of the
    kept value, looks without waiting for messages that arrived: a local check instead of a round trip.

    Redis writes the message to us in the same pass of its event loop as its reply to the writer, so it
    reaches us within moments of the writer's answer (on a busy machine a request may slip in between the
    two writes, never more than that); the process that made the change also forgets its own copy
    (`forget()`), so it need not wait even that long. If the watch
    breaks (Redis restarted, a network fault) the copy is dropped with it and the next use reads and watches
    afresh: a value is never kept without a live watch. The watch starts before the value is read, so a
    change in between is reported too.
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
                self._value = self.backend.get(self.key)
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
        connection = redis.ConnectionPool.from_url(self.backend.primary_url, protocol=3).make_connection()
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


class RedisCache(DjangoRedisCache):
    """Django's Redis cache backend, with values a process may keep until Redis reports them changed."""

    def __init__(self, server, params):
        super().__init__(server, params)
        servers = server.split(";") if isinstance(server, str) else list(server)
        self.primary_url = servers[0].strip()  # every write goes to the first, as in Django's client
        self._tracked = {}

    def get_tracked(self, key):
        """`get(key)`, answered from this process's memory while Redis reports no change to the key."""
        if key not in self._tracked:
            self._tracked[key] = _TrackedValue(self, key)
        return self._tracked[key].get()

    def forget_tracked(self, key):
        if key in self._tracked:
            self._tracked[key].forget()
