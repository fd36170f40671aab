"""Public membership pages: join, confirm (state changes only on POST), and the member's own page.

Refusals are pages with a message and a 4xx status: 400 for bad input, 410 for an expired link,
429 for too many tries.
"""

import datetime
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from membership import card_views, exports, services, tokens
from membership.forms import CompactJoinForm, JoinForm, ManageLinkForm
from membership.models import Status
from membership.templatetags.membership import pledge_words


def _limited(request, group, rate, key="ip"):
    return is_ratelimited(
        request, group=f"membership.{group}", key=key, rate=rate, method="POST", increment=True
    )


def _email_key(group, request):
    return (request.POST.get("email") or "").strip().lower() or "-"


def _too_many(request):
    return render(
        request,
        "membership/refused.html",
        {"message": _("Too many attempts from here in a short time. Please wait an hour and try again.")},
        status=429,
    )


def _join_page(request, form, *, status=200, summary=""):
    response = render(
        request,
        "membership/join.html",
        {"form": form, "tiers": form.tiers, "summary": summary},
        status=status,
    )
    return card_views.allow_checkout(response, form)


@never_cache
@require_http_methods(["GET", "POST"])
def join(request):
    if request.method == "GET":
        return _join_page(request, JoinForm())
    form = JoinForm(request.POST)
    if not form.is_valid():
        # Not counted against the limits: a form sent back with a mistake stores and sends nothing, and a
        # reader (or a household or office behind one address) correcting it was locked out for an hour.
        return _join_page(request, form, status=400)
    if _limited(request, "join-ip", settings.MEMBERSHIP_SIGNUP_RATE_PER_IP) or _limited(
        request, "join-email", settings.MEMBERSHIP_SIGNUP_RATE_PER_EMAIL, key=_email_key
    ):
        return _too_many(request)
    by_card = card_views.card_chosen(form)
    if by_card and card_views.checkout_limited(request):
        return _too_many(request)
    member = form.sign_up(language=get_language() or settings.LANGUAGE_CODE)
    if member is None:
        return _join_page(request, form, status=400)  # its token was used: the form again, fresh token
    if by_card:  # to the card provider's payment page, which brings the reader back to card_views
        return card_views.checkout_redirect(request, member=member, pledge=form.cleaned_data["pledge"])
    # The same page whether the address was new, pending or already a member: it reveals nothing.
    return redirect("membership:join_sent")


@csrf_exempt  # saves nothing: it only fills in the full form, which has its CSRF token
@never_cache
@require_POST
def join_start(request):
    if _limited(request, "start-ip", settings.MEMBERSHIP_SIGNUP_RATE_PER_IP):
        return _too_many(request)
    compact = CompactJoinForm(request.POST)
    if not compact.is_valid() and (compact.has_error("website", "bot") or compact.has_error("started")):
        return render(
            request,
            "membership/refused.html",
            {"message": " ".join(compact.errors.get("website", []) + compact.errors.get("started", []))},
            status=400,
        )
    # Mistakes are shown at the full form, where the reader corrects them along with the rest.
    form = JoinForm.after_first_step(compact)
    if not compact.is_valid():
        return _join_page(request, form, status=400)
    pledge = compact.cleaned_data["pledge"]
    summary = pledge_words(pledge.amount, pledge.currency.code, pledge.frequency)
    return _join_page(request, form, summary=summary)


@never_cache
def join_sent(request):
    return render(request, "membership/join_sent.html")


