"""Stripe: Checkout (Stripe's hosted payment page) for pledges, Stripe Billing for recurring ones, and the
webhook events that report what happened, through Stripe's own library.

A one-time pledge is a Checkout session in `payment` mode: its `checkout.session.completed` records the
payment. A monthly or yearly pledge is a session in `subscription` mode with the price made for it
(`price_data`, in the pledge's currency): `checkout.session.completed` links the Stripe customer and
subscription to the member, and each `invoice.paid` (the first one too) records a payment, which extends
the paid period. Every session, subscription and so every invoice carries the member's payment reference
in its metadata, so events are applied in whatever order they arrive. `invoice.payment_failed` makes the
member past due; `customer.subscription.deleted` ends the recurring pledge.

Settings: STRIPE["SECRET_KEY"], STRIPE["WEBHOOK_SECRET"] (both needed for card payments to be offered),
STRIPE["PUBLISHABLE_KEY"] (for Stripe.js, unused by the hosted page). Tests point the library at a fake
Stripe on 127.0.0.1 with the setting STRIPE_API_BASE, which production never sets.
"""

import datetime
import json
import logging
from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from membership import services
from membership.models import Currency, Frequency, Member
from membership.providers import CardEvent, CardProvider, ProviderUnavailable, WebhookRefused

logger = logging.getLogger(__name__)

