"""Consent texts in the reader's language: a language field, and the Macedonian versions of the two texts."""

from django.db import migrations, models

MACEDONIAN_TEXTS = {
    "privacy": (
        "Се согласувам моето име, адреса на е-пошта, земја и придонес да се чуваат за водење на моето "
        "членство, како што е опишано во политиката за приватност."
    ),
    "newsletter": "Испраќајте ми го билтенот по е-пошта. Можам да го откажам во секое време.",
}


def add_macedonian_texts(apps, schema_editor):
    ConsentText = apps.get_model("membership", "ConsentText")
    for kind, text in MACEDONIAN_TEXTS.items():
        if ConsentText.objects.filter(kind=kind, language="mk").exists():
            continue
        newest = ConsentText.objects.filter(kind=kind).aggregate(newest=models.Max("version"))["newest"] or 0
        ConsentText.objects.create(kind=kind, language="mk", version=newest + 1, text=text)


def remove_unused_macedonian_texts(apps, schema_editor):
    # Texts someone agreed to stay (consent records protect them); the others go with the column.
    ConsentText = apps.get_model("membership", "ConsentText")
    ConsentText.objects.filter(language="mk", consentrecord__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0002_initial_data_and_staff_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="consenttext",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("en", "English"), ("mk", "Macedonian"), ("sq", "Albanian")],
                help_text="Leave empty for the text shown in every language that has no consent text of its own.",
                max_length=10,
                verbose_name="language",
            ),
        ),
        migrations.RunPython(add_macedonian_texts, remove_unused_macedonian_texts),
    ]
