"""The reader site (home, story lists, the article page, search, corrections) and editors' previews.

Public pages read only published stories, set no cookies for anonymous readers (no CSRF token, no
session) and load what they show in a fixed, small number of queries.
"""

from itertools import groupby
from operator import attrgetter
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core import signing
from django.db import connection
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_language_from_path, override
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from articles.models import (
    SEARCH_RANKED_MATCHES,
    Article,
    ArticleSlugRedirect,
    Author,
    Correction,
    Section,
    Tag,
)
from articles.preview import PreviewLinkGone, article_for_token
from articles.purging import add_keys, story_page_keys
from articles.structured_data import (
    article_breadcrumbs_jsonld,
    article_jsonld,
    article_url,
    author_jsonld,
    image_object,
    website_jsonld,
)
from newsroom import surrogate
from newsroom.addresses import cached_reverse
from newsroom.pagination import RowsInOrder
from newsroom.site_url import absolute_url

HOME_LATEST = 10  # the lead story and the nine after it
HOME_PER_SECTION = 4
PAGE_SIZE = 20
AUTHORS_PER_PAGE = 48  # a grid of 2, 3 or 4 across
SEARCH_QUERY_MAX = 200
SEARCH_RANKED = SEARCH_RANKED_MATCHES  # the newest this many matches of a search are ranked


def home(request):
    edition = Article.objects.published().in_edition()
    latest = list(edition.for_listing()[:HOME_LATEST])
    lead, latest = (latest[0], latest[1:]) if latest else (None, [])
    shown = [article.pk for article in ([lead] if lead else []) + latest]
    sections = list(edition.sections().values_list("pk", "name", "slug"))  # the blocks' order, and the menu's
    per_section = edition.newest_per_section(
        HOME_PER_SECTION, section_ids=[pk for pk, _, _ in sections], exclude=shown
    )
    section_blocks = [
        (stories[0].section, stories)
        for stories in (list(group) for _, group in groupby(per_section, key=attrgetter("section_id")))
    ]
    video = Article.objects.in_edition().defer("body").video_of_the_day()
    context = {
        "lead": lead,
        "latest": latest,
        "section_blocks": section_blocks,
        "video": video,
        "menu_sections": sections,
        "jsonld": [website_jsonld(request)],
    }
    add_keys(request, "home")
    return render(request, "articles/home.html", context)


def article_context(request, article, in_full=None, *, is_preview=False):
    """What the article page shows. `article` is the story's own row, enough for its address, title and cache
    keys; `in_full` loads it with everything its page shows (Article.objects.for_article_page()), or is None
    when `article` is that already (a preview). The rest is read only where the template's {% cache %}
    fragments of the story are not kept, so a page whose fragments are kept costs the one query for the row.
    """
    story = SimpleLazyObject(in_full) if in_full else article
    translations = SimpleLazyObject(lambda: story.translations_for_readers())
    return {
        "article": article,
        "article_in_full": story,
        "translations": SimpleLazyObject(
            lambda: [translations[code] for code, _name in settings.LANGUAGES if code in translations]
        ),
        # The footer's language links: the story in another edition, or that edition's home page.
        "language_addresses": SimpleLazyObject(
            lambda: {
                code: translations[code].canonical_path
                if code in translations
                else article.canonical_path
                if code == article.language
                else cached_reverse("articles:home", language=code)
                for code, _name in settings.LANGUAGES
            }
        ),
        "canonical_url": article_url(request, article),
        # For readers of none of these languages: the original. None for a translation whose original is not
        # public now, as the sitemap leaves it (an empty address was written).
        "x_default_url": SimpleLazyObject(
            lambda: (
                article_url(request, article)
                if article.translation_of_id is None
                else next(
                    (
                        absolute_url(other.canonical_path, request)
                        for other in translations.values()
                        if other.pk == article.translation_of_id
                    ),
                    None,
                )
            )
        ),
        "share_image": SimpleLazyObject(
            lambda: story.image_for_sharing and image_object(request, story.image_for_sharing)
        ),
        "related": SimpleLazyObject(lambda: list(Article.objects.published().related_to(story))),
        "jsonld": SimpleLazyObject(
            lambda: [article_jsonld(story, request, translations), article_breadcrumbs_jsonld(story, request)]
        ),
        "is_preview": is_preview,
    }


def article_detail(request, slug):
    article = Article.objects.published_page(slug)
    if article is None:
        moved = ArticleSlugRedirect.objects.filter(old_slug=slug).select_related("article").first()
        if moved and moved.article.is_public():
            # Kept by a proxy like a 404 (newsroom.surrogate.NOT_FOUND): a story may take this address back.
            surrogate.add_keys(request, surrogate.NOT_FOUND)
            return redirect(moved.article, permanent=True)
        raise Http404("No such story")
    surrogate.add_keys(request, *story_page_keys(article))
    if request.path != article.canonical_path:
        # One address per story, under its own edition's prefix (articles.editions): the old unprefixed and
        # other-language addresses lead there.
        query = request.META.get("QUERY_STRING")
        return redirect(
            f"{article.canonical_path}?{query}" if query else article.canonical_path, permanent=True
        )
    context = article_context(request, article, lambda: Article.objects.for_article_page().get(pk=article.pk))
    return render(request, "articles/article_detail.html", context)


@never_cache
@staff_member_required
def article_preview(request, pk):
    # The stories the person may see in the admin (articles.permissions): a reporter previews their own.
    article = get_object_or_404(Article.objects.for_article_page().visible_to(request.user), pk=pk)
    return render(request, "articles/article_detail.html", article_context(request, article, is_preview=True))


