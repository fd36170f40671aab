"""Sourcing permissions for the editorial groups: reporters source their own stories, editors everything."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["source", "quote", "person", "event"]
GROUP_PERMISSIONS = {
    # Reporters add speakers and events from the article form (the + next to the autocomplete).
    "Reporter": [
        "add_source", "change_source", "delete_source", "view_source",
        "add_quote", "change_quote", "delete_quote", "view_quote",
        "add_person", "view_person", "add_event", "view_event",
    ],
    "Editor": [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")],
    "Admin": [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")],
}  # fmt: skip


def grant(apps, schema_editor):
    app_config = apps.get_app_config("sourcing")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="sourcing", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sourcing", "0002_quote_source_same_article"),
        ("articles", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
