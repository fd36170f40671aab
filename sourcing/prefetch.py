"""What lets a page show a story's sources and quotes in a fixed number of queries."""

import functools

from django.db.models import Prefetch

from newsroom.related_rows import RelatedRows
from sourcing.models import Quote, Source


def article_page_prefetches():
    """Prefetch objects for an Article queryset: its sources in order, and its quotes with speaker and source.

    Two queries however many sources and quotes a story has; the "How we reported this" panel, the pull quotes
    and the JSON-LD all read these lists. The article page itself uses `article_page_rows` (no query of
    their own); the JSON view and other lists of stories use these.
    """
    return [
        Prefetch("sources", queryset=Source.objects.select_related("event").order_by("position", "pk")),
        Prefetch(
            "quotes",
            queryset=Quote.objects.select_related("speaker", "source", "event").order_by("position", "pk"),
        ),
    ]


@functools.cache
def article_page_rows():
    """A story's sources (with their events) and quotes (with speaker, source and event) inside the story's
    own row, for `newsroom.related_rows.with_related_rows`: the same objects as `article_page_prefetches`, no query of
    their own. Built once per process (a query copies the expressions it uses)."""
    return {
        "page_sources": RelatedRows("sources", Source, "article", joined=["event"]),
        "page_quotes": RelatedRows("quotes", Quote, "article", joined=["speaker", "source", "event"]),
    }
