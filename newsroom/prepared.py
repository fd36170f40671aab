"""Queries that PostgreSQL plans once per connection instead of on every run (prepared statements).

Planning the article page's one query (the story with its bylines, sources and quotes as JSON) took longer
than running it: 4.4 ms against 1.3 ms in EXPLAIN ANALYZE. A prepared statement keeps PostgreSQL's generic
plan, made without the parameters' values. That is right for a lookup by a unique key, whatever the key,
and wrong where the best plan depends on the values: with a generic plan a section's count of its stories
walked the whole publication-date index (75 ms at 100,000 stories, against 38 ms planned for the value).
So queries are not prepared unless a view asks, for a query whose plan cannot depend on its values.

DJANGO_DB_PREPARED_STATEMENTS=0 turns this off (and server-side binding with it), behind a pooler that cannot
keep prepared statements (PgBouncer in transaction mode without max_prepared_statements).
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import connections


@contextmanager
def planned_once(using="default"):
    """Within the block, each query is prepared at its first run and its plan reused by later runs."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    previous, raw.prepare_threshold = raw.prepare_threshold, 0
    try:
        yield
    finally:
        raw.prepare_threshold = previous
