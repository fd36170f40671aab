"""The site's URLs plus uploaded media, for the browser tests' live server.

newsroom/urls.py serves MEDIA_URL only when DEBUG was on at import time, and tests run with DEBUG off;
in production the web server serves media. The live server needs images to load, so this URL conf
adds a media route that reads MEDIA_ROOT per request (each test gets its own temporary MEDIA_ROOT).
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsroom.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", media),
    *site_urlpatterns,
]
