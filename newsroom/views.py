"""Site-wide views that belong to no app: health check, robots.txt and the "page not found" page."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from newsroom.site_url import absolute_url


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_GET
def robots_txt(request):
    from django.conf import settings

    # Reader pages live under each language's prefix too (/mk/preview/...), except the default language's.
    prefixes = [""] + [f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    # No line for the admin: robots.txt is public and would name its address (newsroom.security's
    # AdminNoIndexMiddleware keeps it out of search engines instead).
    lines = [
        "User-agent: *",
        *(
            f"Disallow: {prefix}{path}"
            for prefix in prefixes
            for path in ("/preview/", "/membership/confirm/")
        ),
        *sitemap_lines(request),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def sitemap_lines(request):
    """Each edition's sitemap and news sitemap (articles.editions), each under its language's prefix."""
    from django.conf import settings

    for edition in settings.NEWSROOM_EDITIONS:
        with translation.override(edition):
            for name in ("sitemap", "news_sitemap"):
                yield f"Sitemap: {absolute_url(reverse(name), request)}"


def page_not_found(request, exception):
    """Django's 404 page, but the footer's language links go to each edition's front page: the page that is
    missing here is missing in every language, so "English" on /mk/nema-takva/ led back to the same 404."""
    from django.conf import settings

    home = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            home[code] = reverse("articles:home")
    body = loader.render_to_string("404.html", {"language_addresses": home}, request)
    return HttpResponseNotFound(body)
