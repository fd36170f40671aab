from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles.purging import keyed
from articles.sitemaps import SITEMAPS as ARTICLE_SITEMAPS
from articles.urls import edition_urlpatterns as article_edition_urlpatterns
from articles.urls import site_urlpatterns as article_site_urlpatterns
from newsroom import views
from newsroom.site_url import sitemap
from sourcing.sitemaps import SITEMAPS as SOURCING_SITEMAPS

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Before the admin's own: its login/ address serves the two-step sign-in (accounts/urls.py).
    path(settings.ADMIN_PATH, include("accounts.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
    *article_site_urlpatterns,
]

# Reader pages: the default language at /, the others under their prefix (/mk/, /sq/). The address alone
# decides the language, so a page never varies by cookie or header and a CDN can cache it as it is.
urlpatterns += i18n_patterns(
    # Each edition's own sitemaps (articles.editions): /sitemap.xml, /mk/sitemap.xml, ...
    path(
        "sitemap.xml",
        keyed(sitemap, "sitemap"),
        {"sitemaps": {**ARTICLE_SITEMAPS, **SOURCING_SITEMAPS}},
        name="sitemap",
    ),
    *article_edition_urlpatterns,
    path("membership/", include("membership.urls")),
    path("", include("sourcing.urls")),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

handler404 = views.page_not_found

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
