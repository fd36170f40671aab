"""Bank statements read into entries, whatever the bank's format:

- entries.py: what every reader gives back (`StatementEntry`, one credit or debit line) and the error a file
  that cannot be read raises (`StatementError`, with a message for the person who uploaded it);
- camt053.py: ISO 20022 CAMT.053 (XML), read with lxml's parser hardened against hostile files;
- swift_mt940.py: SWIFT MT940, read with the maintained `mt-940` package;
- bank_csv.py: a bank's CSV export, read through the column mapping staff saved for that bank.

reading.py: `read_statement()` picks the reader and checks what every statement must be. Matching entries to members and recording payments is
`membership.services.reconciliation`'s job; nothing here touches the database.
"""

from membership.statements.entries import MAX_STATEMENT_BYTES, StatementEntry, StatementError
from membership.statements.reading import read_statement

__all__ = ["MAX_STATEMENT_BYTES", "StatementEntry", "StatementError", "read_statement"]
