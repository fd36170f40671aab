"""sitemap.xml (published stories, sections, tags, authors, the authors' index) and the Google News sitemap
(the last 48 hours), one of each per edition (articles.editions): /sitemap.xml, /mk/sitemap.xml, ..."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.utils import timezone

from articles.models import Article, Author, Section, Tag
from newsroom.addresses import cached_reverse

NEWS_SITEMAP_WINDOW = timedelta(hours=48)
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most 1,000 stories from one news sitemap


class ArticleSitemap(Sitemap):
    changefreq = "hourly"
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .in_edition()
            .filter(canonical_url="")  # stories first published elsewhere belong to that site's sitemap
            .only("slug", "language", "published_at", "revised_at", "modified_at", "translation_of")
            .order_by("-published_at", "-pk")
        )

    def location(self, article):
        return article.canonical_path

    def lastmod(self, article):
        return article.last_changed_at

    def get_urls(self, page=1, site=None, protocol=None):
        """Each story with its published translations as xhtml:link alternates (itself too, and x-default for
        the original, as the story's page lists them), which Django's sitemap template writes; one query for
        the page of stories."""
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origins = {url["item"].translation_of_id or url["item"].pk for url in urls}
        families = {}
        family_rows = (
            Article.objects.published()
            .filter(Q(pk__in=origins) | Q(translation_of__in=origins))
            .only("slug", "language", "translation_of")
        )
        for story in family_rows:
            families.setdefault(story.translation_of_id or story.pk, []).append(story)
        base = urls[0]["location"].removesuffix(urls[0]["item"].canonical_path) if urls else ""
        for url in urls:
            family = families.get(url["item"].translation_of_id or url["item"].pk, [])
            if len(family) > 1:
                url["alternates"] = [
                    {"lang_code": story.language, "location": base + story.canonical_path}
                    for story in sorted(family, key=lambda story: story.language)
                ]
                original = next((story for story in family if story.translation_of_id is None), None)
                if original is not None:  # an original taken down leaves its translations without a default
                    url["alternates"].append(
                        {"lang_code": "x-default", "location": base + original.canonical_path}
                    )
        return urls


class SectionSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        # Filtering before annotating makes Max() look at published stories only.
        return (
            Section.objects.filter(articles__in=Article.objects.published().in_edition())
            .annotate(newest=Max("articles__published_at"))
            .order_by("order", "name")
        )

    def lastmod(self, section):
        return section.newest


class TagSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return (
            Tag.objects.filter(articles__in=Article.objects.published().in_edition())
            .annotate(newest=Max("articles__published_at"))
            .order_by("name")
        )

    def lastmod(self, tag):
        return tag.newest


class AuthorSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return (
            Author.objects.filter(articles__in=Article.objects.published().in_edition())
            .distinct()
            .order_by("name")
        )


class IndexPageSitemap(Sitemap):
    """A-to-Z index pages, by URL name (the authors'; sourcing adds its people's): each leads to many pages.
    Left out of an edition with nothing to list yet, where the page would only say so."""

    changefreq = "daily"
    url_names = ["articles:authors"]

    def items(self):
        return self.url_names if self.lists_anything() else []

    def lists_anything(self):
        return Article.objects.published().in_edition().exists()

    def location(self, url_name):
        return cached_reverse(url_name)  # in the edition's language: /mk/authors/ in /mk/sitemap.xml


class NewsSitemap(Sitemap):
    """Stories published in the last 48 hours, for Google News (see templates/articles/news_sitemap.xml)."""

    limit = NEWS_SITEMAP_LIMIT

    def items(self):
        now = timezone.now()
        return (
            Article.objects.published(at=now)
            .in_edition()
            .filter(published_at__gte=now - NEWS_SITEMAP_WINDOW, canonical_url="")
            .only("slug", "headline", "language", "published_at")
            .order_by("-published_at", "-pk")
        )

    def location(self, article):
        return article.canonical_path


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "author_index": IndexPageSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}
