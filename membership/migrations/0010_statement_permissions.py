"""Membership staff import bank statements, keep the banks' CSV formats and work the reconciliation queue.

Admin holds every permission already; editors and reporters get none of this (it is members' money)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_PERMISSIONS = [
    "add_statementimport", "view_statementimport",
    "view_statementline", "change_statementline",
    "add_bankcsvformat", "change_bankcsvformat", "delete_bankcsvformat", "view_bankcsvformat",
]  # fmt: skip


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("membership")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Membership staff")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="membership", codename__in=STAFF_PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [("membership", "0009_bank_statements"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
