"""The compact form in the article appeal, the first step of joining: it sets no cookie and needs no CSRF
token, leads to the full form filled in with what was chosen, and sends back what it would refuse there,
with a message on each of its own fields and none yet on the name, country and consent it does not ask."""

import re

import pytest
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import Client
from django.urls import include, path

from membership import tokens
from membership.models import Member

pytestmark = pytest.mark.django_db


def page_with_the_compact_form(request):
    # As the article page shows it: rendered with the request, so the CSRF context processor is at hand.
    template = Template("{% load membership %}{% membership_compact_form %}")
    return HttpResponse(template.render(RequestContext(request)))


urlpatterns = [
    path("membership/", include("membership.urls")),
    path("a-page-with-the-appeal/", page_with_the_compact_form),
]


@pytest.mark.urls(__name__)
def test_compact_form_sets_no_cookie_and_carries_no_csrf_token(client, tier):
    # Through the whole middleware stack: a CSRF token asked for while rendering would come back here as
    # a csrftoken cookie, and a cached page that sets a cookie is no longer one copy for every reader.
    response = client.get("/a-page-with-the-appeal/")
    assert response.status_code == 200
    assert not response.cookies, f"set {list(response.cookies)}"
    html = response.content.decode()
    assert 'action="/membership/join/start/"' in html
    assert "csrfmiddlewaretoken" not in html
    assert 'name="started"' in html and 'name="website"' in html


def test_compact_form_leads_to_the_prefilled_full_form_without_a_csrf_cookie(tier):
    client = Client(enforce_csrf_checks=True)
    data = {"tier": "supporter", "frequency": "yearly", "currency": "MKD", "email": "ana@example.org"}
    data.update(website="", started=tokens.form_timing_token())
    response = client.post("/membership/join/start/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "You are pledging 3,000 MKD every year, until you cancel." in html
    assert 'value="ana@example.org"' in html
    assert 'value="article_form"' in html
    assert Member.objects.count() == 0  # the first step saves nothing


def test_compact_form_honeypot_is_refused(tier):
    response = Client().post(
        "/membership/join/start/", {"website": "x", "started": tokens.form_timing_token()}
    )
    assert response.status_code == 400


def start(**overrides):
    """The Macedonian article's compact form sent with `overrides`: a monthly Supporter pledge in MKD."""
    data = {"tier": "supporter", "frequency": "monthly", "currency": "MKD", "email": "", "website": ""}
    data.update(overrides, started=tokens.form_timing_token())
    return Client().post("/mk/membership/join/start/", data)


def field_errors(html, field):
    listed = re.search(rf'<ul class="field-errors" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", listed.group(1)) if listed else []


@pytest.mark.parametrize(
    ("overrides", "field", "message", "kept"),
    [
        ({"tier": "custom", "amount": "abc"}, "amount", "Внесете го износот со цифри", 'value="abc"'),
        ({"tier": "custom", "amount": "10"}, "amount", "Најмалиот износ во MKD е 50.", 'value="10"'),
        ({"email": "not-an-email"}, "email", "Внесете цела адреса за е-пошта", 'value="not-an-email"'),
        (
            {"frequency": "one_time"},
            "tier",
            "Supporter не се нуди еднократно во MKD",
            'id="id_frequency_one_time" checked',
        ),
    ],
)
def test_bad_input_in_the_compact_form_gets_its_message_at_the_full_form_and_a_400(
    tier, overrides, field, message, kept
):
    # It answered 200 with the full form filled in and no word of what was wrong: the reader learnt only
    # after typing their name, choosing their country and ticking the consent.
    response = start(**overrides)

    assert response.status_code == 400
    html = response.content.decode()
    assert any(error.startswith(message) for error in field_errors(html, field)), field_errors(html, field)
    assert 'class="membership-error-summary"' in html and f'href="#id_{field}">{message}' in html
    assert kept in html  # what the reader chose, shown again to correct
    # What the compact form does not ask is not wrong yet, nor is the email it leaves optional.
    for unasked in {"name", "country", "privacy", "email"} - {field}:
        assert field_errors(html, unasked) == [], unasked
    assert "Внесете го вашето име." not in html and "Изберете ја вашата држава." not in html
    assert Member.objects.count() == 0
