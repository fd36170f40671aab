from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles.urls import site_urlpatterns as article_site_urlpatterns
from newsroom import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(settings.ADMIN_PATH + "two-factor/", include("newsroom.security")),
    path(settings.ADMIN_PATH, admin.site.urls),
    *article_site_urlpatterns,
    path("membership/", include("membership.urls")),
    path("", include("sourcing.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