@never_cache
def article_shared_preview(request, token):
    """A shared preview link (articles.preview): the preview, the public page once the story is out, or a
    page saying why the link no longer works."""
    try:
        article = article_for_token(token, queryset=Article.objects.for_article_page())
    except (signing.BadSignature, Article.DoesNotExist):
        raise Http404("This preview link is not valid.") from None
    except PreviewLinkGone as gone:
        response = render(request, "articles/preview_expired.html", {"reason": gone.reason}, status=410)
    else:
        if article.is_public():
            return redirect(article)  # temporary: the story may be unpublished again, and the link dead
        response = render(
            request, "articles/article_detail.html", article_context(request, article, is_preview=True)
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class StoryListView(ListView):
    """A paginated list of published stories; a page that does not exist (0, past the end, 'x') is a 404."""

    paginate_by = PAGE_SIZE
    context_object_name = "articles"
    template_name = "articles/article_list.html"

    def stories(self):
        return Article.objects.published().in_edition().for_listing()

    def editions_with(self, stories):
        """The editions with any of `stories` (every edition's published ones of this list): the others'
        copies of this page would say "No stories yet", so edition_alternates leaves them out."""
        return set(stories.order_by().values_list("language", flat=True).distinct())


class SectionView(StoryListView):
    template_name = "articles/section.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        add_keys(self.request, f"section-{self.section.pk}")
        return self.stories().filter(section=self.section)

    def get_context_data(self, **kwargs):
        shown_in = self.editions_with(Article.objects.published().filter(section=self.section))
        return super().get_context_data(section=self.section, alternate_editions=shown_in, **kwargs)


class TagView(StoryListView):
    template_name = "articles/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        add_keys(self.request, f"tag-{self.tag.pk}")
        return self.stories().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        shown_in = self.editions_with(Article.objects.published().filter(tags=self.tag))
        return super().get_context_data(tag=self.tag, alternate_editions=shown_in, **kwargs)


class AuthorView(StoryListView):
    template_name = "articles/author.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author.objects.select_related("photo"), slug=self.kwargs["slug"])
        add_keys(self.request, f"author-{self.author.pk}")
        return self.stories().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            author=self.author,
            jsonld=[author_jsonld(self.author, self.request)],
            alternate_editions=self.editions_with(Article.objects.published().filter(authors=self.author)),
            **kwargs,
        )


class AuthorIndexView(ListView):
    """Everyone with a byline on a published story of this edition, A to Z, with their photo, role and how
    many of those stories they wrote; a page that does not exist is a 404."""

    paginate_by = AUTHORS_PER_PAGE
    context_object_name = "authors"
    template_name = "articles/authors.html"

    def get_queryset(self):
        add_keys(self.request, "authors")
        # The filter comes before Count(): the count then covers this edition's published stories only.
        return (
            Author.objects.filter(articles__in=Article.objects.published().in_edition())
            .annotate(story_count=Count("articles"))
            .select_related("photo")
            .by_name()
        )


class SearchView(StoryListView):
    template_name = "articles/search.html"

    def get_queryset(self):
        add_keys(self.request, "search")
        self.query = " ".join(self.request.GET.get("q", "").split())[:SEARCH_QUERY_MAX]
        self.more_matches = False
        if connection.vendor == "postgresql":
            # Ranked ids once, then the shown page's stories by id: paginating a queryset would find the
            # matches twice, once more to count them.
            ids, self.more_matches = self.ranked_ids()
            return RowsInOrder(ids, self.stories())
        return self.stories().search(self.query)

    def ranked_ids(self):
        """The ids of the newest SEARCH_RANKED matching stories, best first, and whether older matches were
        left out: one match more than that is read to know, so the page can say "more than 200" rather
        than a count that is not the whole truth."""
        found = list(
            Article.objects.published()
            .in_edition()
            .search(self.query, newest=SEARCH_RANKED + 1)
            .values_list("pk", "published_at")
        )
        more = len(found) > SEARCH_RANKED
        if more:
            found.remove(min(found, key=lambda match: (match[1], match[0])))  # the one past the window
        return [pk for pk, _published_at in found], more

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, more_matches=self.more_matches, **kwargs)


class CorrectionListView(ListView):
    """Every correction to a published story, newest first: the newsroom's public record of its errors."""

    paginate_by = PAGE_SIZE
    context_object_name = "corrections"
    template_name = "articles/corrections.html"

    def get_queryset(self):
        add_keys(self.request, "corrections")
        return Correction.objects.for_readers().select_related("article").order_by("-corrected_at", "-pk")


@never_cache
@require_GET
def choose_language(request, language):
    """Go to the page at `next` in another language: kept for old links; the footer links there directly.

    The language lives in the address (/mk/...), not in a cookie: a cookie would make every public page
    vary by cookie, which a CDN cannot cache.
    """
    if not check_for_language(language) or language not in dict(settings.LANGUAGES):
        raise Http404("No such language")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    story = _story_at(next_url)
    if story is not None:  # a story has one address: its translation's, or that edition's front page
        in_language = story.translations_for_readers().get(language)
        if story.language == language:
            in_language = story
        return HttpResponseRedirect(
            in_language.canonical_path if in_language else cached_reverse("articles:home", language=language)
        )
    return HttpResponseRedirect(translate_url(next_url, language))


def _story_at(address):
    """The published story an address of this site shows, if it shows one."""
    path = urlsplit(address).path
    try:
        # An address resolves under its own language's prefix only while that language is active.
        with override(get_language_from_path(path) or settings.LANGUAGE_CODE):
            match = resolve(path)
    except Resolver404:
        return None
    if match.view_name != "articles:article":
        return None
    return Article.objects.published().filter(slug=match.kwargs["slug"]).first()
