vcl 4.1;
# Varnish in front of the app nodes, as a CDN would be (README, "Caching proxy (Varnish or a CDN)").
#
# It keeps public pages as their Cache-Control says (s-maxage, stale-while-revalidate, stale-if-error),
# passes the admin, the membership forms and anyone with a session or CSRF cookie, and drops the pages
# a story's change shows in when the app sends their surrogate keys (newsroom.purge):
#   PURGE / with "xkey-purge: article-12 home-en ...", accepted from the loopback only.
# Needs Debian's varnish and varnish-modules (the xkey vmod). The backend below is one app node; with
# several, use vmod_directors' round_robin over them. tests/cluster/test_varnish.py writes its own backend.

import std;
import xkey;

backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = { .url = "/healthz"; .interval = 5s; .timeout = 2s; .window = 5; .threshold = 3; }
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is for the app on this machine"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "PURGE needs an xkey-purge header"));
        }
        # A hard purge: the old page is gone, never served again, even in grace.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin (DJANGO_ADMIN_PATH: change this if you moved it), sign-ups and the member's pages, previews.
    if (req.url ~ "^/(admin|membership|[a-z]{2}/membership|preview|[a-z]{2}/preview|editor|healthz)(/|$)") {
        return (pass);
    }
    # A session (staff, members), the CSRF token (a form is on its way) or a flash message: a page of one's own.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # While the app answers, an expired page is served for at most stale-while-revalidate (the app's
    # PAGE_CACHE_STALE_WHILE_REVALIDATE) while it is fetched anew; when it fails, for up to stale-if-error.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 60s;
    }
    # Any other cookie (analytics, the language one) does not change the page: the address decides the language.
    unset req.http.Cookie;
    unset req.http.Authorization;
    return (hash);
}

sub vcl_backend_response {
    # Pages the app says are private or sets a cookie on are never kept.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Varnish reads s-maxage for the ttl and stale-while-revalidate for grace itself. stale-if-error becomes
    # the grace when longer: vcl_recv uses only the short grace while the app is healthy.
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1") + "s", beresp.grace);
    }
    # Pages are addressed by language, so the Accept-Language and Cookie the app varies on change nothing.
    if (beresp.http.Vary) {
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*(accept-language|cookie)\s*(?=,|$)", "");
        set beresp.http.Vary = regsub(beresp.http.Vary, "^\s*,\s*", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
    }
    return (deliver);
}

sub vcl_deliver {
    # The keys are for this proxy only.
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
