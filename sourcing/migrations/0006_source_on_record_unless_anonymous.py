# The check in its own migration: on PostgreSQL a table cannot be altered in the transaction that updated
# its rows (pending foreign-key trigger events), and 0005 updates the sources.

from django.db import migrations, models

from sourcing.migrations import _sqlite_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("sourcing", "0005_kind_decides_on_record"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="source",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "anonymous"), ("on_record", False)),
                    models.Q(models.Q(("kind", "anonymous"), _negated=True), ("on_record", True)),
                    _connector="OR",
                ),
                name="source_on_record_unless_anonymous",
                violation_error_message="Only an anonymous source is off the record.",
            ),
        ),
        _sqlite_triggers.create(),
    ]
