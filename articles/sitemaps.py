"""sitemap.xml: published stories, sections and authors."""

from django.contrib.sitemaps import Sitemap

from articles.models import Article


class ArticleSitemap(Sitemap):
    changefreq = "hourly"
    limit = 5000

    def items(self):
        return (
            Article.objects.published().only("slug", "published_at", "revised_at").order_by("-published_at")
        )

    def lastmod(self, article):
        return article.revised_at or article.published_at


SITEMAPS = {"articles": ArticleSitemap}
