"""The emails a member receives: one text template pair per `Notification.Kind`, in the member's language.

Every email carries the signed link to the member's page, where they can cancel, change the newsletter
consent and download their data.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from membership import tokens
from newsroom.site_url import absolute_url, site_url


def build_message(notification) -> EmailMessage:
    member = notification.member
    with translation.override(member.language or settings.LANGUAGE_CODE):
        context = {
            "member": member,
            "site_name": settings.SITE_NAME,
            "site_url": site_url(),
            "confirm_url": absolute_url(reverse("membership:confirm", args=[tokens.confirm_token(member)])),
            "manage_url": absolute_url(reverse("membership:manage", args=[tokens.manage_token(member)])),
            "currency": member.currency,
        }
        template = f"membership/email/{notification.kind}"
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[member.email])
