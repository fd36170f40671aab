from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = _("Membership")

    def ready(self):
        from newsroom import pagecache

        # Every article's appeal shows the tiers, their prices, the currencies and the consent texts. Members,
        # payments and the like are not page content: a sign-up must leave cached pages cached.
        pagecache.register_content(
            "membership.tier", "membership.tierprice", "membership.currency", "membership.consenttext"
        )
