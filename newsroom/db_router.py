"""Reader pages read from a PostgreSQL streaming replica; everything else uses the primary.

With DATABASE_REPLICA_URL set (newsroom/settings adds the "replica" database, this router and this
middleware), a request may read from the replica only when it is a GET or HEAD of a page outside the admin,
from a browser with no session (no staff member, no signed-in reader) that has not written in the last few
seconds. Everything else reads the primary: the admin, sign-ups and payments (POSTs), management commands and
workers (no request at all), any read inside a transaction, and any read after a write in the same request.
A write sets a short-lived cookie, so the page the browser is sent to next (the thank-you page, the story
just saved) is read from the primary too, whatever the replica's lag.

After any content change (a story published, edited or withdrawn: the page cache's new generation, which
each worker holds in memory and which carries the time it began), reader pages read the primary until a
probe finds that the replica has replayed past that time: a page rendered right after a purge, when the
proxy in front fetches it again, must show the change, not the replica's old copy.

When the replica is behind by more than DATABASE_REPLICA_MAX_LAG seconds, or cannot be reached, reads go to
the primary: readers get the page, never a 5xx. Its health is probed at most once every CHECK_SECONDS in
each process, so the article page keeps its one query; a replica that fails in the middle of a request has
that request run again on the primary and stays set aside until the next probe.
"""

import contextvars
import dataclasses
import logging
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpResponse

from newsroom.pagecache.generation import generation_began, request_generation

logger = logging.getLogger(__name__)

REPLICA = "replica"
WROTE_COOKIE = "newsroom_wrote"  # "read your own writes": this browser reads the primary while it is set
CHECK_SECONDS = 5
SAFE_METHODS = {"GET", "HEAD"}

# The replica's lag in seconds (nothing waiting to be replayed means none, however long the primary was
# idle), and whether it has replayed all the primary had written when the probe began.
LAG_SQL = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
    END,
    NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= %s::pg_lsn
"""


@dataclasses.dataclass
class RequestReads:
    """Where this request may read, and what it has done so far."""

    replica_allowed: bool
    wrote: bool = False
    used_replica: bool = False
    replica_failed: bool = False


_request = contextvars.ContextVar("newsroom_request_reads", default=None)


def behind_at_most():
    """The most the replica may be behind while it is read: the lag allowed, and what it may grow by before
    the next probe notices."""
    return settings.DATABASE_REPLICA_MAX_LAG + CHECK_SECONDS


# When the replica has not replayed all the primary had written at the probe, what it surely has is taken as
# a second older than its lag says (a change just committed may not have reached it yet).
STREAM_MARGIN = 1.0


def content_changed_since_replayed():
    """Whether content changed after what the replica had replayed at its last probe. A generation without a
    time (or none readable: the cache is away) counts as just changed."""
    try:
        began = generation_began(request_generation())
    except Exception:  # the cache is unreachable: read the primary, which is always up to date
        return True
    return began is None or began >= health.replayed_until


class ReplicaHealth:
    """Whether the replica may be read: probed at most once every `check_seconds` in this process."""

    def __init__(self, alias=REPLICA):
        self.alias = alias
        self.usable = False
        self.next_check = 0.0
        self.lag = None
        self.replayed_until = 0.0  # wall-clock time up to which the replica has surely replayed

    def is_usable(self):
        now = time.monotonic()
        if now >= self.next_check:
            self.usable = self._probe()
            self.next_check = now + CHECK_SECONDS
        return self.usable

    def set_aside(self, reason):
        """Read the primary until the next probe is due."""
        if self.usable:
            logger.warning("Database replica set aside: %s", reason)
        self.usable = False
        self.next_check = time.monotonic() + CHECK_SECONDS

    def forget(self):
        """Probe again before the next read (tests, and after a failover)."""
        self.next_check = 0.0

    def _probe(self):
        connection = connections[self.alias]
        probed_at = time.time()  # everything committed before this is at or before the primary's position
        try:
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                # The insert position, not the write position (pg_current_wal_lsn): with synchronous_commit
                # off a commit can return before its record is written, and the replica would count as
                # having replayed a change it has not yet received.
                cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
                written = cursor.fetchone()[0]
            with connection.cursor() as cursor:
                cursor.execute(LAG_SQL, [written])
                lag, caught_up = cursor.fetchone()
            self.lag = float(lag)
            self.replayed_until = probed_at if caught_up else time.time() - self.lag - STREAM_MARGIN
        except (OperationalError, InterfaceError) as error:
            # A dead connection kept from before (CONN_MAX_AGE) must not be reused when the replica is back.
            connection.close_if_unusable_or_obsolete()
            if self.usable:
                logger.warning("Database replica unreachable: %s", error.__class__.__name__)
            return False
        usable = self.lag <= settings.DATABASE_REPLICA_MAX_LAG
        if not usable and self.usable:
            logger.warning("Database replica %.1f s behind the primary: reading the primary", self.lag)
        return usable


health = ReplicaHealth()


class ReplicaRouter:
    """Reads of a request that may read the replica go there while it is healthy; all writes, and every
    other read, go to the primary (DEFAULT_DB_ALIAS)."""

    def db_for_read(self, model, **hints):
        reads = _request.get()
        if reads is None or not reads.replica_allowed or reads.wrote:
            return None
        if model._meta.app_label == "django_cache":  # the database cache is written on reads: keep it whole
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block or not health.is_usable():
            return None
        if content_changed_since_replayed():  # e.g. the proxy's refetch right after a purge
            return None
        reads.used_replica = True
        return REPLICA

    def db_for_write(self, model, **hints):
        reads = _request.get()
        if reads is not None and model._meta.app_label != "django_cache":
            reads.wrote = True  # what this request reads from now on, it reads from where it wrote
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        both = {obj1._state.db, obj2._state.db}
        return True if both <= {DEFAULT_DB_ALIAS, REPLICA} else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db == REPLICA:
            return False  # the replica follows the primary's schema: it is read-only
        return None


class ReplicaRoutingMiddleware:
    """Marks the requests that may read the replica (see the module's docstring), runs a request again on the
    primary when the replica fails under it, and keeps a browser that wrote on the primary for a while."""

    def __init__(self, get_response):
        if REPLICA not in settings.DATABASES:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_PATH

    def __call__(self, request):
        reads = RequestReads(replica_allowed=self.may_read_replica(request))
        token = _request.set(reads)
        try:
            response = self.get_response(request)
            if reads.replica_failed:  # a GET or HEAD: safe to run again, this time on the primary
                reads.replica_allowed = False
                response = self.get_response(request)
        finally:
            _request.reset(token)
        if reads.wrote:
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=int(behind_at_most()) + 1,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def may_read_replica(self, request):
        return (
            request.method in SAFE_METHODS
            and not request.path_info.startswith(self.admin_prefix)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and WROTE_COOKIE not in request.COOKIES
        )

    def process_exception(self, request, exception):
        reads = _request.get()
        if (
            reads is None
            or not reads.used_replica
            or not isinstance(exception, OperationalError | InterfaceError)
        ):
            return None
        health.set_aside(exception.__class__.__name__)
        connections[REPLICA].close_if_unusable_or_obsolete()
        reads.replica_failed = True
        return HttpResponse(status=503)  # replaced by the primary's page in __call__