# Stripe wants amounts in the currency's smallest unit; most currencies (MKD, EUR, ALL too) have two
# decimals there. https://docs.stripe.com/currencies#zero-decimal and #three-decimal
ZERO_DECIMAL = {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV"}
ZERO_DECIMAL |= {"XAF", "XOF", "XPF"}
THREE_DECIMAL = {"BHD", "JOD", "KWD", "OMR", "TND"}
INTERVALS = {Frequency.MONTHLY: "month", Frequency.YEARLY: "year"}


def minor_units(currency_code: str) -> int:
    code = currency_code.upper()
    return 0 if code in ZERO_DECIMAL else 3 if code in THREE_DECIMAL else 2


def to_stripe_amount(amount: Decimal, currency_code: str) -> int:
    return int((amount * 10 ** minor_units(currency_code)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def from_stripe_amount(amount: int, currency_code: str) -> Decimal:
    return (Decimal(amount) / 10 ** minor_units(currency_code)).quantize(Decimal("0.01"))


def _day(timestamp) -> datetime.date:
    return timezone.localdate(datetime.datetime.fromtimestamp(int(timestamp), tz=datetime.UTC))


def gone(error):
    """Whether Stripe refused because the object is no longer there ("No such subscription: ...")."""
    return isinstance(error, stripe.InvalidRequestError) and error.code == "resource_missing"


class Provider(CardProvider):
    name = "stripe"

    def __init__(self):
        keys = getattr(settings, "STRIPE", {})
        self.secret_key = keys.get("SECRET_KEY", "")
        self.webhook_secret = keys.get("WEBHOOK_SECRET", "")

    def is_configured(self) -> bool:
        return bool(self.secret_key and self.webhook_secret)

    def client(self) -> stripe.StripeClient:
        api_base = getattr(settings, "STRIPE_API_BASE", None)
        return stripe.StripeClient(
            self.secret_key,
            base_addresses={"api": api_base} if api_base else None,
            max_network_retries=2,
        )

    # Paying ----------------------------------------------------------------------------------------

    def checkout_origins(self) -> list[str]:
        api_base = getattr(settings, "STRIPE_API_BASE", None)
        return [api_base] if api_base else ["https://checkout.stripe.com"]

    def checkout_url(self, *, member, request, pledge=None) -> str:
        amount = pledge.amount if pledge else member.amount
        currency = (pledge.currency.code if pledge else member.currency_id).lower()
        frequency = pledge.frequency if pledge else member.frequency
        metadata = {"member_reference": member.payment_reference, "frequency": frequency}
        price = {
            "currency": currency,
            "unit_amount": to_stripe_amount(amount, currency),
            "product_data": {"name": _("%(site)s membership") % {"site": settings.SITE_NAME}},
        }
        params = {
            "mode": "payment",
            "line_items": [{"price_data": price, "quantity": 1}],
            "client_reference_id": member.payment_reference,
            "metadata": metadata,
            "locale": "auto",
            "success_url": request.build_absolute_uri(reverse("membership:card_return"))
            + "?session_id={CHECKOUT_SESSION_ID}",
            "cancel_url": request.build_absolute_uri(reverse("membership:card_cancelled")),
        }
        if member.card_customer_id:
            params["customer"] = member.card_customer_id
        elif member.email:
            params["customer_email"] = member.email
        if frequency in INTERVALS:
            params["mode"] = "subscription"
            price["recurring"] = {"interval": INTERVALS[frequency]}
            params["subscription_data"] = {"metadata": metadata}
        else:
            params["payment_intent_data"] = {"metadata": metadata}
        try:
            session = self.client().v1.checkout.sessions.create(params=params)
        except stripe.StripeError as error:
            logger.warning("Stripe Checkout not started: %s", error.__class__.__name__)
            raise ProviderUnavailable(str(error)) from error
        return session.url

    def cancel(self, member) -> None:
        if not member.card_subscription_id:
            return
        try:
            self.client().v1.subscriptions.cancel(member.card_subscription_id)
        except stripe.StripeError as error:
            # Stripe answers a second cancel of a subscription "No such subscription": it ended already
            # (cancelled twice at once, or at Stripe's portal before its webhook reached us).
            if not gone(error):
                raise ProviderUnavailable(str(error)) from error
            logger.info("Stripe subscription %s had ended already", member.card_subscription_id)

    def forget_customer(self, member) -> None:
        """Delete the Stripe customer (its name, email address and cards; Stripe keeps the payments it must)."""
        if not member.card_customer_id:
            return
        try:
            self.client().v1.customers.delete(member.card_customer_id)
        except stripe.StripeError as error:
            if not gone(error):  # deleted already (at Stripe's dashboard, or by an erasure tried before)
                raise ProviderUnavailable(str(error)) from error

    def portal_origins(self) -> list[str]:
        api_base = getattr(settings, "STRIPE_API_BASE", None)
        return [api_base] if api_base else ["https://billing.stripe.com"]

    def portal_url(self, member, return_url: str) -> str:
        try:
            session = self.client().v1.billing_portal.sessions.create(
                params={"customer": member.card_customer_id, "return_url": return_url}
            )
        except stripe.StripeError as error:
            raise ProviderUnavailable(str(error)) from error
        return session.url

    # What Stripe tells us ---------------------------------------------------------------------------

    def verify_webhook(self, request) -> CardEvent:
        try:
            stripe.Webhook.construct_event(
                request.body, request.headers.get("Stripe-Signature", ""), self.webhook_secret
            )
            data = json.loads(request.body)  # plain data: the library's objects are for its own API calls
        except stripe.SignatureVerificationError as error:
            raise WebhookRefused("Bad signature.") from error
        except ValueError as error:  # not JSON (a signed body Stripe would never send)
            raise WebhookRefused("Not an event.") from error
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("id"), str)
            or not isinstance(data.get("data", {}).get("object"), dict)
        ):
            raise WebhookRefused("Not an event.")
        return CardEvent(
            provider=self.name,
            id=data["id"],
            type=str(data.get("type", "")),
            data=data["data"]["object"],
            created=data.get("created"),
        )

    def apply(self, event: CardEvent) -> str:
        handler = {
            "checkout.session.completed": self._checkout_completed,
            "checkout.session.async_payment_succeeded": self._checkout_completed,
            "invoice.paid": self._invoice_paid,
            "invoice.payment_failed": self._invoice_failed,
            "customer.subscription.deleted": self._subscription_deleted,
        }.get(event.type)
        if handler is None:
            return "ignored"
        obj = event.data
        member = self._member(obj)
        if member is None:
            logger.warning("Stripe %s %s names no member of ours", event.type, event.id)
            return "no member"
        return handler(member, obj, event)

    def _member(self, obj):
        """The member an object is about: by the payment reference we gave it (metadata of the session,
        subscription or the invoice's subscription), else by the subscription or customer linked to them."""
        parent = (obj.get("parent") or {}).get("subscription_details") or {}
        references = [
            (obj.get("metadata") or {}).get("member_reference"),
            (parent.get("metadata") or {}).get("member_reference"),
            ((obj.get("subscription_details") or {}).get("metadata") or {}).get("member_reference"),
            obj.get("client_reference_id"),
        ]
        members = Member.objects.all()
        for reference in filter(None, references):
            member = members.filter(payment_reference=str(reference)).first()
            if member:
                return member
        subscription = _id(parent.get("subscription") or obj.get("subscription"))
        if obj.get("object") == "subscription":
            subscription = obj.get("id")
        if subscription:
            member = members.filter(card_provider=self.name, card_subscription_id=subscription).first()
            if member:
                return member
        customer = _id(obj.get("customer"))
        return (
            members.filter(card_provider=self.name, card_customer_id=customer).first() if customer else None
        )

    def _checkout_completed(self, member, session, event):
        if session.get("mode") == "subscription":
            services.card_subscription_link(
                member=member,
                provider=self.name,
                customer_id=_id(session.get("customer")) or "",
                subscription_id=_id(session.get("subscription")) or "",
            )
            return "subscription linked"  # its invoice.paid records the payment
        if session.get("payment_status") != "paid":
            return "not paid yet"
        return self._record(
            member,
            amount=session.get("amount_total"),
            currency=session.get("currency"),
            paid_on=_day(session.get("created") or event.created),
            reference=_id(session.get("payment_intent")) or session["id"],
        )

    def _invoice_paid(self, member, invoice, event):
        subscription = _id(
            ((invoice.get("parent") or {}).get("subscription_details") or {}).get("subscription")
            or invoice.get("subscription")
        )
        if subscription and not member.card_subscription_id:
            # Before (or without) its checkout.session.completed: the invoice links them as well.
            services.card_subscription_link(
                member=member,
                provider=self.name,
                customer_id=_id(invoice.get("customer")) or "",
                subscription_id=subscription,
            )
        if not invoice.get("amount_paid"):
            return "nothing paid"
        paid_at = (invoice.get("status_transitions") or {}).get("paid_at") or event.created
        return self._record(
            member,
            amount=invoice["amount_paid"],
            currency=invoice.get("currency"),
            paid_on=_day(paid_at),
            reference=invoice["id"],
        )

    def _record(self, member, *, amount, currency, paid_on, reference):
        code = str(currency or "").upper()
        if not isinstance(amount, int) or amount <= 0 or not Currency.objects.filter(code=code).exists():
            logger.warning("Stripe payment %s in %r not recorded: not a currency of ours", reference, code)
            return "unknown currency"
        payment = services.card_payment_record(
            member=member,
            amount=from_stripe_amount(amount, code),
            currency_code=code,
            paid_on=paid_on,
            reference=reference,
            note="Stripe",
        )
        return "payment recorded" if payment else "payment known"

    def _invoice_failed(self, member, invoice, event):
        services.card_payment_failed(member=member, note=f"Stripe invoice {invoice.get('id', '')}")
        return "past due"

    def _subscription_deleted(self, member, subscription, event):
        reason = (subscription.get("cancellation_details") or {}).get("reason")
        services.card_subscription_end(
            member=member,
            provider=self.name,
            subscription_id=subscription.get("id", ""),
            by_member=reason == "cancellation_requested",
            note=f"Stripe subscription ended ({reason or 'no reason given'})",
        )
        return "subscription ended"


def _id(value):
    """An id whether Stripe sent it bare or expanded into its object."""
    if isinstance(value, dict):
        return value.get("id")
    return value
