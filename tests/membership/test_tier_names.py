"""Tier names, descriptions and benefits in each language (membership.translation): the Macedonian join form
and the appeal under a Macedonian story offer "Поддржувач" where the English ones offer "Supporter", the
default language's text where no Macedonian one was written; staff write every language's on one form."""

import html
import re

import pytest
from django.urls import reverse

from membership.models import ReaderAppeal, Tier
from tests import factories
from tests.membership.conftest import admin_form_data, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_tier(tier):
    """The conftest's Supporter, written in Macedonian too (its Albanian left to fall back)."""
    tier.name_mk = "Поддржувач"
    tier.description_en, tier.description_mk = (
        "Pays for a week of reporting.",
        "Плаќа една недела новинарство.",
    )
    tier.benefits_mk = "Нашата благодарност\nМесечно писмо"
    tier.save()
    return tier


def test_the_macedonian_join_form_offers_the_tier_by_its_macedonian_name(client, named_tier):
    page = client.get("/mk/membership/join/").content.decode()

    assert "<strong>Поддржувач</strong>" in page and "Supporter" not in page
    assert "Плаќа една недела новинарство." in page and "<li>Месечно писмо</li>" in page
    assert "Our thanks" not in page and "A monthly letter" not in page


def test_the_english_join_form_keeps_the_english_texts(client, named_tier):
    page = client.get("/membership/join/").content.decode()

    assert "<strong>Supporter</strong>" in page and "<li>A monthly letter</li>" in page
    assert "Поддржувач" not in page and "Месечно писмо" not in page


def test_a_tier_not_yet_translated_is_offered_by_its_default_name(client, named_tier):
    page = client.get("/sq/membership/join/").content.decode()

    assert "<strong>Supporter</strong>" in page and "<li>A monthly letter</li>" in page


def test_the_appeal_under_a_macedonian_story_offers_the_macedonian_tier_names(client, named_tier):
    ReaderAppeal.objects.create(heading="Поддржете нè", text="Апел.", language="mk")
    ReaderAppeal.objects.create(heading="Support us", text="Appeal.")

    macedonian = client.get(factories.article(language="mk").get_absolute_url()).content.decode()
    english = client.get(factories.article(language="en").get_absolute_url()).content.decode()

    assert "Поддржувач" in macedonian[macedonian.index('class="appeal"') :]
    assert "Supporter" not in macedonian
    assert "Supporter" in english[english.index('class="appeal"') :] and "Поддржувач" not in english


def test_a_refusal_naming_the_tier_names_it_in_the_readers_language(client, named_tier):
    response = client.post(
        "/mk/membership/join/", form_data(currency="EUR", frequency="yearly"), REMOTE_ADDR="192.0.2.10"
    )

    assert response.status_code == 400
    assert "Поддржувач" in response.content.decode() and "Supporter" not in response.content.decode()


def test_the_tier_admin_form_edits_every_languages_texts(client, named_tier):
    client.force_login(factories.user(is_superuser=True, is_staff=True))
    url = reverse("admin:membership_tier_change", args=[named_tier.pk])
    form = client.get(url)
    fields = set(re.findall(r'name="((?:name|description|benefits)[^"]*)"', form.content.decode()))

    assert fields == {
        f"{field}_{code}" for field in ("name", "description", "benefits") for code in ("en", "mk", "sq")
    }
    response = client.post(url, admin_form_data(form, name_sq="Mbështetës"))
    assert response.status_code == 302, response.content.decode()[:3000]
    named_tier.refresh_from_db()
    assert (named_tier.name_en, named_tier.name_mk, named_tier.name_sq) == (
        "Supporter",
        "Поддржувач",
        "Mbështetës",
    )


def test_a_new_tiers_address_is_made_from_its_name_on_the_server(client, currencies):
    client.force_login(factories.user(is_superuser=True, is_staff=True))
    add = reverse("admin:membership_tier_add")
    form = client.get(add)
    assert "dependency_ids" not in html.unescape(form.content.decode())  # no script fills it: saving does

    for name in ("Поддржувач", "Поддржувач"):
        response = client.post(add, admin_form_data(form, name_en=name, slug=""))
        assert response.status_code == 302, response.content.decode()[:3000]

    assert list(Tier.objects.filter(name_en="Поддржувач").values_list("slug", flat=True)) == [
        "poddrzhuvach",
        "poddrzhuvach-2",
    ]
