"""RSS and Atom feeds of published stories: the whole site, and each section, tag and author; and of the
corrections to them (the corrections archive's feed).

Each item carries its lead image as a Media RSS element, so feed readers can show it without scraping.
Item identifiers do not contain the slug: renaming a story must not make it new again in feed readers.
Every feed of the site (the speakers' ones too) writes through RssFeed or AtomFeed below, which escape the
plain text staff typed wherever feed readers render HTML.
"""

import copy
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext as _

from articles.editions import in_edition
from articles.models import Article, Author, Correction, Section, Tag
from articles.purging import add_keys
from articles.structured_data import best_rendition
from newsroom.site_url import absolute_url

FEED_SIZE = 30
MEDIA_NAMESPACE = "http://search.yahoo.com/mrss/"
FEED_IMAGE_WIDTH = 960


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_safe(value):
    """XML 1.0 cannot carry most control characters (pasted text brings them): drop them, not the feed."""
    if isinstance(value, SafeData):
        # Dropping characters from HTML could join "java\x01script:" into a live URL; replacing cannot.
        return mark_safe(CONTROL_CHARACTERS.sub("\ufffd", value))  # noqa: S308 - was safe, nothing joined
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


def reader_html(value):
    """`value` as HTML for a feed reader: plain text escaped, HTML marked safe (sanitize_html's) as it is.

    Only &, < and > are escaped, which is all text between tags needs: readers that show a title as plain
    text then show "Minister's" rather than "Minister&#x27;s".
    """
    if value is None or isinstance(value, SafeData):
        return value
    return mark_safe(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))  # noqa: S308


class ReaderTextMixin:
    """Feed text as feed readers take it: without control characters, and escaped where they render HTML.

    Readers render an RSS title and description, and an Atom summary (type="html"), as HTML. Headlines,
    names, bios and quotes are plain text, so they are escaped here for HTML, then once more by the XML
    writer; escaped once only, a reporter's "<img onerror=...>" would run in the reader. Atom titles and
    subtitles carry no type, so readers show them as text and they are left alone.
    """

    html_feed_fields = ()
    html_item_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*(xml_safe(arg) for arg in args), **{k: xml_safe(v) for k, v in kwargs.items()})
        for field in self.html_feed_fields:
            self.feed[field] = reader_html(self.feed[field])

    def add_item(self, *args, **kwargs):
        super().add_item(*(xml_safe(arg) for arg in args), **{k: xml_safe(v) for k, v in kwargs.items()})
        item = self.items[-1]
        for field in self.html_item_fields:
            item[field] = reader_html(item[field])


class RssFeed(ReaderTextMixin, Rss201rev2Feed):
    html_feed_fields = html_item_fields = ("title", "description")


class AtomFeed(ReaderTextMixin, Atom1Feed):
    """Also writes an item's `authors` ([(name, address)], when given) as one <author> each: Django's writes
    one, so a story by two people had one author named "Ana Petrovska and Ilir Berisha"."""

    html_item_fields = ("description",)  # written as <summary type="html">

    def add_item_elements(self, handler, item):
        if not item.get("authors"):
            return super().add_item_elements(handler, item)
        super().add_item_elements(handler, {**item, "author_name": None})
        for name, address in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", address)
            handler.endElement("author")


class MediaMixin:
    """Adds <media:content> for an item's lead image."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        image = item.get("image")
        if image:
            handler.addQuickElement("media:content", "", image)


class MediaRssFeed(MediaMixin, RssFeed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NAMESPACE}


class MediaAtomFeed(MediaMixin, AtomFeed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NAMESPACE}


class SiteFeed(Feed):
    """A feed whose every address is on the site's address (newsroom.site_url); Django's own feed puts the
    request's host before the links it is given, and item methods get no request."""

    page_key = "feed"  # the surrogate key (articles.purging) of the edition's pages this feed is one of

    def __call__(self, request, *args, **kwargs):
        add_keys(request, self.page_key)
        # urls.py makes one feed object for all requests: each request reads its own copy.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def absolute(self, path):
        return absolute_url(path, self.request)

    def feed_url(self, obj):
        return self.absolute(self.request.path)

    def author_name(self, obj=None):
        return settings.SITE_NAME  # Atom requires an author of the feed for entries that name none

    def author_link(self, obj=None):
        return self.absolute(reverse("articles:home"))


