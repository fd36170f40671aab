"""The newsroom's content: articles and what they are filed under, written by, illustrated with and corrected by.

Whether a story is public is decided at query time (`Article.objects.published()`), so a scheduled story
appears, and an expiring one disappears, at its time without any job having to run.

One idea a module: taxonomy (sections, tags), images, authors (and bylines), article (the story), problems (what
it lacks to be published), translations (the story in other editions), queries (its queryset: what pages ask),
corrections, redirects (old addresses), notifications (the emails owed to staff
about their stories), site (the site's settings). Import the models from here.
"""

from articles.models.article import Article
from articles.models.authors import ArticleAuthor, Author
from articles.models.corrections import Correction
from articles.models.images import Image, image_upload_to
from articles.models.notifications import StaffLanguage, StoryNotification
from articles.models.problems import PUBLISH_CHECKS, Problem
from articles.models.queries import (
    ARTICLE_PAGE_ROWS,
    SEARCH_RANKED_MATCHES,
    ArticleManager,
    ArticleQuerySet,
    article_search_vector,
    search_terms,
)
from articles.models.redirects import ArticleSlugRedirect, OldSlug
from articles.models.site import SiteSettings
from articles.models.taxonomy import Section, Tag
from articles.video import video_embed_url

__all__ = [
    "ARTICLE_PAGE_ROWS",
    "PUBLISH_CHECKS",
    "SEARCH_RANKED_MATCHES",
    "Article",
    "ArticleAuthor",
    "ArticleManager",
    "ArticleQuerySet",
    "ArticleSlugRedirect",
    "Author",
    "Correction",
    "Image",
    "OldSlug",
    "Problem",
    "Section",
    "SiteSettings",
    "StaffLanguage",
    "StoryNotification",
    "Tag",
    "article_search_vector",
    "image_upload_to",  # migration 0001 names it here
    "search_terms",
    "video_embed_url",
]
