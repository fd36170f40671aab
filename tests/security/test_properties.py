"""Arbitrary input at every public form and every URL with parameters: never a 500, nothing stored changes
except by a valid submission.

Hypothesis generates the text (any Unicode, control characters, huge numbers, negative pages, tokens that
are almost valid); max_examples is kept modest so the suite stays quick.
"""

import contextlib
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
anything = st.text(max_size=300)
numberish = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", "0", "-1", "last", "1e9", "NaN", "2.5", "9" * 400, "1\x00", "１"]),
    anything,
)


def snapshot():
    """Every row of every model of ours, so an unexpected write anywhere shows."""
    ours = {"articles", "sourcing", "membership"}
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in ours:
            state[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return state


@pytest.fixture
def site():
    story = factories.article(tags=[factories.tag()])
    return story


def assert_not_server_error(response, where):
    assert response.status_code < 500, (where, response.status_code)


@FUZZ
@given(q=anything, page=numberish)
def test_search_never_fails(client, site, q, page):
    before = snapshot()
    response = client.get(reverse("articles:search") + "?" + urlencode({"q": q, "page": page}))
    assert_not_server_error(response, "search")
    assert snapshot() == before


@FUZZ
@given(page=numberish, extra=anything)
def test_listings_and_feeds_never_fail_on_odd_parameters(client, site, page, extra):
    before = snapshot()
    query = "?" + urlencode({"page": page, "q": extra, "utm_source": extra})
    urls = [
        reverse("articles:home"),
        site.section.get_absolute_url(),
        site.tags.first().get_absolute_url(),
        site.ordered_authors[0].get_absolute_url(),
        reverse("articles:corrections"),
        reverse("articles:feed"),
        reverse("articles:feed_atom"),
        reverse("articles:section_feed", kwargs={"slug": site.section.slug}),
    ]
    for url in urls:
        assert_not_server_error(client.get(url + query), url)
    assert snapshot() == before


@FUZZ
@given(slug=anything)
def test_any_slug_in_article_section_tag_and_author_addresses_is_a_404_or_a_page(client, site, slug):
    before = snapshot()
    for prefix in ("articles", "sections", "tags", "authors", "people", "events"):
        response = client.get(f"/{prefix}/{quote(slug, safe='')}/")
        assert_not_server_error(response, prefix)
    assert snapshot() == before


def _signed_like():
    """Tokens that look like Django's signed values: right shape, wrong signature, odd timestamps."""
    part = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", max_size=40)
    return st.one_of(anything, st.builds(lambda a, b, c: f"{a}:{b}:{c}", part, part, part))


@FUZZ
@given(token=_signed_like())
def test_preview_and_membership_links_with_any_token_never_fail(client, site, token):
    before = snapshot()
    encoded = quote(token, safe="") or "x"
    urls = [f"/preview/{encoded}/"]
    for name in ("membership:confirm", "membership:manage", "membership:manage_data"):
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(name, kwargs={"token": "TOKEN"}).replace("TOKEN", encoded))
    for url in urls:
        assert_not_server_error(client.get(url), url)
        assert_not_server_error(client.post(url, {"token": token}), url)
    assert snapshot() == before


@FUZZ
@given(language=anything, next_url=anything)
def test_language_switch_never_fails_or_redirects_offsite(client, language, next_url):
    try:
        url = reverse("articles:language", kwargs={"language": "LANG"}).replace(
            "LANG", quote(language, safe="") or "x"
        )
    except NoReverseMatch:
        pytest.skip("no language switch")
    response = client.get(url + "?" + urlencode({"next": next_url}))
    assert_not_server_error(response, "language")
    if response.status_code in (301, 302):
        location = response["Location"]
        assert location.startswith("/") and not location.startswith("//"), location


def _membership_forms():
    names = []
    for name in ("membership:join", "membership:join_start", "membership:manage_request"):
        with contextlib.suppress(NoReverseMatch):
            names.append(reverse(name))
    return names


form_values = st.dictionaries(
    keys=st.sampled_from(
        [
            "email",
            "name",
            "full_name",
            "tier",
            "amount",
            "country",
            "consent",
            "website",
            "started",
            "message",
            "frequency",
        ]
    ),
    values=st.one_of(anything, numberish),
    max_size=8,
)


@FUZZ
@given(data=form_values)
def test_public_forms_answer_arbitrary_posts_without_failing(client, site, data):
    urls = _membership_forms()
    if not urls:
        pytest.skip("no public forms yet")
    before = snapshot()
    for url in urls:
        response = client.post(url, data)
        assert_not_server_error(response, url)
        if response.status_code >= 400:
            # A refused submission writes nothing.
            assert snapshot() == before, url
