"""The emails a member receives: one text template pair per `Notification.Kind`, in the member's language.

Every email carries the signed link to the member's page, where they can cancel, change the newsletter
consent and download their data, and links to the home page of the member's own edition (/mk/, /sq/; the
default language's has no prefix): every address in it is in their language. A receipt names its payment
and who received it (the account holder of the payment's currency, the outlet's postal address); a yearly
statement lists the year's payments.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from membership import tokens
from newsroom.site_url import absolute_url


def build_message(notification) -> EmailMessage:
    member = notification.member
    with translation.override(_site_language(member.language)):
        context = {
            "member": member,
            "site_name": settings.SITE_NAME,
            # Named site_url in the templates' (translated) sentences: the home page in the member's language.
            "site_url": absolute_url(reverse("articles:home")),
            "postal_address": settings.SITE_POSTAL_ADDRESS,
            "contact_email": settings.SITE_CONTACT_EMAIL,
            "privacy_url": absolute_url(privacy) if (privacy := settings.SITE_PRIVACY_POLICY_URL) else "",
            "confirm_url": absolute_url(reverse("membership:confirm", args=[tokens.confirm_token(member)])),
            "manage_url": absolute_url(reverse("membership:manage", args=[tokens.manage_token(member)])),
            "currency": member.currency,
            **_about(notification),
        }
        template = f"membership/email/{notification.kind}"
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    # A member who answers the email reaches the newsroom, not the sending account's mailbox.
    reply_to = [settings.SITE_CONTACT_EMAIL] if settings.SITE_CONTACT_EMAIL else None
    return EmailMessage(subject=subject, body=body, to=[member.email], reply_to=reply_to)


def _site_language(language):
    """The site's language that `language` (a member's, which staff may have typed) is written in: its
    addresses carry that language's prefix, where an unknown one's would lead nowhere."""
    try:
        return translation.get_supported_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def _about(notification) -> dict:
    """What a receipt or a statement names besides the member."""
    if notification.payment_id:
        payment = notification.payment
        return {"payment": payment, "payee": payment.currency.account_holder or settings.SITE_NAME}
    if notification.year:
        payments = notification.member.payments.in_year(notification.year)
        return {
            "year": notification.year,
            "payments": list(payments.order_by("paid_on", "pk")),
            "totals": payments.totals_by_currency(),
            "payees": sorted(
                {
                    holder or settings.SITE_NAME
                    for holder in payments.values_list("currency__account_holder", flat=True)
                }
            ),
        }
    return {}
