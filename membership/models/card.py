"""Card payments' facts from a payment provider: each event it sent us, recorded once.

A provider (Stripe, or a local card processor) tells us about payments by webhook, and delivers the same
event again when it is unsure we got it, sometimes twice at the same moment. `ProviderEvent` is inserted in
the very transaction that applies an event (`services.card_event_apply`): its unique key lets one delivery
apply it and makes every other one a no-op, and a delivery that fails midway leaves no row, so the next one
applies it whole.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProviderEvent(models.Model):
    provider = models.CharField(_("payment provider"), max_length=30)
    event_id = models.CharField(_("event"), max_length=255, help_text=_("The provider's id of the event."))
    type = models.CharField(_("type"), max_length=100)
    received_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("card payment event")
        verbose_name_plural = _("card payment events")
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="provider_event_once"),
        ]

    def __str__(self):
        return f"{self.provider} {self.type} {self.event_id}"
