"""Card payments' pages: the start of a checkout at the provider's payment page (after the join form), the
pages the reader comes back to from it, the member's card actions on their page (cancel the recurring
pledge, open the provider's page to change the card), and the provider's webhook (membership/providers/).

The return page only thanks: the money counts when the provider's signed webhook says it arrived, and the
member's page (linked from the receipt email) shows it. The return address reveals nothing of a membership.
"""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from membership import providers, services

logger = logging.getLogger(__name__)


def card_chosen(form) -> bool:
    return form.cleaned_data.get("payment_method") == "card"


def allow_checkout(response, form):
    """The join page's form may lead on to the provider's payment page: its Content-Security-Policy lets
    the form's answer redirect there (browsers apply form-action to the redirects after a form too)."""
    card = providers.provider() if "payment_method" in form.fields else None
    if card is not None:
        response._csp_update = {"form-action": card.checkout_origins()}
    return response


def allow_portal(response, member):
    """The member's page holds the "Change card" form, whose answer redirects to the provider's page:
    without its origin in form-action, browsers refuse that redirect and the button does nothing."""
    card = providers.provider()
    if member.card_subscription_id and card is not None and card.name == member.card_provider:
        response._csp_update = {"form-action": card.portal_origins()}
    return response


def checkout_limited(request) -> bool:
    """Card testers try stolen cards with many small payments from one address: few checkouts an hour."""
    return is_ratelimited(
        request,
        group="membership.card-checkout-ip",
        key="ip",
        rate=settings.MEMBERSHIP_CARD_RATE_PER_IP,
        method="POST",
        increment=True,
    )


def checkout_redirect(request, *, member, pledge):
    """Send the reader who signed up to the provider's payment page for their pledge."""
    card = providers.provider()
    message = _("Card payments are not available at the moment.")
    if card is not None:
        try:
            response = HttpResponseRedirect(card.checkout_url(member=member, request=request, pledge=pledge))
        except providers.ProviderUnavailable:
            message = _(
                "We could not reach the card payment service. Your sign-up is saved: confirm your email "
                "and pay by bank transfer with the details we send, or try the card again later."
            )
        else:
            response.status_code = 303  # the browser follows with a GET
            return response
    return render(request, "membership/refused.html", {"message": message}, status=503)


def unavailable(request, message, *, token):
    """A 503 page: the provider could not be reached and nothing was changed; back to the member's page."""
    back = reverse("membership:manage", args=[token])
    return render(request, "membership/refused.html", {"message": message, "back_url": back}, status=503)


def member_cancel(request, *, member, token):
    """The member cancels (their card pledge too, at the provider): on the member's page, or a 503 page
    saying that nothing changed when the provider could not be reached."""
    try:
        services.member_cancel(member=member)
    except providers.ProviderUnavailable:
        logger.warning("Card pledge of member %s not cancelled: provider unavailable", member.pk)
        message = _(
            "We could not reach the card payment service, so nothing was changed: your card pledge and "
            "your membership are still running. Please try again in a few minutes."
        )
        return unavailable(request, message, token=token)
    return None


def portal_redirect(request, *, member, token):
    """To the provider's page where the member changes their card, which brings them back to their page."""
    card = providers.provider()
    if not (member.card_subscription_id and member.card_customer_id):
        message = _("Your membership is not paid by card, so there is no card to change.")
        return render(request, "membership/refused.html", {"message": message}, status=400)
    if card is not None and card.name == member.card_provider:
        try:
            url = card.portal_url(
                member, return_url=request.build_absolute_uri(reverse("membership:manage", args=[token]))
            )
        except providers.ProviderUnavailable:
            logger.warning("Card portal for member %s not opened: provider unavailable", member.pk)
        else:
            return HttpResponseRedirect(url, status=303)
    message = _("We could not reach the card payment service. Please try again in a few minutes.")
    return unavailable(request, message, token=token)


@never_cache
def card_return(request):
    return render(request, "membership/card_return.html", {"paid": True})


@never_cache
def card_cancelled(request):
    return render(request, "membership/card_return.html", {"paid": False})


@csrf_exempt  # the provider signs its notices; it has no CSRF token
@require_POST
def webhook(request, provider_name):
    card = providers.provider()
    if card is None or card.name != provider_name:
        raise Http404("No such card payment provider.")
    try:
        event = card.verify_webhook(request)
    except providers.WebhookRefused as error:
        return HttpResponse(str(error), status=400, content_type="text/plain")
    try:
        applied = services.card_event_apply(
            provider=card.name, event_id=event.id, event_type=event.type, apply=lambda: card.apply(event)
        )
    except DatabaseError:
        # Nothing of it was kept (one transaction); the provider delivers it again later.
        logger.exception("Card event %s %s not applied", event.type, event.id)
        return HttpResponse(
            "Try again later.", status=503, content_type="text/plain", headers={"Retry-After": "60"}
        )
    return JsonResponse({"received": True, "applied": applied})
