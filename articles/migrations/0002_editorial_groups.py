"""The editorial roles: Reporter, Editor and Admin groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "Reporter": [
        "articles.add_article", "articles.change_article", "articles.view_article",
        "articles.view_section", "articles.view_tag", "articles.add_tag",
        "articles.view_author", "articles.view_image", "articles.add_image", "articles.change_image",
        "articles.view_correction", "articles.view_articleauthor", "articles.add_articleauthor",
        "articles.change_articleauthor", "articles.delete_articleauthor",
    ],
    "Editor": [
        "articles.add_article", "articles.change_article", "articles.view_article", "articles.delete_article",
        "articles.publish_article", "articles.edit_any_article",
        "articles.add_section", "articles.change_section", "articles.view_section",
        "articles.add_tag", "articles.change_tag", "articles.view_tag", "articles.delete_tag",
        "articles.add_author", "articles.change_author", "articles.view_author",
        "articles.add_image", "articles.change_image", "articles.view_image", "articles.delete_image",
        "articles.add_correction", "articles.change_correction", "articles.view_correction",
        "articles.delete_correction", "articles.view_articleauthor", "articles.add_articleauthor",
        "articles.change_articleauthor", "articles.delete_articleauthor",
        "articles.view_readerappeal", "articles.change_readerappeal", "articles.add_readerappeal",
    ],
}  # fmt: skip


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    admin_group, _ = Group.objects.get_or_create(name="Admin")
    admin_group.permissions.set(Permission.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
