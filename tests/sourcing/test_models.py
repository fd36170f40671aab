"""A quote's source belongs to the same story, enforced by the model and by the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from sourcing.models import Quote, Source
from tests import factories
from tests.sourcing import factories as sourcing


def save_checked_now(instance):
    """Save inside a savepoint with deferred constraints checked at once (PostgreSQL defers them)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        instance.save()


@pytest.mark.django_db
def test_quote_with_a_source_of_another_story_is_refused_by_validation():
    story, other_story = factories.article(), factories.article()
    quote = Quote(
        article=story, speaker=sourcing.person(), text="We will.", source=sourcing.source(other_story)
    )
    with pytest.raises(ValidationError) as error:
        quote.full_clean()
    assert error.value.error_dict["source"][0].code == "source_from_another_article"


@pytest.mark.django_db
def test_database_refuses_a_quote_with_a_source_of_another_story():
    story, other_story = factories.article(), factories.article()
    quote = Quote(
        article=story, speaker=sourcing.person(), text="We will.", source=sourcing.source(other_story)
    )
    with pytest.raises(IntegrityError):
        save_checked_now(quote)
    assert not Quote.objects.exists()


@pytest.mark.django_db
def test_database_refuses_repointing_a_saved_quote_at_another_storys_source():
    story, other_story = factories.article(), factories.article()
    quote = sourcing.quote(story)
    quote.source = sourcing.source(other_story)
    with pytest.raises(IntegrityError):
        save_checked_now(quote)
    assert Quote.objects.get().source.article == story


@pytest.mark.django_db
def test_database_refuses_moving_a_quoted_source_to_another_story():
    story, other_story = factories.article(), factories.article()
    quote = sourcing.quote(story)
    source = quote.source
    source.article = other_story
    with pytest.raises(IntegrityError):
        save_checked_now(source)
    assert Source.objects.get(pk=source.pk).article == story


@pytest.mark.django_db
def test_quote_with_its_own_storys_source_is_accepted():
    story = factories.article()
    source = sourcing.source(story)
    quote = Quote(article=story, speaker=sourcing.person(), text="We will.", source=source)
    quote.full_clean()
    save_checked_now(quote)
    assert source.quotes.get() == quote


@pytest.mark.django_db
def test_deleting_a_source_keeps_its_quotes_without_a_source():
    quote = sourcing.quote(factories.article())
    quote.source.delete()
    quote.refresh_from_db()
    assert quote.source is None


@pytest.mark.django_db
def test_the_kind_decides_on_the_record_and_the_database_holds_it_on_every_path():
    story = factories.article()
    anonymous = sourcing.source(story, kind=Source.Kind.ANONYMOUS, on_record=True)
    named = sourcing.source(story, kind=Source.Kind.EYEWITNESS, on_record=False)
    assert (anonymous.on_record, named.on_record) == (False, True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=anonymous.pk).update(on_record=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=named.pk).update(on_record=False)


@pytest.mark.django_db
def test_a_quote_follows_its_sources_event_when_the_source_changes():
    story = factories.article()
    source = sourcing.source(story)
    quote = sourcing.quote(story, source=source)
    source.event = sourcing.event(name="Ramstein meeting")
    source.save()
    quote.refresh_from_db()
    assert quote.event == source.event


@pytest.mark.django_db
def test_original_words_need_their_language():
    quote = sourcing.quote(factories.article())
    quote.original_text = "Ми будемо."
    with pytest.raises(ValidationError) as error:
        quote.full_clean()
    assert "original_language" in error.value.error_dict


@pytest.mark.django_db
def test_a_wikidata_id_identifies_one_person_only():
    sourcing.person(wikidata_id="Q42")
    with pytest.raises(IntegrityError), transaction.atomic():
        sourcing.person(wikidata_id="Q42")
    sourcing.person(wikidata_id="")
    sourcing.person(wikidata_id="")  # no ID is not a duplicate ID


@pytest.mark.django_db
def test_a_person_gets_a_latin_slug_from_a_cyrillic_name():
    assert sourcing.person(name="Христијан Мицкоски").slug == "hristijan-mickoski"


@pytest.mark.parametrize(
    ("kind", "outlet", "description", "readers_see"),
    [
        # The help text's own example: the kind and the outlet are in the description already.
        ("interview_elsewhere", "Reuters", "Interview given to Reuters", "Interview given to Reuters"),
        ("interview_elsewhere", "Reuters", "", "Interview given to Reuters"),
        # The description says all the kind says, and more.
        (
            "press_conference",
            "",
            "Press conference after the Ramstein meeting",
            "Press conference after the Ramstein meeting",
        ),
        # The description says less than the kind and outlet.
        (
            "outlet_report",
            "The Wall Street Journal",
            "Wall Street Journal report",
            "Report by The Wall Street Journal",
        ),
        # Each says something the other does not.
        (
            "agency_report",
            "Reuters",
            "Pentagon weighs new air defence package",
            "Report by Reuters: Pentagon weighs new air defence package",
        ),
        ("media_reports", "", "", "According to media reports"),
        (
            "eyewitness",
            "Market",
            "Stall owner at the Bit Pazar market",
            "Eyewitness account: Stall owner at the Bit Pazar market",
        ),
        (
            "document",
            "Ministry of Finance",
            "  Draft   budget amendment ",
            "Document from Ministry of Finance: Draft budget amendment",
        ),
    ],
)
@pytest.mark.django_db
def test_readers_see_each_source_in_words_an_editor_would_write(kind, outlet, description, readers_see):
    source = sourcing.source(factories.article(), kind=kind, outlet=outlet, description=description)
    assert source.public_label == readers_see
