"""Staff tools for membership, registered with the admin site by the modules below:

- offer.py: currencies with bank details, tiers and their prices, consent texts, the reader appeal;
- members.py: members (the list, the member's page, the actions, the dashboard);
- records.py: payments and consents;
- statements.py: bank statement imports, the banks' CSV formats and the reconciliation queue.

Status changes and staff edits of a member go through `membership.services`, never through a plain field
edit, so the status history, the consents and the member's history are complete.
"""

from membership.admin import members, offer, records, statements  # noqa: F401  (each registers its admins)
