"""Shared preview links: a signed address that lets someone without an account read a story before it is out.

A link carries the story's pk and its `preview_generation`, signed with the time it was made. It shows the
story as a preview for PREVIEW_MAX_AGE (7 days) while the story is not out (a draft, in review, or scheduled
and not due yet). Once the story is public the link leads to the public page. It stops working for good
(`PreviewLinkGone`) when an editor revokes the story's links (`revoke_preview_links` raises the generation,
so every link made before no longer matches), when the story is unpublished (by an editor, or by its
unpublish time), and when the story is deleted (then the story is not found).

The generation is left out of the story's revisions (Article.history's `excluded_fields`): a revocation is
not a revision, and restoring an older revision keeps the current generation, so it cannot revive a link.
Links made before generations existed hold only the pk and count as generation 0.
"""

from django.core import signing
from django.db.models import F
from django.urls import reverse

from articles import permissions
from articles.models import Article

PREVIEW_SALT = "articles.preview"
PREVIEW_MAX_AGE = 7 * 24 * 60 * 60


class PreviewLinkGone(Exception):
    """A link this site made that no longer opens its story; `reason` is "expired", "revoked" or
    "unpublished", which the page shown to the link's holder explains."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _signer():
    return signing.TimestampSigner(salt=PREVIEW_SALT)


def preview_token(article):
    return _signer().sign(f"{article.pk}:{article.preview_generation}")


def preview_url(article):
    return reverse("articles:shared_preview", kwargs={"token": preview_token(article)})


def article_for_token(token, *, queryset=None):
    """The story a shared link opens now: shown as a preview, or redirected to when `article.is_public()`.

    Raises signing.BadSignature for a link this site did not make, Article.DoesNotExist when the story was
    deleted, and PreviewLinkGone when the link is too old, revoked, or its story unpublished.
    """
    try:
        value = _signer().unsign(token, max_age=PREVIEW_MAX_AGE)
    except signing.SignatureExpired:
        raise PreviewLinkGone("expired") from None
    pk, _, generation = value.partition(":")
    try:
        pk, generation = int(pk), int(generation or 0)
    except ValueError:
        raise signing.BadSignature("Not a preview link.") from None
    article = (Article.objects if queryset is None else queryset).get(pk=pk)
    if generation != article.preview_generation:
        raise PreviewLinkGone("revoked")
    if article.effective_status == Article.Status.UNPUBLISHED:
        raise PreviewLinkGone("unpublished")
    return article


def revoke_preview_links(*, article, by):
    """Make every shared link to `article` stop working, on behalf of `by` (an editor); returns the address
    of a new link. Raises PermissionDenied for anyone else."""
    permissions.check(by, permissions.Action.REVOKE_PREVIEW, article)
    # An UPDATE, not save(): no revision, no "last saved" time, and two revocations at once both count.
    stories = Article.objects.filter(pk=article.pk)
    stories.update(preview_generation=F("preview_generation") + 1)
    article.preview_generation = stories.values_list("preview_generation", flat=True).get()
    return preview_url(article)
