"""DynamoDB calls of routing (issue 17): the admin's «Reparto de casos» (read and set a rule), a
new ticket and a new application under a round robin (the create plus the rule, the turn, the
operator and the assignment), the shared queues' lists and taking a case. Counted for real, like
``bench/staff_reads.py``: each request goes through ``chalice.test.Client`` against moto with
``botocore``'s calls counted (the session's GetItem included). No figure may come from a Scan.
"""

from __future__ import annotations

import itertools
from typing import Any

from bench.figures import Figures, figures_of
from bench.support import Browser, CallCounter, Step, measure_steps, moto_stage, print_steps

RUNS = 6
_AMOUNTS = itertools.count(10000)


def _catalogue() -> None:
    from bench.credit import PRODUCT
    from chalicelib.domain.credit.products import parse_product
    from dev.credit_products import add_product_if_missing

    add_product_if_missing(parse_product("BENCH", PRODUCT))


def _rules(admin: Browser, first: Browser, second: Browser) -> None:
    both = [first.user_id, second.user_id]
    for queue, mode in (("ticket/acceso", "round_robin"), ("credit/BENCH", "round_robin"),
                        ("ticket/ahorros", "shared_queue")):
        admin.call("PUT", f"/api/admin/routing/{queue}", {"mode": mode, "operators": both})


def _ticket(member: Browser, category: str) -> str:
    return str(member.call("POST", "/api/tickets", {
        "subject": "Consulta", "category": category, "message": "¿Me ayudan, por favor?"})["id"])


def _application(member: Browser) -> Any:
    return member.call("POST", "/api/credit/applications", {
        "product_code": "BENCH", "amount": str(next(_AMOUNTS)), "term_months": 12,
        "payment_method": "planilla"})


def _steps(admin: Browser, member: Browser, operator: Browser, waiting: list[str]) -> list[Step]:
    rule = {"mode": "shared_queue", "operators": [operator.user_id]}
    return [
        ("reparto: every rule (admin)", lambda: admin.call("GET", "/api/admin/routing")),
        ("reparto: set a rule (admin)",
         lambda: admin.call("PUT", "/api/admin/routing/ticket/ahorros", rule)),
        ("new ticket, round robin", lambda: _ticket(member, "acceso")),
        ("new application, round robin", lambda: _application(member)),
        ("ticket shared queue (operator)", lambda: operator.call("GET", "/api/tickets/queue")),
        ("credit shared queue (operator)",
         lambda: operator.call("GET", "/api/credit/applications/queue")),
        ("take a ticket (operator)",
         lambda: operator.call("POST", f"/api/tickets/{waiting.pop()}/take")),
    ]


def run() -> Figures:
    from chalice.test import Client

    counter = CallCounter()
    with moto_stage(counter) as app, Client(app) as client:
        _catalogue()
        admin = Browser(client, "admin", "Admin")
        member = Browser(client, "member", "Socia", dni="41000001")
        operator = Browser(client, "operator", "Operador")
        _rules(admin, operator, Browser(client, "operator", "Operadora"))
        waiting = [_ticket(member, "ahorros") for _ in range(RUNS)]
        results = measure_steps(counter, lambda: _steps(admin, member, operator, waiting), RUNS)
    print_steps(results, "routing", f"{RUNS} runs; session GetItem included", width=34)
    return figures_of("routing", results)

