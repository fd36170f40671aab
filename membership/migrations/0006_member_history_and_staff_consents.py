"""The member's history (django-simple-history), starting with a row for each member as they stand, and
the staff member who recorded a consent."""

import django.db.models.deletion
import django.utils.timezone
import django_countries.fields
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import membership.models


def history_starts_here(apps, schema_editor):
    """One row per member as they are now, so the first change made after this shows what it changed."""
    Member = apps.get_model("membership", "Member")
    HistoricalMember = apps.get_model("membership", "HistoricalMember")
    fields = [field.attname for field in Member._meta.concrete_fields]
    now = django.utils.timezone.now()
    for batch_start in range(0, Member.objects.count(), 500):
        HistoricalMember.objects.bulk_create(
            HistoricalMember(
                **{field: getattr(member, field) for field in fields},
                history_date=now,
                history_type="+",
                history_change_reason="History starts here",
            )
            for member in Member.objects.order_by("pk")[batch_start : batch_start + 500]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0005_single_use_form_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="consentrecord",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="The staff member who recorded it, when the member told staff rather than a form.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalMember",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "email",
                    models.EmailField(
                        blank=True,
                        help_text="Stored lower-cased; empty once erased.",
                        max_length=254,
                        null=True,
                        validators=[membership.models.validate_no_invisible_characters],
                        verbose_name="email",
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        blank=True,
                        max_length=150,
                        validators=[membership.models.validate_no_invisible_characters],
                        verbose_name="name",
                    ),
                ),
                (
                    "country",
                    django_countries.fields.CountryField(blank=True, max_length=2, verbose_name="country"),
                ),
                (
                    "language",
                    models.CharField(
                        default="en", help_text="For emails.", max_length=10, verbose_name="language"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending (email not confirmed)"),
                            ("confirmed", "Confirmed (awaiting payment)"),
                            ("active", "Active"),
                            ("lapsed", "Lapsed"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("amount", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="amount")),
                (
                    "frequency",
                    models.CharField(
                        choices=[("one_time", "One time"), ("monthly", "Monthly"), ("yearly", "Yearly")],
                        max_length=10,
                        verbose_name="frequency",
                    ),
                ),
                (
                    "payment_reference",
                    models.CharField(
                        db_index=True,
                        editable=False,
                        help_text="ISO 11649 RF reference.",
                        max_length=25,
                        verbose_name="payment reference",
                    ),
                ),
                ("newsletter", models.BooleanField(default=False, verbose_name="newsletter")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="signed up"
                    ),
                ),
                (
                    "confirmed_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="email confirmed"
                    ),
                ),
                (
                    "paid_until",
                    models.DateField(
                        blank=True,
                        editable=False,
                        help_text="Last day the membership is paid for.",
                        null=True,
                        verbose_name="paid until",
                    ),
                ),
                (
                    "cancelled_at",
                    models.DateTimeField(blank=True, editable=False, null=True, verbose_name="cancelled"),
                ),
                (
                    "erased_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="personal data erased"
                    ),
                ),
                (
                    "confirmation_sent_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="confirmation email queued"
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "currency",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="membership.currency",
                        verbose_name="currency",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "tier",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="membership.tier",
                        verbose_name="tier",
                    ),
                ),
            ],
            options={
                "verbose_name": "member's earlier version",
                "verbose_name_plural": "members' history",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(history_starts_here, migrations.RunPython.noop),
    ]
