"""The site's own address, in one place: every absolute address the site writes (canonical links, JSON-LD,
feeds, sitemaps, sourcing.json, shareable preview links, emails) starts with `site_url(request)`.

- NEWSROOM_SITE_URL set (settings.SITE_URL, always in production): that address, whatever host a request
  came in on. A request on another host (a second name in ALLOWED_HOSTS, the server's IP) still gets the
  configured address, and the first such request per host logs a warning, since the host's links are then
  not its own.
- Development with it unset: the address the page was asked under, so `runserver 0:8202` or a phone on the
  local network gets links that work. The page cache keys pages on the host too (newsroom.pagecache), so a
  page rendered for one host is never served to another.
- No request (management commands, the email worker): the setting, else DEVELOPMENT_SITE_URL. `make run`
  sets NEWSROOM_SITE_URL from its PORT so that these agree with the pages it serves.
"""

import logging
import types
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views

logger = logging.getLogger(__name__)

DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"  # runserver's own default
# Hosts already warned about, so that a stray host logs once per process and not once per address written.
# Bounded: hosts pass ALLOWED_HOSTS first, but a wildcard there would let any name in.
_warned_hosts = set()
_WARNED_HOSTS_MAX = 100


def site_url(request=None):
    """The site's address, scheme and host with no trailing slash: 'https://news.example.org'."""
    if request is None:
        return settings.SITE_URL or DEVELOPMENT_SITE_URL
    # Worked out once per request: an article page writes about a dozen absolute addresses, and each time
    # Django checks the host against ALLOWED_HOSTS again.
    if "_site_url" not in request.__dict__:
        request._site_url = _site_url_for(request)
    return request._site_url


def _site_url_for(request):
    configured = settings.SITE_URL
    asked = request.build_absolute_uri("/")[:-1]
    if not configured:
        return asked
    if urlsplit(asked).netloc.lower() != urlsplit(configured).netloc.lower():
        _warn_once(asked, configured)
    return configured


def absolute_url(path, request=None):
    """`path` ('/articles/x/', '/media/...') on the site's address; an address on another server (media on a
    CDN: 'https://...' or '//...') keeps its own."""
    if path.startswith("/") and not path.startswith("//"):
        return site_url(request) + path
    return urljoin(site_url(request) + "/", path)


def _warn_once(asked, configured):
    host = urlsplit(asked).netloc.lower()
    if host in _warned_hosts or len(_warned_hosts) >= _WARNED_HOSTS_MAX:
        return
    _warned_hosts.add(host)
    logger.warning(
        "A request came in on %s, but NEWSROOM_SITE_URL is %s: the addresses in its pages, feeds and JSON "
        "point to %s. Set NEWSROOM_SITE_URL to the site's public address, or redirect %s there.",
        asked,
        configured,
        configured,
        host,
    )


def sitemap(request, sitemaps, **kwargs):
    """django.contrib.sitemaps' sitemap view, its addresses on site_url(request) (Django's own view takes
    the request's host)."""
    site = urlsplit(site_url(request))
    on_site = {
        name: _SitemapOnSite(entry() if callable(entry) else entry, site) for name, entry in sitemaps.items()
    }
    return sitemap_views.sitemap(request, on_site, **kwargs)


class _SitemapOnSite:
    """A sitemap that writes its addresses on `site` whatever site and protocol the view hands it."""

    def __init__(self, sitemap, site):
        self._sitemap = sitemap
        self._site = site

    def __getattr__(self, name):
        return getattr(self._sitemap, name)

    def get_urls(self, page=1, site=None, protocol=None):
        # Sitemap.get_urls reads only the site's domain.
        return self._sitemap.get_urls(
            page=page, site=types.SimpleNamespace(domain=self._site.netloc), protocol=self._site.scheme
        )
