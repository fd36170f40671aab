"""Membership writes with side effects, one job a module:

- sign_up.py: sign up (pledge, consents, the single-use form token, a free payment reference), resend the
  confirmation, confirm the address;
- payments.py: record a payment, lapse the memberships whose paid period ended;
- cards.py: card payments as a payment provider reports them, each of its events applied once;
- members.py: cancel, the newsletter, staff edits, the link to manage a membership;
- erasure.py: erase a member's personal data;
- reconciliation.py: bank statements imported and their credit lines matched to members' pledges;
- statements_yearly.py: a member's yearly statement of payments, on request;
- records.py: what each of them records besides its change (status history, emails owed, history names).

Each runs in one transaction that also writes the status history and the emails owed (`Notification`
rows) with their queue tasks (the database queue's rows commit with them; another queue is handed the task
on commit), so nothing is sent for a change that was rolled back, and `membership_send_emails`
re-enqueues any email whose task was lost. Callers use `from membership import services` and
`services.member_sign_up(...)`: the names below are the public ones.
"""

from membership.services.cards import (
    card_event_apply,
    card_payment_failed,
    card_payment_record,
    card_subscription_end,
    card_subscription_link,
)
from membership.services.erasure import member_erase
from membership.services.members import (
    PLEDGE_FIELDS,
    STAFF_EDITABLE_FIELDS,
    member_cancel,
    member_edit,
    member_request_manage_link,
    member_set_newsletter,
)
from membership.services.payments import members_lapse, payment_record
from membership.services.reconciliation import (
    statement_import,
    statement_line_dismiss,
    statement_line_match,
)
from membership.services.records import notification_queue
from membership.services.sign_up import (
    FormTokenUsed,
    Pledge,
    form_token_spend,
    member_confirm,
    member_resend_confirmation,
    member_sign_up,
)
from membership.services.statements_yearly import statement_years, yearly_statement_request

__all__ = [
    "statement_import",
    "statement_line_dismiss",
    "statement_line_match",
    "PLEDGE_FIELDS",
    "STAFF_EDITABLE_FIELDS",
    "card_event_apply",
    "card_payment_failed",
    "card_payment_record",
    "card_subscription_end",
    "card_subscription_link",
    "FormTokenUsed",
    "Pledge",
    "form_token_spend",
    "member_cancel",
    "member_confirm",
    "member_edit",
    "member_erase",
    "member_request_manage_link",
    "member_resend_confirmation",
    "member_set_newsletter",
    "member_sign_up",
    "members_lapse",
    "notification_queue",
    "payment_record",
    "statement_years",
    "yearly_statement_request",
]
