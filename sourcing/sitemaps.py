"""Speakers' and events' pages, and the people and quotes indexes, in sitemap.xml: each lists what was said, so search
engines should find them."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q

from articles.editions import edition_of
from articles.models import Article
from articles.sitemaps import IndexPageSitemap
from sourcing.models import Event, Person, Quote


class SpeakerSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        # Speakers with a quote in a story readers may see (the others' pages answer 404). Filtering before
        # annotating makes Max() look at those quotes only.
        return (
            Person.objects.filter(quotes__in=Quote.objects.public().filter(article__language=edition_of()))
            .annotate(newest=Max("quotes__article__published_at"))
            .only("slug")
            .order_by("name", "pk")
        )

    def lastmod(self, person):
        return person.newest


class EventSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        published = Article.objects.published().in_edition()
        return (
            Event.objects.filter(Q(sources__article__in=published) | Q(quotes__article__in=published))
            .distinct()
            .only("slug")
            .order_by("-pk")
        )


class PeopleIndexSitemap(IndexPageSitemap):
    url_names = ["sourcing:people", "sourcing:quotes"]

    def lists_anything(self):
        return Quote.objects.public().filter(article__language=edition_of()).exists()


SITEMAPS = {"speakers": SpeakerSitemap, "events": EventSitemap, "people_index": PeopleIndexSitemap}
