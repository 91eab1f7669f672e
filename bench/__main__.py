"""``make bench``: figures about speed and cost, printed (never asserted).

Each section is a function in ``bench/``; later issues add theirs to ``SECTIONS``.
"""

from __future__ import annotations

import sys
import time

from bench import accounts, audit, credit, identity, imports_cold, reports, tickets

SECTIONS = [
    ("Cold import of each capability's entry point", imports_cold.run),
    ("Identity: password hashing, login time and DynamoDB calls per login", identity.run),
    ("Buzón: DynamoDB calls and in-process time per ticket action", tickets.run),
    ("Member's money: DynamoDB calls and time per view; 100,000-row import", accounts.run),
    ("Credit: simulation time by installments, DynamoDB calls per workflow step", credit.run),
    ("Audit: viewer query time over 100,000 records, one actor and one day", audit.run),
    ("PDF reports: generation time and size by rows; cold import with fpdf2 on first use",
     reports.run),
]


def main() -> int:
    started = time.perf_counter()
    for title, section in SECTIONS:
        print(f"\n== {title} ==")
        section()
    print(f"\n(bench took {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
