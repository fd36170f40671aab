from django.apps import AppConfig
from django.db.models.signals import post_migrate


def give_admin_group_every_permission(sender, using="default", **kwargs):
    """The Admin group holds every permission, including those of apps added after it was created."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.using(using).filter(name="Admin").first()
    if group is not None:
        group.permissions.set(Permission.objects.using(using).all())


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        post_migrate.connect(give_admin_group_every_permission, dispatch_uid="newsroom.admin_group")

        from newsroom import cache

        cache.connect_signals()
