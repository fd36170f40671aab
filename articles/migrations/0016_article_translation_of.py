import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_old_slugs_of_sections_tags_authors"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The story this one translates, in another edition. Readers of each are offered the other.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="translations",
                to="articles.article",
                verbose_name="translation of",
            ),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The story this one translates, in another edition. Readers of each are offered the other.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.article",
                verbose_name="translation of",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("translation_of", "language"),
                name="article_one_translation_per_edition",
                violation_error_message="That story already has a translation in this edition.",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("translation_of", models.F("id")), _negated=True),
                name="article_not_its_own_translation",
                violation_error_message="A story cannot be its own translation.",
            ),
        ),
    ]
