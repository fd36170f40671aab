from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from newsroom import pagecache


def next_scheduled_change(at):
    """The soonest moment after `at` when a story appears (scheduled) or leaves (unpublish_at), or None.

    One query over the few stories with a time still ahead of them: PostgreSQL combines the indexes on
    published_at and unpublish_at (a BitmapOr), so it does not read the whole table. The page cache keeps
    nothing beyond it.
    """
    from django.db.models import Min, Q

    from articles.models import Article

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


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles.models import Correction
        from articles.revisions import keep_rows

        # A revision shows the corrections as they stood; a restore never takes a published correction back.
        keep_rows(Correction, restored=False)

        # Every story, section, tag, author and correction is page content; time changes it too.
        pagecache.register_content(self.label)
        pagecache.register_next_change(next_scheduled_change)
