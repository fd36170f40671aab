"""What pages ask of the stories (`ArticleQuerySet`, Article.objects): what readers may see and when,
lists, the article page's story, search, and what an editor may see in the admin."""

import functools
import re

from django.db import connections, models
from django.db.models import F, Min, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from articles import roles
from articles.editions import edition_of
from articles.models.authors import ArticleAuthor
from articles.models.corrections import Correction
from articles.models.taxonomy import Section, Tag
from articles.stemming import stem
from newsroom.related_rows import RelatedRows, with_related_rows

SEARCH_CONFIG = "simple"
SEARCH_MAX_TERMS = 10
SEARCH_RANKED_MATCHES = 200  # PostgreSQL ranks the newest this many matching stories: ten pages of results


def search_terms(query):
    """The words of a reader's query, without tsquery operators or punctuation, at most ten of them."""
    return re.findall(r"[^\W_]+", query or "")[:SEARCH_MAX_TERMS]


def article_search_vector():
    """What site search looks in, weighted. The trigger of migration 0005 stores exactly this expression."""
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector("standfirst", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """Stories readers may see at `at` (now by default): published or scheduled and due, not expired."""
        at = at or timezone.now()
        return self.filter(
            Q(status__in=[self.model.Status.PUBLISHED, self.model.Status.SCHEDULED])
            & Q(published_at__lte=at)
            & (Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=at))
        )

    def in_edition(self, edition=None):
        """The stories of an edition (articles.editions): the active language's by default."""
        return self.filter(language=edition_of(edition))

    def sections(self):
        """The sections these stories are filed under, in the menu's order: `published().in_edition()
        .sections()` is an edition's menu, without the sections it has no story in yet."""
        return Section.objects.filter(pk__in=self.values("section_id"))

    def video_of_the_day(self, at=None):
        """The story whose video the home page shows at `at`: the newest published one ticked as such."""
        return (
            self.published(at)
            .filter(is_video_of_the_day=True)
            .exclude(video_url="")
            .order_by("-published_at")
            .first()
        )

    def for_listing(self):
        """What a list of stories shows: section, lead image and ordered authors without an N+1. Not the
        body: a list shows headlines and standfirsts, and bodies are a few KB each."""
        return (
            self.defer("body")
            .select_related("section", "lead_image")
            .prefetch_related(
                models.Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author"))
            )
        )

    def for_article_page(self):
        """Everything the article page shows about its story in one query: its section and lead image
        joined, its bylines (with their authors), tags and corrections inside its row as JSON, and the rows
        other apps register in ARTICLE_PAGE_ROWS (sourcing: sources and quotes) the same way."""
        return with_related_rows(
            self.select_related("section", "lead_image"), **article_page_rows(), **ARTICLE_PAGE_ROWS
        )

    def published_page(self, slug, at=None):
        """The story readers see at `slug` at `at` (now by default), or None: its own row only. That is all the
        article page reads while its {% cache %} fragments are kept (templates/articles/article_detail.html);
        it reads the rest (for_article_page) only to render them again."""
        story = self.filter(slug=slug).order_by().first()  # slugs are unique
        return story if story is not None and story.is_public(at) else None

    def newest_per_section(self, per_section, *, section_ids, exclude=()):
        """The newest `per_section` stories of each section in `section_ids` but those in `exclude` (ids),
        in one query: a list, sections in the menu's order, each one's newest first. Section and lead image
        joined; not the body.

        PostgreSQL: the stories whose ids a UNION ALL of per-section index scans finds; numbering every story
        with a window function read the whole table (seconds with 100,000 stories). The union selects ids
        only: with the story, its section and its lead image in each part, building and compiling the eight
        parts took about 25 ms against 18 (at 1,000 stories, in process). Elsewhere the window function does.
        """
        if not section_ids:
            return []
        stories = self.exclude(pk__in=exclude).defer("body").select_related("section", "lead_image")
        if connections[self.db].vendor == "postgresql":
            newest = self.exclude(pk__in=exclude).order_by("-published_at", "-pk").values("pk")
            parts = [newest.filter(section_id=section_id)[:per_section] for section_id in section_ids]
            found = stories.filter(
                pk__in=parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
            )
        else:
            place = Window(
                RowNumber(), partition_by=F("section_id"), order_by=[F("published_at").desc(), F("pk").desc()]
            )
            found = (
                stories.filter(section_id__in=section_ids)
                .annotate(place=place)
                .filter(place__lte=per_section)
            )
        return sorted(
            found,
            key=lambda story: (
                story.section.order,
                story.section.name,
                story.section_id,
                -story.published_at.timestamp(),
                -story.pk,
            ),
        )

    def next_scheduled_change(self, at):
        """The soonest moment after `at` when a story appears (scheduled) or leaves (unpublish_at), or None:
        the page cache asks (registered in ArticlesConfig.ready()) and keeps nothing beyond it.

        One query over the few stories with a time still ahead of them: PostgreSQL combines the indexes on
        published_at and unpublish_at (a BitmapOr), so it does not read the whole table.
        """
        found = (
            self.filter(status__in=[self.model.Status.PUBLISHED, self.model.Status.SCHEDULED])
            .filter(Q(published_at__gt=at) | Q(unpublish_at__gt=at))
            .aggregate(
                appears=Min("published_at", filter=Q(published_at__gt=at)),
                leaves=Min("unpublish_at", filter=Q(unpublish_at__gt=at)),
            )
        )
        moments = [moment for moment in found.values() if moment is not None]
        return min(moments) if moments else None

    def related_to(self, article, limit=4):
        """Other stories sharing the most tags with `article`, then the newest in its section.

        Reads `article.tags.all()`, so prefetch tags first (for_article_page does) to keep it one query.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        if not tag_ids and article.section_id is None:
            return self.none()
        shared_tags = (
            models.Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
            if tag_ids
            else models.Value(0, output_field=models.IntegerField())
        )
        return (
            self.exclude(pk=article.pk)
            .filter(language=article.language)  # its own edition's
            .annotate(shared_tags=shared_tags)
            .filter(Q(shared_tags__gt=0) | Q(section_id=article.section_id))
            .defer("body")
            .select_related("section", "lead_image")
            .order_by("-shared_tags", "-published_at")[:limit]
        )

    def search(self, query, *, newest=SEARCH_RANKED_MATCHES):
        """Stories matching the reader's words, best first; every word must match, in any of its forms,
        as the beginning of a word: each word is stemmed first (articles.stemming), so "болница" finds
        "болниците" and "spital" finds "spitaleve", and "Скопј" still finds "Скопје" and "Скопјани".

        PostgreSQL ranks with full-text search under the 'simple' configuration, which only lowercases, on
        the stored document of the words as written (stemming it too would find nothing more: a stem
        begins its word). Elsewhere (SQLite in development and tests) the stems are matched as substrings.
        """
        terms = [stem(term) for term in search_terms(query)]
        if not terms:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank

            search_query = SearchQuery(
                " & ".join(f"{term}:*" for term in terms), config=SEARCH_CONFIG, search_type="raw"
            )
            # The stored document (kept by a trigger, migration 0005) spares re-parsing every matching body
            # to rank it. Only the `newest` matches are ranked: PostgreSQL walks the stories newest first,
            # reading each one's document (a few KB, out of line) until it has them, so that window sets
            # what a search for common words costs at any archive size ("budget council" at 100,000 stories:
            # about 1,750 stories walked for 200, 4,400 for 500). The rank is computed outside the walk:
            # inside, a plan that reads every match first (through the GIN index, for rarer words) would
            # rank them all (41 against 12 ms for two words found in 2,198 of 100,000 stories).
            newest_matches = (
                self.filter(search_document=search_query).order_by("-published_at").values("pk")[:newest]
            )
            return (
                self.filter(pk__in=newest_matches)
                .annotate(rank=SearchRank(models.F("search_document"), search_query))
                .order_by("-rank", "-published_at")
            )
        matches = Q()
        for term in terms:
            # Case-folded in every script by newsroom.sqlite's LIKE.
            matches &= Q(headline__icontains=term) | Q(standfirst__icontains=term) | Q(body__icontains=term)
        return self.filter(matches).order_by("-published_at")

    def visible_to(self, user):
        """The stories `user` may see in the admin: editors all, reporters those they created or are on the
        byline of, anyone else none (the VIEW row of articles.permissions.MATRIX, which allows every state or
        none). Every admin page that lists or names stories starts from here."""
        if not (user.is_authenticated and user.is_staff and user.has_perm("articles.view_article")):
            return self.none()
        if roles.is_editor(user):
            return self
        if roles.is_reporter(user):
            return self.owned_by(user)
        return self.none()

    def owned_by(self, user):
        """The stories that are `user`'s own: those they created or are on the byline of."""
        bylined = ArticleAuthor.objects.filter(author__user_id=user.pk).values("article_id")
        return self.filter(Q(created_by_id=user.pk) | Q(pk__in=bylined))

    # The editorial desk (articles.admin.desk) --------------------------------------------------------

    def for_desk(self):
        """What a line of the desk shows: headline, section, who filed it, times; not the body."""
        return self.defer("body").select_related("section", "created_by")

    def drafts(self):
        return self.filter(status=self.model.Status.DRAFT)

    def in_review(self):
        return self.filter(status=self.model.Status.IN_REVIEW)

    def scheduled_between(self, start, end):
        """Scheduled stories that will appear after `start` and by `end`, soonest first."""
        return self.filter(
            status=self.model.Status.SCHEDULED, published_at__gt=start, published_at__lte=end
        ).order_by("published_at", "pk")

    def state_conditions(self, at=None):
        """{status: condition} for each state as readers experience it at `at` (`Article.effective_status`: a
        scheduled story whose time has come is published, an expired one unpublished)."""
        at = at or timezone.now()
        Status = self.model.Status
        live = Q(status__in=[Status.PUBLISHED, Status.SCHEDULED])
        expired = Q(unpublish_at__isnull=False, unpublish_at__lte=at)
        return {
            Status.DRAFT: Q(status=Status.DRAFT),
            Status.IN_REVIEW: Q(status=Status.IN_REVIEW),
            Status.SCHEDULED: Q(status=Status.SCHEDULED, published_at__gt=at) & ~expired,
            Status.PUBLISHED: live & ~expired & (Q(status=Status.PUBLISHED) | Q(published_at__lte=at)),
            Status.UNPUBLISHED: Q(status=Status.UNPUBLISHED) | (live & expired),
        }

    def in_state(self, status, at=None):
        """The stories in `status` as readers experience it at `at` (as `count_by_state` counts them)."""
        return self.filter(self.state_conditions(at)[status])

    def count_by_state(self, at=None):
        """How many stories are in each state as readers experience it at `at`, in one query: {status: count}
        for every status."""
        states = self.state_conditions(at)
        counts = self.order_by().aggregate(
            **{str(status): models.Count("pk", filter=state) for status, state in states.items()}
        )
        return {status: counts[str(status)] for status in self.model.Status}


@functools.cache
def article_page_rows():
    """The article page's bylines, tags and corrections as RelatedRows, built once: expressions are copied
    when a query uses them, and building them anew was a twentieth of an uncached article page."""
    return {
        "page_bylines": RelatedRows("bylines", ArticleAuthor, "article", joined=["author"]),
        # All its fields: a tag's name in each language (articles.translation), read in the page's language.
        "page_tags": RelatedRows("tags", Tag, "articles"),
        "page_corrections": RelatedRows(
            "corrections", Correction, "article", ["id", "article_id", "text", "corrected_at"]
        ),
    }


# Other apps add what the article page shows with its story, in their AppConfig.ready(): an annotation name
# and a newsroom.related_rows.RelatedRows (sourcing: its sources and quotes).
ARTICLE_PAGE_ROWS = {}


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The search document is written by a database trigger and read only inside SQL (search and its
        # ranking); loading it carried several KB of tsvector text per story into every page and feed.
        return super().get_queryset().defer("search_document")
