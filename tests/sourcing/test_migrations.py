"""Stored sourcing data passes through the migrations that changed its rules."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article
from sourcing.models import Quote, Source

BEFORE_KIND_DECIDES = [("sourcing", "0004_slugs_made_for_you"), ("articles", "0012_slugs_made_for_you")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_off_the_record_source_of_another_kind_stays_anonymous_now_and_in_its_revisions():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_KIND_DECIDES)
    before = executor.loader.project_state(BEFORE_KIND_DECIDES).apps
    section = before.get_model("articles", "Section").objects.create(name="Politics", slug="politics")
    story = before.get_model("articles", "Article").objects.create(
        headline="Fire at the market", slug="fire", section=section, body="<p>Fire.</p>"
    )
    event = before.get_model("sourcing", "Event").objects.create(
        name="Market fire", slug="market-fire", date=story.created_at.date()
    )
    OldSource = before.get_model("sourcing", "Source")
    witness = OldSource.objects.create(
        article=story,
        kind="eyewitness",
        on_record=False,
        description="Stall owner Ana K.",
        justification="Fear.",
    )
    named = OldSource.objects.create(article=story, kind="statement", description="Police statement")
    quote = before.get_model("sourcing", "Quote").objects.create(
        article=story, source=named, event=event, text="The fire started at six."
    )
    OldRevision = before.get_model("articles", "HistoricalArticle")
    kept_fields = {field.attname for field in OldRevision._meta.concrete_fields}
    story_fields = {
        field.attname: getattr(story, field.attname)
        for field in story._meta.concrete_fields
        if field.attname in kept_fields
    }
    revision = OldRevision.objects.create(
        **story_fields,
        history_date=story.created_at,
        history_type="~",
        rows={
            "sourcing.source": [
                {
                    "model": "sourcing.source",
                    "pk": witness.pk,
                    "fields": {"kind": "eyewitness", "on_record": False},
                }
            ]
        },
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Source.objects.get(pk=witness.pk).kind == Source.Kind.ANONYMOUS  # never named by the new rule
    assert Source.objects.get(pk=named.pk).event_id == event.pk  # the quote's event moved to its source
    assert Quote.objects.get(pk=quote.pk).event_id == event.pk
    restored_row = Article.history.get(history_id=revision.history_id).rows["sourcing.source"][0]
    assert restored_row["fields"]["kind"] == "anonymous"
