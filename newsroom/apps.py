from django.apps import AppConfig, apps
from django.conf import settings
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate


def give_admin_group_every_permission(sender, using="default", **kwargs):
    """The Admin group holds every permission, including those of apps added after it was created."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.using(using).filter(name="Admin").first()
    if group is not None:
        group.permissions.set(Permission.objects.using(using).all())


def create_cache_table(sender, using="default", **kwargs):
    """`migrate` also creates the database cache's table when that backend is configured (idempotent): the
    page cache's shared store in production without Redis. Before migrating, because data migrations'
    saves already start new content generations in that table."""
    from django.core.management import call_command

    # pre_migrate comes once for each app with models; the table needs making once.
    first_with_models = next(config for config in apps.get_app_configs() if config.models_module is not None)
    if sender is first_with_models and any(
        cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
        for cache in settings.CACHES.values()
    ):
        call_command("createcachetable", database=using, verbosity=0)


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        post_migrate.connect(give_admin_group_every_permission, dispatch_uid="newsroom.admin_group")
        pre_migrate.connect(create_cache_table, dispatch_uid="newsroom.create_cache_table")

        from newsroom import checks  # noqa: F401 - registers the deployment checks
        from newsroom.sqlite import teach_sqlite

        connection_created.connect(teach_sqlite, dispatch_uid="newsroom.teach_sqlite")

        from newsroom import pagecache

        pagecache.connect_signals()
