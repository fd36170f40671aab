"""Signed tokens: the links in membership emails and the form-timing token against bots.

Links carry the member's id and a digest of their address, so a link dies when the address is erased or
changed, and expires after its purpose's lifetime. Nothing is stored server-side for them.

The form-timing token carries the time the form was shown and a random nonce; the full sign-up form
accepts each nonce once (`membership.services.form_token_spend`), so one fetched form is one sign-up.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

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


@dataclass(frozen=True)
class FormToken:
    issued_at: datetime.datetime
    nonce: str  # empty in tokens signed before tokens had one

    @property
    def age_seconds(self):
        return timezone.now().timestamp() - self.issued_at.timestamp()


def form_timing_token(*, at=None):
    """A token saying when the form was shown, and which showing it was; the form refuses answers sooner
    than a person could type, and a second sign-up with the same token."""
    return signing.dumps(
        {"t": int((at or timezone.now()).timestamp()), "n": secrets.token_urlsafe(12)}, salt=FORM
    )


def form_token_read(token) -> FormToken:
    """What a form-timing token says; raises LinkInvalid if we did not sign it."""
    try:
        payload = signing.loads(token, salt=FORM)
        issued_at = datetime.datetime.fromtimestamp(int(payload["t"]), tz=datetime.UTC)
        nonce = payload.get("n", "")
        if not isinstance(nonce, str):
            raise TypeError("nonce")
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError, OSError) as error:
        raise LinkInvalid from error
    return FormToken(issued_at=issued_at, nonce=nonce)


def form_age_seconds(token):
    """Seconds since the form carrying `token` was rendered; raises LinkInvalid if we did not sign it."""
    return form_token_read(token).age_seconds
