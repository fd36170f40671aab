"""Purging the caching proxy in front (newsroom.purge) when the reader appeal changes: the appeal, its tiers,
their prices, the currencies and the consent texts show on every story's page in every edition, so a change
to any of them purges every page (`site`, newsroom.surrogate.EVERY_PAGE), as a change to the section menu
does. They change a few times a year; members, payments and sign-ups show on no public page and purge nothing.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from newsroom import surrogate
from newsroom.purge import purge_on_commit, when_proxied

# What the appeal shows (membership/templatetags): page content for the page cache too (MembershipConfig).
APPEAL_MODELS = ("readerappeal", "tier", "tierprice", "currency", "consenttext")


@when_proxied
def _appeal_changed(sender, raw=False, **kwargs):
    if not raw:
        purge_on_commit([surrogate.EVERY_PAGE])


def connect_signals():
    """Called from MembershipConfig.ready()."""
    for name in APPEAL_MODELS:
        model = apps.get_model("membership", name)
        for signal in (post_save, post_delete):
            signal.connect(
                _appeal_changed, sender=model, dispatch_uid=f"membership.purge.{name}.{id(signal)}"
            )
