"""Start-up data: MKD and EUR (bank details to be filled in the admin), the first consent texts, and the
"Membership staff" group.

Membership data is personal data, so it is not given to editors or reporters: only the Membership staff
group (and Admin, which holds every permission) can see it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_PERMISSIONS = [
    "view_member", "change_member", "export_member", "erase_member",
    "view_payment", "add_payment",
    "view_tier", "add_tier", "change_tier", "view_tierprice", "add_tierprice", "change_tierprice",
    "delete_tierprice",
    "view_currency", "change_currency",
    "view_consenttext", "add_consenttext", "view_consentrecord",
    "view_statuschange", "view_notification",
]  # fmt: skip

PRIVACY_TEXT = (
    "I agree that my name, email address, country and pledge are stored to run my membership, as the "
    "privacy policy describes."
)
NEWSLETTER_TEXT = "Send me the newsletter by email. I can stop it at any time."


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("membership")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Currency = apps.get_model("membership", "Currency")
    Currency.objects.get_or_create(
        code="MKD", defaults={"name": "Macedonian denar", "position": 1, "minimum_amount": 50}
    )
    Currency.objects.get_or_create(code="EUR", defaults={"name": "Euro", "position": 2, "minimum_amount": 1})

    ConsentText = apps.get_model("membership", "ConsentText")
    for kind, text in (("privacy", PRIVACY_TEXT), ("newsletter", NEWSLETTER_TEXT)):
        if not ConsentText.objects.filter(kind=kind).exists():
            ConsentText.objects.create(kind=kind, version=1, text=text)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Membership staff")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="membership", codename__in=STAFF_PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
