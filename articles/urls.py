from django.urls import path

from articles import feeds, uploads, views
from articles.models import Author, Section, Tag
from articles.purging import keyed
from articles.sitemaps import NEWS_SITEMAPS
from articles.slugs import follows_old_slugs
from newsroom.site_url import sitemap

app_name = "articles"
# A renamed section's, tag's or author's old address (its feeds' too) answers with a 301 to the new one.
section, tag, author = follows_old_slugs(Section), follows_old_slugs(Tag), follows_old_slugs(Author)
urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("sections/<slug:slug>/", section(views.SectionView.as_view()), name="section"),
    path("tags/<slug:slug>/", tag(views.TagView.as_view()), name="tag"),
    path("authors/", views.AuthorIndexView.as_view(), name="authors"),
    path("authors/<slug:slug>/", author(views.AuthorView.as_view()), name="author"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("language/<str:language>/", views.choose_language, name="language"),
    path("corrections/feed/", feeds.CorrectionsFeed(), name="corrections_feed"),
    path("corrections/feed/atom/", feeds.CorrectionsAtomFeed(), name="corrections_feed_atom"),
    path("feed/", feeds.SiteStoriesFeed(), name="feed"),
    path("feed/atom/", feeds.SiteStoriesAtomFeed(), name="feed_atom"),
    path("sections/<slug:slug>/feed/", section(feeds.SectionFeed()), name="section_feed"),
    path("sections/<slug:slug>/feed/atom/", section(feeds.SectionAtomFeed()), name="section_feed_atom"),
    path("tags/<slug:slug>/feed/", tag(feeds.TagFeed()), name="tag_feed"),
    path("tags/<slug:slug>/feed/atom/", tag(feeds.TagAtomFeed()), name="tag_feed_atom"),
    path("authors/<slug:slug>/feed/", author(feeds.AuthorFeed()), name="author_feed"),
    path("authors/<slug:slug>/feed/atom/", author(feeds.AuthorAtomFeed()), name="author_feed_atom"),
    path("preview/article/<int:pk>/", views.article_preview, name="preview"),
    path("preview/<str:token>/", views.article_shared_preview, name="shared_preview"),
]

# Outside the namespace: django-ckeditor-5's widget reverses these names, and the sitemaps are
# conventionally addressed without one. sitemap.xml is the project's (newsroom/urls.py): other apps add theirs.
edition_urlpatterns = [
    path(
        "news-sitemap.xml",
        keyed(sitemap, "sitemap"),
        {"sitemaps": NEWS_SITEMAPS, "template_name": "articles/news_sitemap.xml"},
        name="news_sitemap",
    ),
]
site_urlpatterns = [
    path("editor/image-upload/", uploads.editor_image_upload, name="ck_editor_5_upload_file"),
]
