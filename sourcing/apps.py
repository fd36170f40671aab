"""The sourcing app: where each quoted word and each claim in a story comes from, as data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcingConfig(AppConfig):
    name = "sourcing"
    verbose_name = _("Sourcing")

    def ready(self):
        from articles.models import PUBLISH_CHECKS
        from sourcing.models import sourcing_problems

        # ready() can run more than once (tests, reloads); the gate must list each problem once.
        if sourcing_problems not in PUBLISH_CHECKS:
            PUBLISH_CHECKS.append(sourcing_problems)
