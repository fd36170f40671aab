"""Signed tokens: the links in membership emails and the form-timing token against bots.

Links carry the member's id and a digest of their address, so a link dies when the address is erased or
changed, and expires after its purpose's lifetime. Nothing is stored server-side.
"""

import hashlib

from django.conf import settings
from django.core import signing
from django.utils import timezone

CONFIRM = "membership.confirm"
MANAGE = "membership.manage"
FORM = "membership.form"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def _email_digest(email):
    return hashlib.sha256((email or "").encode()).hexdigest()[:16]


def member_token(member, purpose):
    return signing.dumps({"m": member.pk, "e": _email_digest(member.email)}, salt=purpose, compress=True)


def member_from_token(token, purpose, *, max_age):
    """The member a link is for; LinkExpired or LinkInvalid otherwise."""
    from membership.models import Member

    try:
        payload = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    member = Member.objects.filter(pk=payload.get("m"), erased_at__isnull=True).first()
    if member is None or _email_digest(member.email) != payload.get("e"):
        raise LinkInvalid
    return member


def confirm_token(member):
    return member_token(member, CONFIRM)


def manage_token(member):
    return member_token(member, MANAGE)


def member_from_confirm_token(token):
    return member_from_token(token, CONFIRM, max_age=settings.MEMBERSHIP_CONFIRM_LINK_MAX_AGE)


def member_from_manage_token(token):
    return member_from_token(token, MANAGE, max_age=settings.MEMBERSHIP_MANAGE_LINK_MAX_AGE)


def form_timing_token(*, at=None):
    """A token saying when the form was shown; the form refuses answers sooner than a person could type."""
    return signing.dumps({"t": int((at or timezone.now()).timestamp())}, salt=FORM)


def form_age_seconds(token):
    """Seconds since the form carrying `token` was rendered; raises LinkInvalid if we did not sign it."""
    try:
        return timezone.now().timestamp() - int(signing.loads(token, salt=FORM)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise LinkInvalid from error
