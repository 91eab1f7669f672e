"""``make bench``: figures about speed and cost, printed (never asserted).

Each section is a function in ``bench/`` that prints its figures and returns them
(``bench.figures.Figures``); the last one, ``cost``, prices what the others measured.
``python -m bench`` runs them all; ``python -m bench <name> ...`` runs only those named (``cost``
alone first runs the sections it needs, without printing them).
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from collections.abc import Callable

from bench import (
    accounts,
    alerts,
    audit,
    beneficiaries,
    complaints,
    complaints_escalation,
    cost,
    credit,
    data_archive,
    identity,
    imports_cold,
    lifecycle,
    lighthouse,
    payday,
    reports,
    routing,
    staff_reads,
    tickets,
)
from bench.figures import Figures

Section = Callable[[], Figures]
SECTIONS: list[tuple[str, str, Section]] = [
    ("imports_cold", "Cold import of each capability's entry point", imports_cold.run),
    ("identity", "Identity: password hashing, login time and DynamoDB calls per login",
     identity.run),
    ("tickets", "Buzón: DynamoDB calls and in-process time per ticket action", tickets.run),
    ("accounts", "Member's money: DynamoDB calls and time per view; 100,000-row import",
     accounts.run),
    ("credit", "Credit: simulation time by installments, DynamoDB calls per workflow step",
     credit.run),
    ("beneficiaries", "Beneficiary changes: DynamoDB calls per step of a request's life "
     "(issue 17)", beneficiaries.run),
    ("audit", "Audit: viewer query time over 100,000 records, one actor and one day", audit.run),
    ("reports", "PDF reports: generation time and size by rows; cold import with fpdf2 on first "
     "use", reports.run),
    ("staff_reads", "Staff and public reads: staff home counts, user search, report check",
     staff_reads.run),
    ("routing", "Routing: the admin's rules, a new case under a round robin, shared queues and "
     "taking a case (issue 17)", routing.run),
    ("lifecycle", "Product lifecycle: a full-snapshot import closing the loans it omits, and run "
     "again (issue 17)", lifecycle.run),
    ("alerts", "Members' alerts: the daily job's DynamoDB calls, mails and time, run twice; "
     "priced for 1,000 / 10,000 / 100,000 members (issue 18)", alerts.run),
    ("complaints", "Libro de Reclamaciones: DynamoDB calls per step of a sheet, its PDF and its "
     "two e-mails (issue 18)", complaints.run),
    ("complaints_escalation", "Libro de Reclamaciones for admins: the summary's near-due reading "
     "and reminders, the staff home count, a twelve-month CSV export (issue 18)",
     complaints_escalation.run),
    ("data_archive", "«Mis datos»: the import worker's calls, time and zip size per member's "
     "archive by movements; priced per archive and per month (issue 18)", data_archive.run),
    ("lighthouse", "The member's first screen on a phone: Lighthouse (mobile, simulated "
     "throttling) on the login page and Inicio (issue 19)", lighthouse.run),
]
SECTIONS.append(("payday", "Payday: the peak a membership brings, the API Gateway limits it "
                 "sets and each stage's (issue 19)", payday.run))
COST = ("cost", "Cost and speed model: per function and per request; monthly AWS bill by "
        "members", cost.run)


def main(argv: list[str]) -> int:
    known = [name for name, _, _ in SECTIONS] + [COST[0]]
    wanted = argv or known
    unknown = [name for name in wanted if name not in known]
    if unknown:
        print(f"unknown section {', '.join(unknown)}; known: {', '.join(known)}",
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    figures = Figures()
    for name, title, section in SECTIONS:
        if name in wanted:
            print(f"\n== {title} ==")
            figures.merge(section())
    if COST[0] in wanted:
        missing = [name for name, _, section in SECTIONS
                   if name in cost.FEEDS and name not in wanted]
        for name, _, section in SECTIONS:
            if name in missing:
                print(f"(running {name} for its figures)", flush=True)
                with contextlib.redirect_stdout(io.StringIO()):
                    figures.merge(section())
        print(f"\n== {COST[1]} ==")
        COST[2](figures)
    print(f"\n(bench took {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
