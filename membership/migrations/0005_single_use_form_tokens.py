"""Single-use sign-up form tokens (a row per token that signed someone up), and no invisible characters
in members' names and addresses."""

import django.utils.timezone
from django.db import migrations, models

import membership.models


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0004_albanian_consent_texts"),
    ]

    operations = [
        migrations.CreateModel(
            name="UsedFormToken",
            fields=[
                (
                    "nonce",
                    models.CharField(max_length=32, primary_key=True, serialize=False, verbose_name="nonce"),
                ),
                ("issued_at", models.DateTimeField(db_index=True, verbose_name="form shown")),
                ("used_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="used")),
            ],
            options={
                "verbose_name": "used sign-up form token",
                "verbose_name_plural": "used sign-up form tokens",
            },
        ),
        migrations.AlterField(
            model_name="member",
            name="email",
            field=models.EmailField(
                blank=True,
                help_text="Stored lower-cased; empty once erased.",
                max_length=254,
                null=True,
                validators=[membership.models.validate_no_invisible_characters],
                verbose_name="email",
            ),
        ),
        migrations.AlterField(
            model_name="member",
            name="name",
            field=models.CharField(
                blank=True,
                max_length=150,
                validators=[membership.models.validate_no_invisible_characters],
                verbose_name="name",
            ),
        ),
    ]
