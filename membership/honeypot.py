"""What tells a person from a bot on the public forms: a field people do not see (bots fill it in) and the
time the form was shown, signed (a person takes a few seconds; membership.tokens)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from membership import tokens

HONEYPOT = "website"


class HoneypotMixin(forms.Form):
    # Named like a field bots love to fill; hidden from people by CSS and from screen readers by
    # aria-hidden on its wrapper in the template.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    @cached_property
    def fresh_timing_token(self):
        # Templates render this, not the submitted value, so a form shown again after an error has a token
        # of its own (a showing can sign up once). It keeps the time the form was first shown: a person who
        # only ticks the box they missed and sends again at once is not taken for a bot. Signed only when a
        # page shows the form: a sign-up that succeeds never needs one.
        return tokens.form_timing_token(at=self._first_shown_at())

    def _first_shown_at(self):
        """When the form sent back was first shown, if it says so and is not too old; else None (now)."""
        if not self.is_bound or not self.data.get("started"):
            return None
        try:
            sent = tokens.form_token_read(self.data["started"])
        except tokens.LinkInvalid:
            return None
        return sent.issued_at if 0 <= sent.age_seconds <= settings.MEMBERSHIP_FORM_MAX_AGE else None

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(
                _(
                    "This form looks automatically filled in. If you are a person, please leave the last field empty."
                ),
                code="bot",
            )
        return ""
