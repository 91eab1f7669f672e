"""DynamoDB calls and in-process time per buzón action, counted for real.

Every request goes through ``chalice.test.Client`` (the same edge as production: session check,
CSRF, permission, error mapping) against moto. ``botocore.client.BaseClient._make_api_call`` is
wrapped with a counter, so each figure is the number of AWS API calls the action really made,
including the session's GetItem that every authenticated request pays. Times are in-process
(moto's emulation included, no network), the median of several runs: compare them with each
other, not with production latency.
"""

from __future__ import annotations

from bench.figures import Figures, figures_of
from bench.support import Browser, CallCounter, Step, measure_steps, moto_stage, print_steps

RUNS = 12


def _conversation(member: Browser, admin: Browser, operator: Browser) -> list[Step]:
    """One ticket's life, as the steps to measure (each a single HTTP request)."""
    state: dict[str, str] = {}

    def create() -> None:
        state["id"] = member.call("POST", "/api/tickets", {
            "subject": "Consulta de aportes", "category": "aportes",
            "message": "¿Cuándo se refleja mi aporte de este mes?"})["id"]

    def path(suffix: str = "") -> str:
        return f"/api/tickets/{state['id']}{suffix}"

    return [
        ("create (member)", create),
        ("list (member, own)", lambda: member.call("GET", "/api/tickets")),
        ("list (admin, all statuses)", lambda: admin.call("GET", "/api/tickets")),
        ("list (admin, status=open)", lambda: admin.call("GET", "/api/tickets?status=open")),
        ("assign (admin)", lambda: admin.call("POST", path("/assign"),
                                              {"operator_id": operator.user_id})),
        ("list (operator, assigned)", lambda: operator.call("GET", "/api/tickets")),
        ("read, unread → marks read", lambda: operator.call("GET", path())),
        ("read again (already read)", lambda: operator.call("GET", path())),
        ("reply (operator → member)", lambda: operator.call("POST", path("/messages"),
                                                            {"body": "Se refleja el día 5."})),
        ("reply (member → operator)", lambda: member.call("POST", path("/messages"),
                                                          {"body": "Gracias."})),
        ("status (operator, resolved)", lambda: operator.call("POST", path("/status"),
                                                              {"status": "resolved"})),
        ("reply reopening (member)", lambda: member.call("POST", path("/messages"),
                                                         {"body": "Aún no lo veo."})),
    ]


def run() -> Figures:
    from chalice.test import Client

    counter = CallCounter()
    with moto_stage(counter) as app, Client(app) as client:
        people = (Browser(client, "member", "Socia"), Browser(client, "admin", "Admin"),
                  Browser(client, "operator", "Operador"))
        results = measure_steps(counter, lambda: _conversation(*people), RUNS)
    print_steps(results, "action", f"{RUNS} tickets; the session GetItem is included")
    return figures_of("tickets", results)
