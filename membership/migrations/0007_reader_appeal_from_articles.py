"""The reader appeal moves from the articles app to membership, its rows untouched.

The table keeps its name (`articles_readerappeal`, the model's `db_table`), so nothing is copied or renamed
and code on either side of the move reads the same rows. The appeal's content type is relabelled, so the
permissions that point at it (the Editor group's), and the admin's log entries, stay with it.
"""

from django.db import migrations, models


def relabel_content_type(source, target):
    def relabel(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Permission = apps.get_model("auth", "Permission")
        LogEntry = apps.get_model("admin", "LogEntry")
        old = ContentType.objects.filter(app_label=source, model="readerappeal").first()
        if old is None:  # a database where permissions were never created: post_migrate will
            return
        new = ContentType.objects.filter(app_label=target, model="readerappeal").first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
            return
        # Both exist (a `migrate` that stopped halfway left post_migrate to create the target's): the
        # target's permissions take the groups and users of the source's, and the log entries move over.
        for permission in Permission.objects.filter(content_type=old):
            twin, _ = Permission.objects.get_or_create(
                content_type=new, codename=permission.codename, defaults={"name": permission.name}
            )
            twin.group_set.add(*permission.group_set.all())
            twin.user_set.add(*permission.user_set.all())
        LogEntry.objects.filter(content_type=old).update(content_type=new)
        old.delete()

    return relabel


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0006_member_history_and_staff_consents"),
        ("articles", "0010_revision_related_rows"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReaderAppeal",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("heading", models.CharField(max_length=200, verbose_name="heading")),
                        ("text", models.TextField(verbose_name="text")),
                        ("button_label", models.CharField(default="Become a member", max_length=60, verbose_name="button label")),
                        ("language", models.CharField(blank=True, choices=[("mk", "Macedonian"), ("sq", "Albanian"), ("en", "English")], help_text="Leave empty to show it in every language without its own appeal.", max_length=2, verbose_name="language")),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "verbose_name": "reader appeal",
                        "verbose_name_plural": "reader appeals",
                        "ordering": ["-updated_at"],
                        "db_table": "articles_readerappeal",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            relabel_content_type("articles", "membership"), relabel_content_type("membership", "articles")
        ),
    ]  # fmt: skip
