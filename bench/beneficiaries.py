"""Beneficiary changes (issue 17): DynamoDB calls per step of a request's life.

A member with a family-benefit plan (loaded through the import, as the core system would) asks
for a new list; an admin assigns it; the operator observes it; the member corrects it; the
operator approves it; both read it (the registration is computed on read from the plan). Each
request goes through ``chalice.test.Client`` against moto with the call counter, the session's
GetItem included. Three runs: one open request per plan, and the member's daily limit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from bench.figures import Figures, figures_of
from bench.support import Browser, CallCounter, Step, measure_steps, moto_stage, print_steps

RUNS = 3
DNI = "40000777"
LIST = [{"name": "ROSA MENDOZA", "dni": "41111111", "relationship": "Cónyuge",
         "percentage": "60.00"},
        {"name": "LUIS MENDOZA", "dni": "42222222", "relationship": "Hijo", "percentage": "40.00"}]


def _load_plan() -> None:
    """The member's plan through the import worker's own use case."""
    from chalicelib.domain.imports.kinds import IMPORT_KINDS
    from chalicelib.services.imports import imports
    from chalicelib.settings import settings
    from chalicelib.store.shared.aws import client

    row = {"dni": DNI, "plan_number": "0900077701", "monthly_fee": "30.00",
           "annual_payment": "360.00", "pending_installments": "9", "status": "active",
           "holder_death_amount": "6000.00", "beneficiary_death_amount": "6000.00",
           "beneficiary_name": "YAI", "relationship": "Hijo", "percentage": "100",
           "entitled": "false", "as_of": "2026-11-25"}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(IMPORT_KINDS["family_benefit"].columns),
                            lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerow(row)
    key = imports.object_key("family_benefit", "bench-beneficiaries")
    client("s3").put_object(Bucket=settings().imports_bucket, Key=key, Body=buffer.getvalue())
    imports.load_upload(settings().imports_bucket, key)


def _workflow(member: Browser, admin: Browser, operator: Browser) -> list[Step]:
    state: dict[str, str] = {}
    base = "/api/accounts/beneficiary-changes"

    def ask() -> None:
        plan = member.call("GET", "/api/accounts/family-benefit")["id"]
        state["id"] = member.call("POST", base, {"plan_id": plan, "beneficiaries": LIST})["id"]

    def path(suffix: str = "") -> str:
        return f"{base}/{state['id']}{suffix}"

    def move(status: str, observation: str | None = None) -> Callable[[], Any]:
        return lambda: operator.call("POST", path("/status"),
                                     {"status": status, "observation": observation})

    return [
        ("ask (member; + plan read)", ask),
        ("list (member, own)", lambda: member.call("GET", base)),
        ("list (admin, all states)", lambda: admin.call("GET", base)),
        ("assign (admin)", lambda: admin.call("POST", path("/assign"),
                                              {"operator_id": operator.user_id})),
        ("list (operator, assigned)", lambda: operator.call("GET", base)),
        ("read (operator)", lambda: operator.call("GET", path())),
        ("observed (operator)", move("observed", "Falta un DNI.")),
        ("correction (member)", lambda: member.call("POST", path("/correction"),
                                                    {"beneficiaries": LIST})),
        ("approved (operator)", move("approved")),
        ("read (member, registration)", lambda: member.call("GET", path())),
    ]


def run() -> Figures:
    from chalice.test import Client

    counter = CallCounter()
    with moto_stage(counter) as app:
        _load_plan()
        with Client(app) as client:
            people = (Browser(client, "member", "Socia", dni=DNI),
                      Browser(client, "admin", "Admin"), Browser(client, "operator", "Operador"))
            results = measure_steps(counter, lambda: _workflow(*people), RUNS)
    print_steps(results, "step", f"{RUNS} requests; session GetItem included", width=30)
    return figures_of("accounts", results)