class SiteStoriesFeed(SiteFeed):
    feed_type = MediaRssFeed

    def title(self, obj=None):
        return in_edition(settings.SITE_NAME)

    def link(self, obj=None):
        return self.absolute(reverse("articles:home"))

    def description(self, obj=None):
        return _("The latest stories from %(site)s.") % {"site": settings.SITE_NAME}

    def stories(self, obj):
        return Article.objects.published().in_edition()

    def items(self, obj=None):
        return self.stories(obj).for_listing().prefetch_related("tags")[:FEED_SIZE]

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.standfirst  # plain text: RssFeed and AtomFeed escape it for readers

    def item_link(self, article):
        return self.absolute(article.get_absolute_url())

    def item_guid(self, article):
        return self.absolute(f"/#article-{article.pk}")

    item_guid_is_permalink = False

    def item_author_name(self, article):
        return article.byline or None

    def item_author_link(self, article):
        authors = article.ordered_authors
        if authors and not article.byline_override:
            return self.absolute(authors[0].get_absolute_url())
        return None

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_changed_at

    def item_categories(self, article):
        names = [article.section.name] if article.section_id else []
        return names + [tag.name for tag in article.tags.all()]

    def item_extra_kwargs(self, article):
        extra = {}
        if not article.byline_override:
            extra["authors"] = [
                (author.name, self.absolute(author.get_absolute_url())) for author in article.ordered_authors
            ]
        if not article.lead_image_id:
            return extra
        url, width, height = best_rendition(article.lead_image, FEED_IMAGE_WIDTH)
        return {
            **extra,
            "image": {
                "url": self.absolute(url),
                "medium": "image",
                "type": article.lead_image.mime_type,
                "width": str(width),
                "height": str(height),
            },
        }


class SectionFeed(SiteStoriesFeed):
    def get_object(self, request, slug):
        section = get_object_or_404(Section, slug=slug)
        add_keys(request, f"section-{section.pk}")
        return section

    def title(self, section):
        return f"{section.name} · {settings.SITE_NAME}"

    def link(self, section):
        return self.absolute(section.get_absolute_url())

    def description(self, section):
        return section.description or _("The latest stories in %(section)s.") % {"section": section.name}

    def stories(self, section):
        return super().stories(section).filter(section=section)


class TagFeed(SiteStoriesFeed):
    def get_object(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        add_keys(request, f"tag-{tag.pk}")
        return tag

    def title(self, tag):
        return f"{tag.name} · {settings.SITE_NAME}"

    def link(self, tag):
        return self.absolute(tag.get_absolute_url())

    def description(self, tag):
        return _("The latest stories tagged %(tag)s.") % {"tag": tag.name}

    def stories(self, tag):
        return super().stories(tag).filter(tags=tag)


class AuthorFeed(SiteStoriesFeed):
    def get_object(self, request, slug):
        author = get_object_or_404(Author, slug=slug)
        add_keys(request, f"author-{author.pk}")
        return author

    def title(self, author):
        return f"{author.name} · {settings.SITE_NAME}"

    def link(self, author):
        return self.absolute(author.get_absolute_url())

    def description(self, author):
        return _("The latest stories by %(author)s.") % {"author": author.name}

    def stories(self, author):
        return super().stories(author).filter(authors=author)


class AtomMixin:
    feed_type = MediaAtomFeed

    def subtitle(self, obj=None):
        return self.description(obj)


class SiteStoriesAtomFeed(AtomMixin, SiteStoriesFeed):
    pass


class SectionAtomFeed(AtomMixin, SectionFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass


class CorrectionsFeed(SiteFeed):
    """The corrections archive as a feed, newest first: each item one correction to a story of the edition."""

    feed_type = RssFeed
    page_key = "corrections"

    def title(self, obj=None):
        return _("Corrections · %(site)s") % {"site": in_edition(settings.SITE_NAME)}

    def link(self, obj=None):
        return self.absolute(reverse("articles:corrections"))

    def description(self, obj=None):
        return _("Every correction we have made to our published stories.")

    def items(self, obj=None):
        return (
            Correction.objects.for_readers()
            .select_related("article")
            .only("text", "corrected_at", "article__slug", "article__language", "article__headline")
            .order_by("-corrected_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, correction):
        return correction.article.headline

    def item_description(self, correction):
        return correction.text  # plain text: RssFeed and AtomFeed escape it for readers

    def item_link(self, correction):
        return self.absolute(correction.get_absolute_url())

    def item_guid(self, correction):
        return self.absolute(f"/#correction-{correction.pk}")  # not the slug: see the module's docstring

    item_guid_is_permalink = False

    def item_pubdate(self, correction):
        return correction.corrected_at

    def item_updateddate(self, correction):
        return correction.corrected_at  # Atom requires each entry's <updated>


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = AtomFeed

    def subtitle(self, obj=None):
        return self.description(obj)