def _link_refused(request, error):
    expired = isinstance(error, tokens.LinkExpired)
    return render(
        request,
        "membership/link_refused.html",
        {"expired": expired},
        status=410 if expired else 400,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        member = tokens.member_from_confirm_token(token)
    except (tokens.LinkExpired, tokens.LinkInvalid) as error:
        return _link_refused(request, error)
    if member.status != Status.PENDING:
        return redirect("membership:manage", token=tokens.manage_token(member))
    if request.method == "POST":
        services.member_confirm(member=member)
        return redirect(reverse("membership:manage", args=[tokens.manage_token(member)]) + "?confirmed=1")
    # Mail scanners open links: the page asks for a button press and changes nothing itself.
    return render(request, "membership/confirm.html", {"member": member})


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    try:
        member = tokens.member_from_manage_token(token)
    except (tokens.LinkExpired, tokens.LinkInvalid) as error:
        return _link_refused(request, error)
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("cancel", "card_cancel"):  # one cancel: a card pledge ends at the provider too
            if request.POST.get("confirmed") != "1":  # one tap on a phone must not end a membership
                context = {"member": member, "token": token, "action": action}
                return render(request, "membership/cancel_confirm.html", context)
            refused = card_views.member_cancel(request, member=member, token=token)
            if refused:
                return refused
        elif action == "card_portal":
            return card_views.portal_redirect(request, member=member, token=token)
        elif action in ("newsletter_on", "newsletter_off"):
            services.member_set_newsletter(member=member, subscribed=action == "newsletter_on")
        elif action == "statement":
            refused = _statement_request(request, member)
            if refused:
                return refused
        else:
            return _refused(request, _("Unknown request. Please use the buttons."))
        return redirect(reverse("membership:manage", args=[token]) + f"?done={action}")
    payments = list(member.payments.order_by("-paid_on", "-pk"))
    response = render(
        request,
        "membership/manage.html",
        {
            "member": member,
            "token": token,
            "status": member.current_status(),
            "confirmed": request.GET.get("confirmed") == "1",
            "done": request.GET.get("done", ""),
            "payments": payments,
            # The day the next payment is due: the day after the paid period, for a pledge that renews.
            "next_payment_due": member.paid_until + datetime.timedelta(days=1)
            if member.paid_until and member.frequency != member.Frequency.ONE_TIME
            else None,
            "statement_years": sorted({payment.paid_on.year for payment in payments}, reverse=True),
        },
    )
    return card_views.allow_portal(response, member)


def _refused(request, message, status=400):
    return render(request, "membership/refused.html", {"message": message}, status=status)


def _statement_request(request, member):
    """Queue the yearly statement the member asked for; a refusal page, or None when it is on its way.

    Each request sends an email to the member's address, so it is limited per address as sign-ups are.
    """
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        return _refused(request, _("Choose the year of the statement with one of the buttons."))
    if _limited(request, "statement-ip", settings.MEMBERSHIP_SIGNUP_RATE_PER_IP) or _limited(
        request, "statement-member", settings.MEMBERSHIP_SIGNUP_RATE_PER_EMAIL, key=lambda *_: str(member.pk)
    ):
        return _too_many(request)
    try:
        services.yearly_statement_request(member=member, year=year)
    except ValidationError as error:
        return _refused(request, " ".join(error.messages))
    return None


@never_cache
def manage_data(request, token):
    try:
        member = tokens.member_from_manage_token(token)
    except (tokens.LinkExpired, tokens.LinkInvalid) as error:
        return _link_refused(request, error)
    response = HttpResponse(
        json.dumps(exports.member_export_data(member), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-membership-data.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def manage_request(request):
    if request.method == "GET":
        return render(request, "membership/manage_request.html", {"form": ManageLinkForm()})
    if _limited(request, "manage-ip", settings.MEMBERSHIP_SIGNUP_RATE_PER_IP):
        return _too_many(request)
    form = ManageLinkForm(request.POST)
    if not form.is_valid():
        return render(request, "membership/manage_request.html", {"form": form}, status=400)
    if _limited(request, "manage-email", settings.MEMBERSHIP_SIGNUP_RATE_PER_EMAIL, key=_email_key):
        return _too_many(request)
    services.member_request_manage_link(email=form.cleaned_data["email"])
    return render(request, "membership/manage_request.html", {"sent": True})
