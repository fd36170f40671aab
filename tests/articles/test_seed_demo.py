"""The demo content command builds a small newsroom and changes nothing when run again."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from membership.models import Currency, Tier


def snapshot():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first


@pytest.mark.django_db
def test_seed_demo_builds_a_believable_newsroom(capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert "editor" in output and "/admin/" in output
    published = Article.objects.published()
    assert published.count() >= 12
    assert published.filter(language="mk").exists() and published.filter(language="en").exists()
    assert Article.objects.filter(status="draft").exists()
    assert Article.objects.filter(status="scheduled").exclude(pk__in=published).exists()
    assert published.filter(is_video_of_the_day=True).exists()
    assert published.filter(corrections__isnull=False).exists()
    editor = get_user_model().objects.get(username="editor")
    assert editor.is_staff and editor.has_perm("articles.publish_article")


@pytest.mark.django_db
def test_the_demo_has_every_edition_and_stories_linked_to_their_translations(client):
    call_command("seed_demo", stdout=io.StringIO())

    for edition, headline in [("/", "Municipal tender"), ("/mk/", "Тендерот"), ("/sq/", "Liderët e rajonit")]:
        assert headline in client.get(edition).content.decode(), edition
    tender = Article.objects.get(language="mk", headline__startswith="Тендерот")
    page = client.get(tender.get_absolute_url()).content.decode()
    assert 'hreflang="en"' in page and 'hreflang="sq"' in page  # "Read in English", "Lexojeni në shqip"
    assert 'alt="Илустрација"' in page and "Illustration for" not in page  # the picture's words in Macedonian


@pytest.mark.django_db
def test_seed_demo_prints_both_logins_on_the_address_make_run_serves(capsys, settings):
    settings.SITE_URL = "http://127.0.0.1:8202"  # what `make run PORT=8202` sets
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert "log in at http://127.0.0.1:8202/admin/ as 'editor' with password 'demo-editor-password'" in output
    assert (
        "log in at http://127.0.0.1:8202/admin/ as 'reporter' with password 'demo-reporter-password'"
        in output
    )


@pytest.mark.django_db
def test_demo_reporter_logs_in_as_a_reporter_whose_byline_is_theirs(client):
    call_command("seed_demo", stdout=io.StringIO())
    reporter = get_user_model().objects.get(username="reporter")
    assert reporter.groups.filter(name="Reporter").exists()
    assert reporter.has_perm("articles.change_article") and not reporter.has_perm("articles.publish_article")
    assert client.login(username="reporter", password="demo-reporter-password")
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200
    # Their profile is a demo author with stories, and a story they start carries it (articles.admin.article).
    assert reporter.author_profile.name == "Marija Petrovska"
    assert Article.objects.published().filter(authors=reporter.author_profile).exists()
    editor = get_user_model().objects.get(username="editor")
    assert editor.author_profile.name == "Arben Hoxha"


@pytest.mark.django_db
def test_demo_tiers_are_priced_in_denars_and_euros_with_accounts_to_pay_into():
    call_command("seed_demo", stdout=io.StringIO())
    tiers = list(Tier.objects.offered())
    assert [tier.name for tier in tiers] == ["Reader", "Supporter", "Patron"]
    for tier in tiers:
        assert tier.price_for(currency_code="MKD", frequency="monthly") > 0
        assert tier.price_for(currency_code="EUR", frequency="monthly") > 0
    denar, euro = Currency.objects.get(code="MKD"), Currency.objects.get(code="EUR")
    assert denar.has_bank_details and denar.account_number
    assert euro.has_bank_details and euro.formatted_iban.startswith("MK07")


@pytest.mark.django_db
def test_demo_story_ends_with_an_appeal_offering_the_tiers(client):
    call_command("seed_demo", stdout=io.StringIO())
    story = Article.objects.published().filter(language="en").first()
    page = client.get(story.get_absolute_url()).content.decode()
    appeal = page[page.index('class="appeal"') :]
    assert "Supporter" in appeal and "500 MKD every month" in appeal and "9 EUR every month" in appeal


@pytest.mark.django_db
def test_seed_demo_keeps_bank_details_staff_entered():
    Currency.objects.filter(code="MKD").update(account_holder="Our real company", account_number="300-1")
    call_command("seed_demo", stdout=io.StringIO())
    denar = Currency.objects.get(code="MKD")
    assert (denar.account_holder, denar.account_number) == ("Our real company", "300-1")


@pytest.mark.django_db
def test_saving_a_demo_story_unchanged_adds_no_revision(client):
    # Demo times were to the microsecond, and the first save rounded them to the second (as publishing
    # does): a revision whose "What changed" showed nothing.
    from tests.sourcing.test_admin import form_of

    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="editor"))
    story = Article.objects.published().filter(language="en").first()
    url = reverse("admin:articles_article_change", args=[story.pk])
    before = story.history.count()
    response = client.post(url, form_of(client, url) | {"_save": "1"})
    assert response.status_code == 302
    assert story.history.count() == before
