"""A member's yearly statement: on request from their page, an email listing the payments of one calendar
year and their total per currency, for their tax return."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from membership.models import Member, Notification, Payment
from membership.services.records import notification_queue

Kind = Notification.Kind


def statement_years(member: Member) -> list[int]:
    """The years `member` paid anything in, newest first: the years a statement can be asked for."""
    return [day.year for day in Payment.objects.filter(member=member).dates("paid_on", "year", order="DESC")]


@transaction.atomic
def yearly_statement_request(*, member: Member, year: int) -> Notification:
    """Owe `member` the statement of `year`, a year they paid in (ValidationError otherwise).

    A statement asked for again before the first one went out is that same email: pressing the button
    twice sends one.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.erased_at or not member.email:
        raise ValidationError(
            _("This membership has no email address to send a statement to."), code="erased"
        )
    if year not in statement_years(member):
        raise ValidationError(
            _("You made no payment in %(year)s, so there is no statement for it."),
            code="no_payments",
            params={"year": year},
        )
    waiting = Notification.objects.filter(
        member=member, kind=Kind.YEARLY_STATEMENT, year=year, sent_at__isnull=True, gave_up=False
    ).first()
    return waiting or notification_queue(member=member, kind=Kind.YEARLY_STATEMENT, year=year)
