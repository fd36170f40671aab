from django.contrib.sitemaps.views import sitemap
from django.urls import path

from articles import uploads, views
from articles.sitemaps import SITEMAPS

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("sections/<slug:slug>/", views.home, name="section"),
    path("tags/<slug:slug>/", views.home, name="tag"),
    path("authors/<slug:slug>/", views.home, name="author"),
    path("preview/article/<int:pk>/", views.article_preview, name="preview"),
    path("preview/<str:token>/", views.article_shared_preview, name="shared_preview"),
]

# Outside the namespace: django-ckeditor-5's widget reverses these names.
site_urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("editor/image-upload/", uploads.editor_image_upload, name="ck_editor_5_upload_file"),
]
