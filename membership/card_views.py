"""Card payments' pages: the start of a checkout at the provider's payment page (after the join form), the
pages the reader comes back to from it, and the provider's webhook (membership/providers/).

The return page only thanks: the money counts when the provider's signed webhook says it arrived, and the
member's page (linked from the receipt email) shows it. The return address reveals nothing of a membership.
"""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
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
