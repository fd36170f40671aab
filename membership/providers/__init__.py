"""Card payments through a payment provider: one module per provider, the one named by the setting
MEMBERSHIP_CARD_PROVIDER ("stripe": stripe_checkout.py). `provider()` is that provider, or None while its
keys are not set; the join form offers a card only when there is one.

A provider module defines `Provider`, a `CardProvider` that:

- `checkout_url(member, request, pledge=None)`: the address of the provider's hosted payment page for the
  pledge (one-time or recurring, in its currency), which sends the reader back to `membership:card_return`
  (paid) or `membership:card_cancelled`; it raises `ProviderUnavailable` when the provider cannot be reached;
  `checkout_origins()` names that page's origin, which the join form's Content-Security-Policy allows;
- `verify_webhook(request) -> CardEvent`: the provider's signed notice read and its signature checked
  (`WebhookRefused`, answered 400, when the signature or the body is wrong);
- `apply(event)`: the event's facts written through `membership.services` (`card_payment_record`,
  `card_subscription_link`, `card_payment_failed`, `card_subscription_end`); the webhook view runs it inside
  `services.card_event_apply`, which applies each event id once;
- `cancel(member)` and `portal_url(member, return_url)`: end the member's recurring card pledge, and the
  provider's page where the member changes their card;
- `forget_customer(member)`: delete the provider's record of the person (name, email address, card) where it
  keeps one; erasing the member calls it (`membership.services.member_erase`).

A local card processor with a hosted payment page and a signed callback (the usual offer of banks where
Stripe does not operate) is a module of the same shape: `checkout_url` returns the hosted page's address
with the order (the member's payment reference as the order id, the amount and currency, the return
addresses) signed with the store key as the processor asks; `verify_webhook` checks the callback's
signature over its fields with that key and returns a `CardEvent` whose id is the processor's transaction
id and whose type says paid or declined; `apply` records the paid ones with `card_payment_record`.
Processors that keep no card on file raise `NotSupported` from `cancel` and `portal_url`: their members
pledge once, or monthly by bank transfer.
"""

import importlib
from dataclasses import dataclass, field

from django.conf import settings


class WebhookRefused(Exception):
    """A notice that is not the provider's (bad signature) or that it could not have sent (bad body)."""


class ProviderUnavailable(Exception):
    """The provider did not answer, or refused our request: the reader can try again later."""


class NotSupported(Exception):
    """This provider has no such feature."""


@dataclass(frozen=True)
class CardEvent:
    """A verified notice from the provider: its id (what makes a delivery a repeat), type and content."""

    provider: str
    id: str
    type: str
    data: dict = field(default_factory=dict)
    created: int | None = None


class CardProvider:
    name = ""

    def is_configured(self) -> bool:
        raise NotImplementedError

    def checkout_url(self, *, member, request, pledge=None) -> str:
        raise NotImplementedError

    def checkout_origins(self) -> list[str]:
        """Where `checkout_url` sends the reader: the join form's Content-Security-Policy allows it."""
        raise NotImplementedError

    def verify_webhook(self, request) -> CardEvent:
        raise NotImplementedError

    def apply(self, event: CardEvent) -> str:
        raise NotImplementedError

    def cancel(self, member) -> None:
        raise NotSupported

    def portal_url(self, member, return_url: str) -> str:
        raise NotSupported

    def portal_origins(self) -> list[str]:
        """Where `portal_url` sends the member: their page's Content-Security-Policy allows it."""
        return []

    def forget_customer(self, member) -> None:
        """A provider that keeps no record of the person has nothing to forget."""


def provider() -> CardProvider | None:
    """The configured card provider, or None when card payments are off (no provider, or no keys)."""
    name = getattr(settings, "MEMBERSHIP_CARD_PROVIDER", "")
    if not name:
        return None
    module = importlib.import_module(f"membership.providers.{MODULES.get(name, name)}")
    card_provider = module.Provider()
    return card_provider if card_provider.is_configured() else None


MODULES = {"stripe": "stripe_checkout"}
