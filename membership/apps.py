from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = _("Membership")

    def ready(self):
        from membership import purging
        from newsroom import pagecache

        # Every article shows the reader appeal, and with it the tiers, their prices, the currencies and the
        # consent texts. Members, payments and the like are not page content: a sign-up must leave cached
        # pages cached.
        pagecache.register_content(*(f"membership.{name}" for name in purging.APPEAL_MODELS))
        purging.connect_signals()

    def seed_demo(self, now):
        """`manage.py seed_demo` asks each app for its demo rows: membership's are the reader appeals, the
        tiers with their prices and the bank details readers pay into."""
        from membership.demo import seed_demo_appeals, seed_demo_bank_details, seed_demo_tiers

        return seed_demo_appeals() + seed_demo_tiers() + seed_demo_bank_details()
