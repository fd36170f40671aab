"""Bad input at any address of the site is never a server error.

The walk takes every URL pattern of the project (`get_resolver()`, recursively; the reader pages under each
language prefix too) and sends it NUL characters, overlong and malformed values: in its path's parameters,
in the query string and, where the view takes a form, in a submitted one (urlencoded, and multipart for
NUL); anonymously and, where a reader cannot open the page, as a superuser. Each pattern is tried at two
addresses: one whose parameters name things that exist, so that the view gets as far as reading the query
and the form, and one whose parameters are the bad value themselves. The query parameters are a few common
ones together, then each parameter the page links to on its own (a changelist's filters, a listing's
pages), since one refused parameter would hide the others; the form's fields are those the page's own
forms carry, with the inline formsets' counts kept so that their forms are read too.

It is on PostgreSQL that a NUL matters (its text cannot hold one), so CI runs this on both databases. The
walk sends about 10,000 requests: about a minute.
"""

import logging
import re
import time
from html import unescape
from urllib.parse import parse_qs, unquote_to_bytes

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils.regex_helper import normalize
from django.views.static import serve

from articles.preview import preview_token
from membership import tokens
from membership.models import Currency, Member
from newsroom.logging import mask_emails
from tests import factories
from tests.accounts.sign_in import sign_in
from tests.sourcing import factories as sourcing_factories

pytestmark = pytest.mark.django_db

# Each as it travels in an address or a urlencoded form: percent-encoded where it has to be.
BAD_VALUES = {
    "nul": "%00",
    "nul-inside": "a%00b",
    "overlong": "x" * 10_000,
    "invalid-utf8": "%ff%ed%a0%80",  # a byte no UTF-8 has, and an encoded lone surrogate
    "not-a-number": "abc",
    "huge-number": "99999999999999999999",
    "negative": "-1",
    "impossible-date": "2024-13-45",
}
# Query parameters many views read, sent together.
COMMON_QUERY = ("q", "page", "p", "o", "next", "term", "_changelist_filters", "_popup")
# Form fields many forms carry, besides those the page's own forms name.
COMMON_FORM = ("action", "_selected_action", "index", "post", "username", "password", "email", "token")

ROUTE_PARAMETER = re.compile(r"<(?:[^>:]+:)?([^>]+)>")
FORM_FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*?\sname=\"([^\"]+)\"[^>]*>")
FIELD_VALUE = re.compile(r"\svalue=\"([^\"]*)\"")
FORMSET_COUNT = re.compile(r"-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")
LINK_QUERY = re.compile(r"href=\"\?([^\"]*)\"")
POST_FORM = re.compile(r"<form\b[^>]*\smethod=\"post\"[^>]*>", re.IGNORECASE)
FORM_ACTION = re.compile(r"\saction=\"([^\"]*)\"")


def pattern_chains(resolver=None, chain=()):
    """Every URL pattern of the project with the resolvers above it, outermost first."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from pattern_chains(entry, (*chain, entry))
        else:
            yield (*chain, entry)


def address_templates(chain):
    """The chain's address as a %-format string and its parameters' names, one per language prefix."""
    templates = [("", [])]
    for entry in chain:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            prefixes = [
                "" if code == settings.LANGUAGE_CODE and not pattern.prefix_default_language else f"{code}/"
                for code, _name in settings.LANGUAGES
            ]
            templates = [(text + prefix, names) for text, names in templates for prefix in prefixes]
            continue
        if isinstance(pattern, RoutePattern):
            route = pattern._route.replace("%", "%%")
            part, new_names = ROUTE_PARAMETER.sub(r"%(\1)s", route), ROUTE_PARAMETER.findall(route)
        else:
            assert isinstance(pattern, RegexPattern), pattern
            part, new_names = normalize(pattern._regex)[0]  # what reverse() would build
        templates = [(text + part, [*names, *new_names]) for text, names in templates]
    return templates


def routes():
    found = []
    for chain in pattern_chains():
        if chain[-1].callback is serve:
            continue  # Django's development-only file server (static(), with DEBUG), never deployed
        for text, names in address_templates(chain):
            found.append(pytest.param(chain, text, names, id="/" + text))
    return found


@pytest.fixture
def things():
    """One of each thing an address can name, with the slug "walk" wherever there is a slug."""
    section = factories.section(slug="walk")
    tag = factories.tag(slug="walk")
    author = factories.author(slug="walk")
    story = factories.article(slug="walk", section=section, tags=[tag], authors=[author])
    factories.correction(story)
    speaker = sourcing_factories.person(slug="walk")
    event = sourcing_factories.event(slug="walk")
    sourcing_factories.quote(story, speaker=speaker, event=event)
    member = Member.objects.create(
        email="reader@example.org",
        name="Reader",
        country="MK",
        amount=300,
        currency=Currency.objects.get(code="MKD"),
        frequency="monthly",
    )
    return {
        "story": story,
        "tokens": {
            "shared_preview": preview_token(story),
            "confirm": tokens.confirm_token(member),
            "manage": tokens.manage_token(member),
            "manage_data": tokens.manage_token(member),
        },
    }


@pytest.fixture
def _quiet():
    """No log lines for the thousands of refused requests: writing them costs more than answering them."""
    logging.disable(logging.CRITICAL)
    yield
    logging.disable(logging.NOTSET)


def model_admin_of(chain):
    for entry in chain:
        for model, model_admin in admin.site._registry.items():
            if str(entry.pattern) == f"{model._meta.app_label}/{model._meta.model_name}/":
                return model_admin
    return None


def real_values(chain, names, things):
    """Values for the parameters that name things that exist; None when there is no such thing."""
    model_admin = model_admin_of(chain)
    values = {}
    for name in names:
        if model_admin and name in {"object_id", "id", "pk", "_0"}:
            row = model_admin.model._default_manager.first()
            if row is None:
                return None
            values[name] = str(row.pk)
        elif model_admin and name == "_1":  # django-simple-history's revision of that row
            values[name] = str(row.history.first().history_id)
        elif name == "content_type_id":
            values[name] = str(ContentType.objects.get_for_model(things["story"]).pk)
        elif name == "token":
            values[name] = things["tokens"][chain[-1].name]
        else:
            values[name] = {
                "slug": "walk",
                "pk": str(things["story"].pk),
                "object_id": str(things["story"].pk),
                "language": "mk",
                "app_label": "articles",
                "url": "",
                "provider_name": "stripe",  # the card webhook's provider
            }[name]
    return values


def autocomplete_queries():
    """The fixed part of each autocomplete request the admin's forms make."""
    queries = []
    for model, model_admin in admin.site._registry.items():
        sources = [(model, model_admin.autocomplete_fields)]
        sources += [(inline.model, inline.autocomplete_fields) for inline in model_admin.inlines]
        for source, fields in sources:
            for field in fields:
                opts = source._meta
                queries.append(f"app_label={opts.app_label}&model_name={opts.model_name}&field_name={field}&")
    return queries


