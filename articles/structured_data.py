"""Schema.org JSON-LD for the reader site: what search engines and social networks read about a page.

Each function returns a plain dict of JSON types; the `jsonld` template tag writes it into a
<script type="application/ld+json"> element, escaped so that no text in it can close the element.
Other apps add to an article's description by appending a callable to ARTICLE_JSONLD_PARTS.
"""

from functools import lru_cache

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static

from articles.models import Article
from newsroom.addresses import cached_reverse
from newsroom.site_url import absolute_url

SCHEMA = "https://schema.org"
LOGO_PATH = "img/logo.png"
LOGO_SIZE = (600, 60)
# Google wants article images at least 1200 pixels wide, when the original is that large.
IMAGE_MIN_WIDTH = 1200
HEADLINE_MAX = 110  # longer headlines make the whole NewsArticle ineligible for rich results

ARTICLE_TYPES = {
    Article.Kicker.ANALYSIS: "AnalysisNewsArticle",
    Article.Kicker.OPINION: "OpinionNewsArticle",
    Article.Kicker.EXPLAINER: "BackgroundNewsArticle",
    Article.Kicker.SPONSORED: "AdvertiserContentArticle",
}

# Callables taking an article and the request and returning a dict merged into its JSON-LD, e.g. the sourcing app's
# `sourcing.structured_data.article_jsonld_parts` (citation, hasPart). Append in an AppConfig.ready().
ARTICLE_JSONLD_PARTS = []


def absolute(request, path):
    return absolute_url(path, request)


def iso(moment):
    return moment.isoformat() if moment else None


def publisher(request):
    home = absolute(request, cached_reverse("articles:home"))
    return {
        "@type": "NewsMediaOrganization",
        "@id": home + "#publisher",
        "name": settings.SITE_NAME,
        "url": home,
        "logo": {
            "@type": "ImageObject",
            "url": absolute(request, logo_url()),
            "width": LOGO_SIZE[0],
            "height": LOGO_SIZE[1],
        },
    }


@lru_cache(maxsize=1)
def logo_url():
    """The logo's static address, worked out once: static() looks its hashed name up in the manifest on
    every call (about 12 microseconds), and every article page and the home page name the publisher."""
    return static(LOGO_PATH)


@receiver(setting_changed)
def forget_logo_url(*, setting, **kwargs):
    if setting in {"STATIC_URL", "STORAGES", "STATIC_ROOT"}:
        logo_url.cache_clear()


def best_rendition(image, min_width=IMAGE_MIN_WIDTH):
    """The smallest rendition in the original format at least `min_width` wide: (url, width, height)."""
    candidates = sorted(
        (r for r in image.renditions if r["format"] == image.original_format), key=lambda r: r["width"]
    )
    for rendition in candidates:
        if rendition["width"] >= min_width:
            break
    else:
        if not candidates:
            return image.file.url, image.width, image.height
        rendition = candidates[-1]
    return default_storage.url(rendition["name"]), rendition["width"], rendition["height"]


def image_object(request, image):
    url, width, height = best_rendition(image)
    data = {
        "@type": "ImageObject",
        "url": absolute(request, url),
        "contentUrl": absolute(request, url),
        "width": width,
        "height": height,
        "caption": image.caption or image.alt_text,
    }
    if image.credit:
        data["creditText"] = image.credit
    if image.copyright_holder:
        data["copyrightNotice"] = image.copyright_holder
    return data


def person(request, author):
    data = {"@type": "Person", "name": author.name, "url": absolute(request, author.get_absolute_url())}
    if author.role:
        data["jobTitle"] = author.role
    if author.link_list:
        data["sameAs"] = author.link_list
    return data


def video_object(request, article, video):
    """The story's YouTube or Vimeo `video` as search engines list videos: the player the page loads, its
    still (ours, else the service's, else the story's picture), put on this site when the story was."""
    data = {
        "@type": "VideoObject",
        "name": article.headline[:HEADLINE_MAX],
        "description": article.description_for_search_engines,
        "uploadDate": iso(article.published_at),
        "embedUrl": video.embed_url,
        "url": video.watch_url,
    }
    still = article.video_poster or (None if video.thumbnail_url else article.image_for_sharing)
    thumbnail = absolute(request, best_rendition(still)[0]) if still else video.thumbnail_url
    if thumbnail:
        data["thumbnailUrl"] = thumbnail
    return data


def article_url(request, article):
    return article.canonical_url or absolute(request, article.canonical_path)


def article_jsonld(article, request, translations=None):
    """NewsArticle (or the subtype its label calls for) with everything Google News reads; with the story
    in other editions (`translations`, by language) as translationOfWork or workTranslation.

    Expects `article` from `Article.objects.for_article_page()`, so authors, tags and corrections are
    prefetched and this costs no query.
    """
    url = article_url(request, article)
    # As the page's byline: an override stands for the authors ("By Guest Writer and agencies").
    if article.byline_override:
        authors = [{"@type": "Person", "name": article.byline_override}]
    else:
        authors = [person(request, author) for author in article.ordered_authors]
    data = {
        "@context": SCHEMA,
        "@type": ARTICLE_TYPES.get(article.kicker, "NewsArticle"),
        "@id": url + "#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:HEADLINE_MAX],
        "description": article.description_for_search_engines,
        "datePublished": iso(article.published_at),
        "dateModified": iso(article.last_changed_at),
        "author": authors,
        "publisher": publisher(request),
        "inLanguage": article.language,
        "isAccessibleForFree": True,
    }
    if article.image_for_sharing:  # its lead image, or the site's share image
        data["image"] = [image_object(request, article.image_for_sharing)]
    if article.section_id:
        data["articleSection"] = article.section.name
    if article.dateline:
        data["dateline"] = article.dateline
    video = article.video  # None without one, or for an address no service's (a bulk import's)
    if video:
        data["video"] = video_object(request, article, video)
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": correction.text,
            "datePublished": iso(correction.corrected_at),
            "url": url + f"#correction-{correction.pk}",
        }
        for correction in article.corrections.all()
    ]
    if corrections:
        data["correction"] = corrections
    for other in (translations or {}).values():
        reference = {"@id": article_url(request, other) + "#article", "inLanguage": other.language}
        if other.pk == article.translation_of_id:
            data["translationOfWork"] = reference
        elif article.translation_of_id is None:
            data.setdefault("workTranslation", []).append(reference)
    for part in ARTICLE_JSONLD_PARTS:
        data.update(part(article, request))
    return data


def breadcrumbs_jsonld(request, trail):
    """A BreadcrumbList from (name, path) pairs, home first."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(request, path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def article_breadcrumbs_jsonld(article, request):
    trail = [(settings.SITE_NAME, cached_reverse("articles:home"))]
    if article.section_id:
        trail.append((article.section.name, article.section.get_absolute_url()))
    trail.append((article.headline, article.get_absolute_url()))
    return breadcrumbs_jsonld(request, trail)


def website_jsonld(request):
    """The site and its search, for the home page (search engines may show a search box)."""
    home = absolute(request, cached_reverse("articles:home"))
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "@id": home + "#website",
        "name": settings.SITE_NAME,
        "url": home,
        "publisher": publisher(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(request, cached_reverse("articles:search"))
                + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def author_jsonld(author, request):
    """A ProfilePage about the author as a Person."""
    data = person(request, author)
    if author.bio:
        data["description"] = author.bio
    if author.photo_id:
        data["image"] = image_object(request, author.photo)
    return {
        "@context": SCHEMA,
        "@type": "ProfilePage",
        "url": absolute(request, author.get_absolute_url()),
        "mainEntity": data,
    }
