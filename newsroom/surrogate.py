"""Surrogate keys: what a public page shows, named on the response so a proxy or CDN can purge it by name.

A view names the content its page shows (`add_keys(request, "article-12", "home-en")`); the page cache
middleware writes the names, once per response, in the three headers the caching proxies read: `xkey`
(Varnish's xkey vmod), `Surrogate-Key` (Fastly) and `Cache-Tag` (Cloudflare). When content changes, the app
that owns it purges the same names (newsroom.purge). This module knows no app: which names a page carries
and which a change purges is for the apps to say.

Only pages a proxy may keep carry keys: the page cache middleware leaves them off private responses (a
session, the admin, sign-ups, anything but GET and HEAD).
"""

HEADERS = ("xkey", "Surrogate-Key", "Cache-Tag")
# Every page with keys carries this one too: a change that shows on every page (a menu in the header) purges it.
EVERY_PAGE = "site"
# Every "not found" page carries this one: a change that gives the site a new address (a story published, a
# tag or author added) purges it, so a proxy stops answering 404 there at once.
NOT_FOUND = "not-found"


def add_keys(request, *keys):
    """The page answering `request` shows the content named by `keys`."""
    if not hasattr(request, "surrogate_keys"):
        request.surrogate_keys = []
    request.surrogate_keys.extend(key for key in keys if key not in request.surrogate_keys)


def keys_of(request):
    return list(getattr(request, "surrogate_keys", ()))


def write_headers(request, response):
    """Name the request's keys on `response` (a view may also have set the headers itself)."""
    keys = keys_of(request)
    if response.status_code == 404 and NOT_FOUND not in keys:
        keys.append(NOT_FOUND)
    if not keys or "xkey" in response:
        return response
    keys.append(EVERY_PAGE)
    response["xkey"] = response["Surrogate-Key"] = " ".join(keys)
    response["Cache-Tag"] = ",".join(keys)  # Cloudflare's list is comma-separated
    return response


def remove_headers(response):
    for name in HEADERS:
        if name in response:
            del response[name]
    return response