def form_fields(html):
    """The names of the page's form fields, and the values of its formsets' counts."""
    names, counts = set(COMMON_FORM), {}
    for tag in FORM_FIELD.finditer(html):
        name = tag.group(1)
        value = FIELD_VALUE.search(tag.group(0))
        if FORMSET_COUNT.search(name) and value:
            counts[name] = value.group(1)
        elif name != "csrfmiddlewaretoken":
            names.add(name)
    return sorted(names), counts


def linked_parameters(html):
    """The query parameters of the page's links to itself (?status__exact=draft, ?page=2)."""
    return sorted(
        {
            name
            for query in LINK_QUERY.findall(html)
            for name in parse_qs(unescape(query), keep_blank_values=True)
        }
    )


def takes_posts(page, address):
    """Whether the view may read a form: not when its page opened without a form posted back to it, nor
    when it sent an anonymous visitor to sign in (a POST meets the same redirect)."""
    if page.status_code == 200:
        actions = [
            FORM_ACTION.search(form) for form in POST_FORM.findall(page.content.decode(errors="replace"))
        ]
        return any(action is None or unescape(action.group(1)) in ("", address) for action in actions)
    return not page.get("Location", "").startswith(reverse("admin:login"))


def multipart(fields, raw):
    boundary = "bad-input-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + raw + b"\r\n"
        for name in fields
    ]
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class _Undo(Exception):
    pass


def send(client, method, url, body=b"", content_type=None):
    """(status, the view's exception if any), with every write the request made undone, so that a
    deletion or a sign-out spares the requests after it, and a failed query on PostgreSQL does not abort the
    test's transaction."""
    try:
        with transaction.atomic():
            if method == "get":
                response = client.get(url)
            else:
                response = client.post(url, data=body, content_type=content_type)
            raise _Undo(response)
    except _Undo as undo:
        response = undo.args[0]
    error = getattr(response, "exc_info", None)
    return response.status_code, repr(error[1])[:300] if error else ""


