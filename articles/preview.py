"""Signed, expiring preview links that let someone without an account read a draft."""

from django.core import signing
from django.urls import reverse

PREVIEW_SALT = "articles.preview"
PREVIEW_MAX_AGE = 7 * 24 * 60 * 60


def preview_token(article):
    return signing.TimestampSigner(salt=PREVIEW_SALT).sign(str(article.pk))


def preview_url(article):
    return reverse("articles:shared_preview", kwargs={"token": preview_token(article)})


def article_pk_from_token(token, max_age=PREVIEW_MAX_AGE):
    """The article's pk, or raises signing.BadSignature (tampered) / signing.SignatureExpired (too old)."""
    value = signing.TimestampSigner(salt=PREVIEW_SALT).unsign(token, max_age=max_age)
    return int(value)
