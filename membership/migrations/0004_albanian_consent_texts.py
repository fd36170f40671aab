"""The Albanian versions of the two consent texts, so a reader under /sq/ agrees to words they can read."""

from django.db import migrations, models

ALBANIAN_TEXTS = {
    "privacy": (
        "Pajtohem që emri im, adresa ime e email-it, shteti dhe kontributi im të ruhen për administrimin e "
        "anëtarësimit tim, siç përshkruhet në politikën e privatësisë."
    ),
    "newsletter": "Më dërgoni buletinin me email. Mund ta ndaloj në çdo kohë.",
}


def add_albanian_texts(apps, schema_editor):
    # Versions are numbered per kind across languages: each text is the next version of its kind.
    ConsentText = apps.get_model("membership", "ConsentText")
    for kind, text in ALBANIAN_TEXTS.items():
        if ConsentText.objects.filter(kind=kind, language="sq").exists():
            continue
        newest = ConsentText.objects.filter(kind=kind).aggregate(newest=models.Max("version"))["newest"] or 0
        ConsentText.objects.create(kind=kind, language="sq", version=newest + 1, text=text)


def remove_unused_albanian_texts(apps, schema_editor):
    # Texts someone agreed to stay (consent records protect them); Albanian readers then get those.
    ConsentText = apps.get_model("membership", "ConsentText")
    ConsentText.objects.filter(language="sq", consentrecord__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0003_consent_text_language"),
    ]

    operations = [
        migrations.RunPython(add_albanian_texts, remove_unused_albanian_texts),
    ]
