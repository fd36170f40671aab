# Written by hand: makemigrations also picked up another engineer's unfinished change to Article.lead_image.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_article_byline_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="preview_generation",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Raised when an editor revokes the story's shared preview links.",
                verbose_name="preview link generation",
            ),
        ),
    ]
