"""Where supporters write to the outlet and read its privacy policy (NEWSROOM_CONTACT_EMAIL,
NEWSROOM_PRIVACY_POLICY_URL): beside the sign-up's consent, on the member's page and in every member email,
which is sent with the contact address as its Reply-To. Member emails are plain text: nothing in them is
escaped for HTML."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from membership import services, tokens
from tests.membership.conftest import make_member, run_queue

pytestmark = pytest.mark.django_db

CONTACT = "members@news.example.org"


@pytest.fixture
def contact(settings):
    settings.SITE_URL = "https://news.example.org"
    settings.SITE_CONTACT_EMAIL = CONTACT
    settings.SITE_PRIVACY_POLICY_URL = "/privacy/"


def manage_page(client, member, language="en"):
    with translation.override(language):
        return client.get(reverse("membership:manage", args=[tokens.manage_token(member)])).content.decode()


def test_the_sign_up_links_the_privacy_policy_beside_its_consent_in_a_new_tab(client, currencies, contact):
    html = client.get(reverse("membership:join")).content.decode()
    consent = html[html.index('name="privacy"') : html.index('name="newsletter"')]
    assert '<a class="membership-note" href="/privacy/" target="_blank" rel="noopener">' in consent


def test_the_sign_up_shows_no_policy_link_when_the_outlet_has_set_none(client, currencies, settings):
    settings.SITE_PRIVACY_POLICY_URL = ""
    assert "privacy policy (opens" not in client.get(reverse("membership:join")).content.decode()


def test_a_member_who_wants_their_data_erased_is_told_where_to_write(client, currencies, contact):
    member = make_member(currencies, email="ana@example.org")
    html = manage_page(client, member, "mk")
    assert f'<a href="mailto:{CONTACT}">{CONTACT}</a>' in html
    assert '<a href="/privacy/">' in html


def test_without_a_contact_address_the_member_page_says_write_to_us_without_one(client, currencies, settings):
    settings.SITE_CONTACT_EMAIL = ""
    html = manage_page(client, make_member(currencies, email="ana@example.org"))
    assert "cancel below and write to us: we keep" in html and "mailto:" not in html


def test_member_emails_answer_to_the_newsroom_and_name_the_policy_and_the_address(currencies, contact):
    member = make_member(currencies, email="ana@example.org", language="sq")
    services.member_confirm(member=member)
    run_queue()

    [message] = [message for message in mail.outbox if message.to == ["ana@example.org"]]
    assert message.reply_to == [CONTACT]
    assert "https://news.example.org/privacy/\n" in message.body
    assert f"{CONTACT}\n" in message.body


def test_member_emails_have_no_reply_to_when_no_contact_address_is_set(currencies, settings):
    settings.SITE_CONTACT_EMAIL = ""
    services.member_confirm(member=make_member(currencies, email="ana@example.org"))
    run_queue()
    [message] = [message for message in mail.outbox if message.to == ["ana@example.org"]]
    assert message.reply_to == []


def test_member_emails_are_plain_text_with_names_and_addresses_as_written(currencies, settings):
    settings.SITE_NAME = "Tom & Jerry's News"
    settings.SITE_PRIVACY_POLICY_URL = "https://example.org/policy?lang=en&v=2"
    member = make_member(currencies, email="obrien@example.org", name="Seán O'Brien")
    services.member_confirm(member=member)
    run_queue()

    [message] = [message for message in mail.outbox if message.to == ["obrien@example.org"]]
    assert "Hello Seán O'Brien," in message.body
    assert "https://example.org/policy?lang=en&v=2\n" in message.body
    assert "Tom & Jerry's News" in message.subject and "&amp;" not in message.body + message.subject
