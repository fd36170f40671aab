"""The prefetches that let a page show a story's sources and quotes in a fixed number of queries."""

from django.db.models import Prefetch

from sourcing.models import Quote, Source


def article_page_prefetches():
    """Prefetch objects for an Article queryset: its sources in order, and its quotes with speaker and source.

    Two queries however many sources and quotes a story has; the "How we reported this" panel, the pull quotes
    and the JSON-LD all read these lists.
    """
    return [
        Prefetch("sources", queryset=Source.objects.select_related("event").order_by("position", "pk")),
        Prefetch(
            "quotes",
            queryset=Quote.objects.select_related("speaker", "source", "event").order_by("position", "pk"),
        ),
    ]
