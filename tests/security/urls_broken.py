"""The site's URLs plus one view that fails, to see how a server error is logged."""

from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("boom for reader@example.org")


urlpatterns = [path("boom/", broken), *site_urlpatterns]
