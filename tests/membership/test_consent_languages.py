"""Readers agree to consent texts in their own language, and the record says which words they agreed to."""

import re

import pytest

from membership import services
from membership.models import ConsentRecord, ConsentText, Member
from tests.membership.conftest import form_data

pytestmark = pytest.mark.django_db

MACEDONIAN_PRIVACY = "Се согласувам моето име"
ALBANIAN_PRIVACY = "Pajtohem që emri im"


def test_each_language_gets_its_own_text_and_others_the_text_for_every_language(client, tier):
    english = client.get("/membership/join/").content.decode()
    macedonian = client.get("/mk/membership/join/").content.decode()
    albanian = client.get("/sq/membership/join/").content.decode()

    assert MACEDONIAN_PRIVACY in macedonian and "I agree that my name" not in macedonian
    assert "I agree that my name" in english and MACEDONIAN_PRIVACY not in english
    assert ALBANIAN_PRIVACY in albanian and "I agree that my name" not in albanian


def test_a_sign_up_on_a_macedonian_page_records_consent_to_the_macedonian_words(
    client, tier, django_capture_on_commit_callbacks
):
    page = client.get("/mk/membership/join/").content.decode()
    shown = dict(re.findall(r'name="(privacy_version|newsletter_version)" value="(\d+)"', page))
    assert len(shown) == 2
    data = form_data(newsletter="on", email="marija@example.org", **shown)  # the versions that page showed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mk/membership/join/", data, REMOTE_ADDR="192.0.2.10")

    assert response.status_code == 302
    member = Member.objects.get(email="marija@example.org")
    agreed = {record.consent_text.kind: record.consent_text for record in member.consents.all()}
    assert agreed["privacy"].language == "mk" and agreed["privacy"].text.startswith(MACEDONIAN_PRIVACY)
    assert agreed["newsletter"].language == "mk"


def test_a_newer_text_for_every_language_does_not_replace_a_readers_own_language_text():
    ConsentText.publish(kind="privacy", text="We store your data to run your membership (new wording).")

    assert ConsentText.current("privacy", "mk").text.startswith(MACEDONIAN_PRIVACY)
    assert ConsentText.current("privacy", "sq").text.startswith(ALBANIAN_PRIVACY)
    assert ConsentText.current("privacy", "en").text.endswith("(new wording).")
    assert ConsentText.current("privacy").text.endswith("(new wording).")


def test_a_newsletter_choice_on_the_manage_page_records_the_members_language_text(sign_up):
    sign_up()
    member = Member.objects.get()
    member.language = "mk"
    member.save(update_fields=["language"])

    services.member_set_newsletter(member=member, subscribed=True)

    latest = ConsentRecord.objects.filter(member=member).latest("at")
    assert latest.consent_text.kind == "newsletter" and latest.consent_text.language == "mk"
