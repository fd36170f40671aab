"""Public pages: bad input of every field gets a message and a 4xx, anti-abuse refusals, links that
expired or were tampered with, and the member's own page (the compact form for article pages: test_join_start)."""

import datetime
import json
import re
import unicodedata

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from membership import tokens
from membership.models import Member, Status, UsedFormToken
from tests.membership.conftest import form_data, last_link, run_queue

pytestmark = pytest.mark.django_db

TOO_SOON = tokens.form_timing_token  # a token made now: the form "was shown" zero seconds ago


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter your name."),
        ({"name": "x" * 151}, "Ensure this value has at most 150 characters"),
        ({"name": "<script>alert(1)</script>"}, "Enter your name as you would write it on a letter."),
        ({"email": ""}, "Enter your email address."),
        ({"email": "not-an-address"}, "Enter a whole email address, such as ana@example.org."),
        ({"email": "a" * 250 + "@example.org"}, "at most 254 characters"),
        ({"country": ""}, "Choose your country."),
        ({"country": "XX"}, "Select a valid choice."),
        ({"country": "mk"}, "Select a valid choice."),  # codes as the form offers them: capitals
        ({"country": "Macedonia"}, "Select a valid choice."),
        ({"tier": ""}, "Choose how much you give: one of the levels, or another amount."),
        ({"tier": "platinum"}, "That level of support is not offered any more."),
        ({"tier": "custom", "amount": ""}, "Enter the amount you want to give."),
        ({"tier": "custom", "amount": "abc"}, "Enter the amount in digits"),
        ({"tier": "custom", "amount": "-5"}, "Enter an amount of at least 0.01."),
        ({"tier": "custom", "amount": "10"}, "The smallest amount in MKD is 50"),
        ({"tier": "custom", "amount": "1e400"}, "Enter the amount in digits"),
        ({"tier": "custom", "amount": "NaN"}, "Enter the amount in digits"),
        ({"tier": "custom", "amount": "99999999"}, "Enter an amount of at most 1,000,000."),
        ({"tier": "custom", "amount": "12.345"}, "Enter the amount in digits"),  # 12345, or 12.35?
        ({"tier": "custom", "amount": "12.3456"}, "Enter at most two digits for the cents, e.g. 1500.50."),
        (
            {"tier": "supporter", "currency": "EUR", "frequency": "yearly"},
            "Supporter is not offered yearly in EUR",
        ),
        ({"frequency": ""}, "Choose whether you give once, every month or every year."),
        ({"frequency": "weekly"}, "Select a valid choice."),
        ({"currency": ""}, "Choose the currency you give in."),
        ({"currency": "USD"}, "We do not take that currency."),
        ({"privacy": None}, "Please agree to the privacy policy"),
        ({"privacy_version": ""}, "The form is out of date."),
        ({"privacy_version": "abc"}, "The form is out of date."),
        ({"privacy_version": "99"}, "The form is out of date."),
        ({"newsletter_version": "-1"}, "The form is out of date."),
        ({"channel": "carrier-pigeon"}, "Select a valid choice."),
        ({"started": ""}, "The form was changed on the way."),
        ({"started": "forged:token"}, "The form was changed on the way."),
        ({"website": "https://spam.example"}, "This form looks automatically filled in."),
    ],
)
def test_bad_input_gets_a_message_and_400_and_saves_nothing(sign_up, overrides, message):
    response = sign_up(**overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Member.objects.count() == 0


def test_form_sent_faster_than_a_person_can_type_is_refused(sign_up):
    response = sign_up(started=TOO_SOON())
    assert response.status_code == 400
    assert "quicker than a person" in response.content.decode()


def test_the_summary_names_each_missing_answer(sign_up):
    html = sign_up(name="", email="", privacy=None).content.decode()
    summary = html[html.index('class="membership-error-summary"') : html.index("</ul>")]
    assert '<a href="#id_name">Enter your name.</a>' in summary
    assert '<a href="#id_email">Enter your email address.</a>' in summary
    assert "Please agree to the privacy policy" in summary
    assert "This field is required" not in html


def test_a_person_who_fixes_one_answer_and_sends_again_at_once_is_not_taken_for_a_bot(sign_up):
    shown_again = sign_up(privacy=None).content.decode()  # forgot the consent box
    token = re.search(r'name="started" value="([^"]+)"', shown_again).group(1)

    response = sign_up(started=token)  # ticks it and sends again within a second

    assert response.status_code == 302
    assert Member.objects.count() == 1


def test_form_left_open_for_days_asks_to_send_again_with_a_fresh_token(sign_up):
    stale = tokens.form_timing_token(at=timezone.now() - datetime.timedelta(days=2))
    response = sign_up(started=stale)
    assert response.status_code == 400
    html = response.content.decode()
    assert "open for too long" in html
    assert stale not in html  # the form shown again carries a new token


def test_too_many_sign_ups_from_one_address_get_429_with_a_message(sign_up, settings):
    settings.MEMBERSHIP_SIGNUP_RATE_PER_IP = "3/h"
    statuses = [sign_up(email=f"reader{n}@example.org").status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert Member.objects.count() == 3


def test_a_reader_who_corrects_the_form_many_times_is_not_locked_out(sign_up, settings):
    settings.MEMBERSHIP_SIGNUP_RATE_PER_IP = "3/h"
    mistakes = [sign_up(email="ana@example").status_code for _ in range(5)]
    mistakes += [sign_up(privacy="").status_code for _ in range(5)]

    assert mistakes == [400] * 10
    assert sign_up().status_code == 302  # the eleventh try, right this time
    assert Member.objects.count() == 1


def test_too_many_sign_ups_for_one_email_get_429(client, tier, settings):
    settings.MEMBERSHIP_SIGNUP_RATE_PER_EMAIL = "2/h"
    statuses = [
        client.post("/membership/join/", form_data(), REMOTE_ADDR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert "Too many attempts" in client.post("/membership/join/", form_data()).content.decode()


def test_tampered_confirmation_link_is_refused_with_400(client, sign_up):
    sign_up()
    run_queue()
    url = last_link("confirm")
    response = client.post(url[:-3] + "xx/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert Member.objects.get().status == Status.PENDING


def test_expired_confirmation_link_is_refused_with_410(client, sign_up):
    sign_up()
    run_queue()
    url = last_link("confirm")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        response = client.post(url)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert Member.objects.get().status == Status.PENDING


def test_confirmation_link_cannot_be_used_for_the_manage_page(client, sign_up):
    sign_up()
    run_queue()
    token = last_link("confirm").split("/")[-2]
    assert client.get(f"/membership/manage/{token}/").status_code == 400


def test_member_cancels_from_the_link_in_any_email(client, sign_up, django_capture_on_commit_callbacks):
    sign_up()
    run_queue()
    manage_url = last_link("manage")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(manage_url, {"action": "cancel", "confirmed": "1"})
    assert response.status_code == 302
    member = Member.objects.get()
    assert member.status == Status.CANCELLED
    run_queue()
    assert "cancelled" in mail.outbox[-1].subject


def test_member_downloads_their_data(client, sign_up):
    sign_up()
    run_queue()
    response = client.get(last_link("manage") + "data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["email"] == "ana@example.org" and data["name"] == "Ana Petrovska"
    assert data["consents"][0]["text"]


def test_member_stops_the_newsletter_and_the_withdrawal_is_recorded(client, sign_up):
    sign_up(newsletter="on")
    run_queue()
    client.post(last_link("manage"), {"action": "newsletter_off"})
    member = Member.objects.get()
    assert not member.newsletter
    assert member.consents.filter(consent_text__kind="newsletter").first().given is False


def test_unknown_manage_action_is_a_400(client, sign_up):
    sign_up()
    run_queue()
    assert client.post(last_link("manage"), {"action": "delete-everything"}).status_code == 400


def test_asking_for_a_manage_link_never_reveals_membership(
    client, sign_up, django_capture_on_commit_callbacks
):
    sign_up()
    run_queue()
    sent = len(mail.outbox)
    started = tokens.form_timing_token()
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/membership/manage/", {"email": "ana@example.org", "started": started})
        unknown = client.post("/membership/manage/", {"email": "nobody@example.org", "started": started})
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    run_queue()
    assert len(mail.outbox) == sent + 1 and mail.outbox[-1].to == ["ana@example.org"]


def test_manage_link_request_with_a_bad_address_is_a_400(client, db):
    response = client.post("/membership/manage/", {"email": "nope", "started": tokens.form_timing_token()})
    assert response.status_code == 400 and "Enter a whole email address" in response.content.decode()


def fresh_token_in(html):
    match = re.search(r'name="started" value="([^"]+)"', html)
    assert match, "the form shown again carries no timing token"
    return match.group(1)


def test_one_fetched_form_signs_up_one_reader_and_a_replay_gets_the_form_again(sign_up):
    started = form_data()["started"]
    assert sign_up(started=started, email="first@example.org").status_code == 302
    replay = sign_up(started=started, email="second@example.org", name="Bot Second")
    assert replay.status_code == 400
    html = replay.content.decode()
    assert "This form was sent already." in html
    assert 'value="second@example.org"' in html  # the answers are kept
    assert fresh_token_in(html) != started
    assert list(Member.objects.values_list("email", flat=True)) == ["first@example.org"]


def test_a_reader_whose_form_was_sent_already_signs_up_with_the_form_shown_again(sign_up):
    started = form_data()["started"]
    sign_up(started=started, email="first@example.org")
    html = sign_up(started=started, email="second@example.org").content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        response = sign_up(started=fresh_token_in(html), email="second@example.org")
    assert response.status_code == 302
    assert Member.objects.with_email("second@example.org").exists()


def test_a_form_refused_for_a_mistake_does_not_use_up_its_token(sign_up):
    started = form_data()["started"]
    refused = sign_up(started=started, name="")
    assert refused.status_code == 400
    assert fresh_token_in(refused.content.decode()) != started  # shown again with a token of its own
    assert sign_up(started=started).status_code == 302  # the reader who pressed Back and sent it again


def test_a_form_token_from_before_tokens_were_single_use_asks_to_send_again(sign_up):
    from django.core import signing

    old = signing.dumps({"t": int(timezone.now().timestamp()) - 60}, salt=tokens.FORM)
    response = sign_up(started=old)
    assert response.status_code == 400
    assert "Please check your answers and send it again." in response.content.decode()
    assert Member.objects.count() == 0


@pytest.mark.parametrize(
    "name",
    [
        "Ana\u202ePetrovska",  # right-to-left override: shows the name reversed in the admin and emails
        "\u202aAna",
        "\u202bAna",
        "\u202cAna",
        "\u202dAna",
        "\u2066Ana\u2069",  # isolates
        "\u2067Ana",
        "\u2068Ana",
        "Ana\u200bPetrovska",  # zero-width space
        "Ana\u200cPetrovska",
        "Ana\u200dPetrovska",
        "Ana\u2060Petrovska",  # word joiner
        "\ufeffAna",  # zero-width no-break space (byte order mark)
        "Ana\u00adPetrovska",  # soft hyphen: invisible too
    ],
)
def test_a_name_with_invisible_direction_or_zero_width_characters_is_refused(sign_up, name):
    response = sign_up(name=name)
    assert response.status_code == 400
    assert "invisible characters" in response.content.decode()
    assert Member.objects.count() == 0


@pytest.mark.parametrize(
    "email",
    ["ana@exa\u200bmple.org", "ana@example.org\u202e", "ana@ex\ufeffample.org", "ana@ex\u2060ample.org"],
)
def test_an_email_address_with_invisible_characters_is_refused(sign_up, email):
    response = sign_up(email=email)
    assert response.status_code == 400
    assert "invisible characters" in response.content.decode()
    assert Member.objects.count() == 0


@pytest.mark.parametrize(
    "name",
    [
        "Ѓорѓи Ќосевски",  # Macedonian letters
        "Љубица Џамбазовска-Ѕвездева",
        "Г\u0301орѓи",  # Ѓ typed as Г and a combining acute accent
        "Shqiponjë Çela",  # Albanian letters
        "Shqiponje\u0308 C\u0327ela",  # the same with combining diaeresis and cedilla
        "Dž Ëmër O'Brien",
    ],
)
def test_macedonian_and_albanian_names_with_accents_are_accepted(sign_up, name):
    assert sign_up(name=name).status_code == 302
    assert Member.objects.get().name == unicodedata.normalize("NFC", name)  # Г + accent kept as Ѓ


def test_used_form_tokens_are_forgotten_once_the_form_would_refuse_them_as_too_old(sign_up):
    sign_up(email="first@example.org")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        sign_up(email="second@example.org")
    assert UsedFormToken.objects.count() == 1  # the second's; the first's token is refused as stale anyway


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "words"), [("", "Members make that possible."), ("/mk", "Членовите")])
def test_the_join_page_describes_itself_to_search_engines_in_its_language(client, prefix, words):
    html = client.get(f"{prefix}/membership/join/").content.decode()
    (description,) = re.findall(r'<meta name="description" content="([^"]+)">', html)
    assert words in description and len(description) <= 160


@pytest.mark.django_db
def test_a_card_member_is_not_told_to_stop_a_standing_order_when_cancelling(
    client, sign_up, django_capture_on_commit_callbacks
):
    # A member who paid by card has no standing order at a bank: the cancellation says the card stops.
    sign_up()
    run_queue()
    Member.objects.update(card_provider="stripe")  # their recurring card pledge already ended at Stripe
    with django_capture_on_commit_callbacks(execute=True):
        client.post(last_link("manage"), {"action": "cancel", "confirmed": "1"})
    run_queue()
    body = mail.outbox[-1].body
    assert "card will not be charged" in body and "standing order" not in body


def test_a_macedonian_reader_is_told_of_a_wrong_address_in_macedonian_words(client, tier):
    data = form_data(email="ana@example")
    response = client.post("/mk/membership/join/", data, REMOTE_ADDR="192.0.2.10")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Внесете цела адреса за е-пошта, на пр. ana@example.org." in page and "email адреса" not in page
