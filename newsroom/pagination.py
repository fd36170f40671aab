"""Pagination that does not count a large table row by row: PostgreSQL's own estimate stands in for it,
or the rows' ids, already read in order, are what is counted and paged.

The admin's article list pages through every story; `SELECT COUNT(*)` over 100,000 rows reads them all on
each page view. For an unfiltered list on PostgreSQL the planner's estimate (pg_class.reltuples, kept
fresh by autovacuum) is close enough to number the pages; filtered lists still count exactly, since their
counts are smaller and readers of a filtered list expect them to be exact.
"""

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

ESTIMATE_FROM_ROWS = 10_000  # below this an exact count is cheap and the estimate can be far off


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self):
        estimate = self._estimated_count()
        return estimate if estimate is not None else super().count

    def _estimated_count(self):
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or queryset.query.where or queryset.query.distinct:
            return None
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [connection.ops.quote_name(queryset.model._meta.db_table)],
            )
            row = cursor.fetchone()
        if row is None or row[0] < ESTIMATE_FROM_ROWS:
            return None
        return int(row[0])


class RowsInOrder:
    """Rows known by id, in that order, for a paginator: counting is free, a page is one query of `rows`.

    For lists whose order is costly to work out (search ranking, a speaker's quotes ordered by their
    stories): the ids are read once, in order, and only the shown page's rows whole. `rows` is filtered
    again at page time, so a row that stopped being public in between is left out.
    """

    def __init__(self, ids, rows):
        self.ids, self.rows = ids, rows

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        found = self.rows.in_bulk(ids)
        page = [found[pk] for pk in ids if pk in found]
        return page if isinstance(index, slice) else page[0]
