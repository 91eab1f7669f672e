"""DynamoDB calls of the read paths added for the staff and the public (issues 16 and 17):
the staff home's counts, the Usuarios search by part of an e-mail or DNI, «Productos del socio»
from a ticket, and the public check of a report's code. Counted for real, like
``bench/tickets.py``: each request goes through ``chalice.test.Client`` against moto with
``botocore``'s calls counted (the session's GetItem included where there is a session). No
figure here may come from a Scan: the by-operation column shows what each request really made.
"""

from __future__ import annotations

import json
from typing import Any

from bench.figures import Figures, figures_of
from bench.support import (
    Browser,
    CallCounter,
    Step,
    measure_steps,
    moto_stage,
    print_steps,
    request_headers,
)

RUNS = 8
MEMBERS = 300
"""Enough members that the partial searches read more than one page of the by_role index."""


def _members(client: Any) -> list[Browser]:
    return [Browser(client, "member", f"Socio{n:03d}", dni=f"{41000000 + n}")
            for n in range(MEMBERS)]


def _open_tickets(member: Browser, admin: Browser, operator: Browser) -> str:
    """Six tickets, every other one assigned to ``operator``; the id of the last assigned."""
    assigned = ""
    for n in range(6):
        ticket = member.call("POST", "/api/tickets", {
            "subject": f"Consulta {n}", "category": "aportes",
            "message": "¿Cuándo se refleja mi aporte de este mes?"})
        if n % 2:
            admin.call("POST", f"/api/tickets/{ticket['id']}/assign",
                       {"operator_id": operator.user_id})
            assigned = str(ticket["id"])
    return assigned


def _issued_code() -> str:
    from chalicelib.domain.reports import verification
    from chalicelib.domain.shared.clock import utc_now
    from chalicelib.store.reports import verifications

    code = verification.new_code()
    verifications.save(verification.new_record(
        code, kind="contributions", title="Estado de aportes", issued_at=utc_now(),
        member_name="María Elena Quispe Rojas", dni="41000001",
        object_key="reports/2026/11/bench.pdf", report_id="bench", sha256="0" * 64))
    return code


def _verify(client: Any, code: str) -> Any:
    """The public check: no session, as a stranger's browser sends it."""
    response = client.http.request("POST", "/api/reports/verify",
                                   headers=request_headers(json_body=True),
                                   body=json.dumps({"code": code}).encode())
    return response.status_code


def _steps(client: Any, admin: Browser, operator: Browser, someone: Browser,
           code: str, ticket_id: str) -> list[Step]:
    email = f"{someone.user_id[:8]}@bench.pe"
    products = f"/api/tickets/{ticket_id}/member-products"
    return [
        # «Productos del socio» (issue 17): the ticket, the member's account, one Query of the
        # products, the audit record
        ("member products (ticket)", lambda: operator.call("GET", products)),
        ("ticket stats (admin)", lambda: admin.call("GET", "/api/tickets/stats")),
        ("ticket stats (operator)", lambda: operator.call("GET", "/api/tickets/stats")),
        ("credit stats (admin)", lambda: admin.call("GET", "/api/credit/stats")),
        # the admin dashboard (issue 19): one BatchGetItem of counters kept on write
        ("admin dashboard", lambda: admin.call("GET", "/api/admin/dashboard")),
        ("users: complete e-mail", lambda: admin.call("GET", f"/api/admin/users?q={email}")),
        ("users: 8-digit DNI", lambda: admin.call("GET", "/api/admin/users?q=41000007")),
        ("users: part of e-mail", lambda: admin.call("GET", "/api/admin/users?q=bench.pe")),
        ("users: DNI's first digits", lambda: admin.call("GET", "/api/admin/users?q=4100001")),
        ("users: surname prefix", lambda: admin.call("GET", "/api/admin/users?q=bench")),
        ("verify a code (public)", lambda: _verify(client, code)),
        ("verify unknown code (404)", lambda: _verify(client, "AAAA-BBBB-CCCC-DDDD")),
    ]


def run() -> Figures:
    from chalice.test import Client

    counter = CallCounter()
    with moto_stage(counter) as app, Client(app) as client:
        admin = Browser(client, "admin", "Admin")
        operator = Browser(client, "operator", "Operador")
        members = _members(client)
        ticket_id = _open_tickets(members[0], admin, operator)
        code = _issued_code()
        results = measure_steps(
            counter, lambda: _steps(client, admin, operator, members[1], code, ticket_id), RUNS)
    print_steps(results, "read", f"{RUNS} runs, {MEMBERS} members; session GetItem included")
    return figures_of("staff_reads", results)
