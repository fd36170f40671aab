"""The reader appeal is membership's now (membership 0007): the articles app forgets it, and its table
stays where it is, under membership."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_revision_related_rows"),
        ("membership", "0007_reader_appeal_from_articles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReaderAppeal")],
            database_operations=[],
        ),
    ]