def walk(client, chain, text, names, things):
    """Every bad request to one route; returns the server errors as (method, address, status, error), and
    whether the route opened normally."""
    for cache in caches.all():
        cache.clear()  # rate limits and lockouts from the previous route
    failures = []

    def check(method, url, body=b"", content_type=None):
        status, error = send(client, method, url, body, content_type)
        if status >= 500:
            failures.append((method, url if len(url) < 200 else url[:150] + "...", status, error))
        return status

    addresses = []
    values = real_values(chain, names, things)
    opened, posts = False, True
    if values is not None:
        address = "/" + text % values
        page = client.get(address)
        opened, posts = page.status_code == 200, takes_posts(page, address)
        html = page.content.decode(errors="replace") if opened else ""
        fields, counts = form_fields(html)
        single = [f"{name}=" for name in linked_parameters(html)]
        if chain[-1].name == "autocomplete":
            single += [query + "term=" for query in autocomplete_queries()]
        addresses.append((address, fields, counts, single))
    if names:
        addresses.append((None, COMMON_FORM, {}, []))
    for address, fields, counts, single in addresses:
        kept = "".join(f"&{name}={count}" for name, count in counts.items())
        for value in BAD_VALUES.values():
            url = address or "/" + text % dict.fromkeys(names, value)
            query = "&".join(f"{name}={value}" for name in COMMON_QUERY)
            status = check("get", f"{url}?{query}")
            if address is None and (status == 404 or 300 <= status < 400):
                continue  # the view refused the address itself, before any form
            if posts:
                body = "&".join(f"{name}={value}" for name in fields) + kept
                check("post", f"{url}?{query}", body.encode(), "application/x-www-form-urlencoded")
            if posts and "%00" in value:
                check("post", url, *multipart(fields, unquote_to_bytes(value)))
            for parameter in single:  # only at the real address
                check("get", f"{url}?{parameter}{value}")
    return failures, opened


@pytest.mark.usefixtures("_quiet")
@pytest.mark.parametrize(("chain", "text", "names"), routes())
def test_bad_input_is_never_a_server_error(client, admin_user, things, chain, text, names):
    client.raise_request_exception = False
    failures, opened = walk(client, chain, text, names, things)
    if not opened:  # a superuser sees what a reader cannot: the admin, previews, uploads
        client.force_login(admin_user)
        failures += walk(client, chain, text, names, things)[0]
    assert not failures, "\n".join(map(str, failures))


def test_masking_emails_in_a_long_log_line_takes_linear_time():
    # A 100,000-character path without an "@" took 21 s to mask: the email pattern was tried from each of its
    # characters, each attempt reading to the end. Now it is a few milliseconds.
    started = time.perf_counter()
    assert mask_emails("/" + "x" * 100_000) == "/" + "x" * 100_000
    assert time.perf_counter() - started < 1
    assert mask_emails("from ana.p@example.org and 192.0.2.1") == "from a***@example.org and <ip>"


# What the walk found beyond NUL, each pinned on its own.


@pytest.mark.parametrize(
    "query",
    [
        "published_at__year=99999999999999999999",  # beyond C's long: OverflowError
        "published_at__year=2024&published_at__month=99999999999999999999",
        "published_at__year=9999",  # its end, the year 10000, is no date
        "published_at__year=9999&published_at__month=12",
        "published_at__year=1",  # its start is before year 1 in UTC
        "published_at__year=+-5",
    ],
)
def test_a_date_hierarchy_refuses_a_year_it_cannot_show(admin_client, query):
    factories.article()
    changelist = reverse("admin:articles_article_changelist")
    response = admin_client.get(f"{changelist}?{query}")
    assert response.status_code == 302 and response["Location"] == f"{changelist}?e=1"
    assert admin_client.get(f"{changelist}?published_at__year=2024").status_code == 200


def test_a_many_to_many_key_beyond_the_databases_range_is_a_form_error(admin_client):
    response = admin_client.post(
        reverse("admin:auth_group_add"), {"name": "Desk", "permissions": ["99999999999999999999"]}
    )
    assert response.status_code == 200
    assert "“99999999999999999999” is not a valid value." in response.content.decode()
    assert not Group.objects.filter(name="Desk").exists()


@pytest.mark.parametrize("value", ["abc", "1.5"])
def test_a_refused_form_shows_its_autocomplete_fields_again(admin_client, value):
    story = factories.article()
    response = admin_client.post(
        reverse("admin:articles_correction_add"), {"article": value, "text": "Fixed."}
    )
    assert response.status_code == 200 and "Select a valid choice." in response.content.decode()
    response = admin_client.post(reverse("admin:articles_correction_add"), {"article": story.pk, "text": ""})
    assert (
        response.status_code == 200 and f'<option value="{story.pk}" selected>' in response.content.decode()
    )


@pytest.mark.parametrize("view", ["config", "qrcode"])
def test_the_page_of_a_two_factor_device_that_is_not_there_is_a_404(admin_client, view):
    assert admin_client.get(reverse(f"admin:otp_totp_totpdevice_{view}", args=[12345])).status_code == 404


def test_a_refused_story_shows_its_inline_bylines_again(admin_client):
    # The byline inline's author is an autocomplete field too; its forms are read when their counts are right.
    story = factories.article()
    change = reverse("admin:articles_article_change", args=[story.pk])
    fields, counts = form_fields(admin_client.get(change).content.decode())
    bylines = [name for name in fields if re.fullmatch(r"[\w-]+-\d+-author", name)]
    assert bylines
    response = admin_client.post(change, {**counts, **dict.fromkeys(bylines, "abc")})
    assert response.status_code == 200 and "Select a valid choice." in response.content.decode()


def test_signing_in_with_a_username_longer_than_any_accounts_is_a_form_error(client):
    response = sign_in(client, "x" * 10_000, "whatever")
    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()  # not tried, so no failed sign-in for django-axes to record
