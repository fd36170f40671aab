"""The sign-up form's single-use tokens, as spent."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UsedFormToken(models.Model):
    """A sign-up form token that signed someone up: each time the form is shown, it signs up one reader.

    The nonce is the primary key, so of two sign-ups sent with one token, even at the same moment from two
    workers, the database keeps one (`membership.services.form_token_spend`). A row is needed only while
    its token is young enough for the form to accept it; older rows are deleted as new ones come.
    """

    nonce = models.CharField(_("nonce"), max_length=32, primary_key=True)
    issued_at = models.DateTimeField(_("form shown"), db_index=True)
    used_at = models.DateTimeField(_("used"), default=timezone.now)

    class Meta:
        verbose_name = _("used sign-up form token")
        verbose_name_plural = _("used sign-up form tokens")

    def __str__(self):
        return self.nonce
