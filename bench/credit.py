"""Credit: simulation time by number of installments, and DynamoDB calls per workflow step.

The simulation is timed in-process (the pure domain: due dates, the SBS table, the TCEA by
Newton's method in Decimal; then the API view), the median of several runs. The workflow runs
every request through ``chalice.test.Client`` against moto with ``bench.tickets``' call counter,
so each figure is the AWS API calls the step really made, the session's GetItem included.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from bench.figures import Figures, figures_of
from bench.support import Browser, CallCounter, Step, measure_steps, moto_stage, print_steps

SIMULATION_RUNS = 15
WORKFLOW_RUNS = 4
TERMS = (12, 60, 360)
PRODUCT = {
    "name": "PTMO. BENCH", "tea": "0.1800", "insurance_monthly_rate": "0.0006",
    "min_amount": "500", "max_amount": "100000", "terms_months": list(TERMS),
    "payment_methods": ["planilla", "ventanilla"], "payroll_day": None,
}


def _median_ms(action: Callable[[], Any], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def simulation_times() -> None:
    from chalicelib.domain.credit import amortization
    from chalicelib.domain.credit.products import (
        parse_product,
        parse_simulation_request,
        simulate,
        simulation_view,
    )

    product = parse_product("BENCH", PRODUCT)
    today = date(2026, 5, 12)
    print(f"{'installments':<14}{'schedule ms':>12}{'+ API view ms':>15}{'installment':>13}"
          f"{'last':>10}{'TCEA':>8}   (median of {SIMULATION_RUNS}, in-process)")
    for term in TERMS:
        request = parse_simulation_request({"product_code": "BENCH", "amount": "30000",
                                            "term_months": term,
                                            "payment_method": "ventanilla"}, today)
        table = amortization.simulate(Decimal("30000"), product.tea,
                                      product.insurance_monthly_rate, today, term, "ventanilla")
        core = _median_ms(lambda r=request: simulate(r, product), SIMULATION_RUNS)
        full = _median_ms(lambda r=request: simulation_view(r, product, simulate(r, product)),
                          SIMULATION_RUNS)
        print(f"{term:<14}{core:>12.1f}{full:>15.1f}{table.installment:>13}"
              f"{table.rows[-1].total:>10}{table.tcea_presented:>8}")



def _workflow(member: Browser, admin: Browser, operator: Browser) -> list[Step]:
    """One application's life, as the steps to measure (each a single HTTP request)."""
    state: dict[str, str] = {}
    inputs = {"product_code": "BENCH", "amount": "12000", "term_months": 12,
              "payment_method": "planilla"}

    def submit() -> None:
        state["id"] = member.call("POST", "/api/credit/applications", inputs)["id"]

    def path(suffix: str = "") -> str:
        return f"/api/credit/applications/{state['id']}{suffix}"

    def move(status: str, observation: str | None = None) -> Callable[[], Any]:
        return lambda: operator.call("POST", path("/status"),
                                     {"status": status, "observation": observation})

    return [
        ("products (member)", lambda: member.call("GET", "/api/credit/products")),
        ("simulate (member, 12)", lambda: member.call("POST", "/api/credit/simulations",
                                                      inputs)),
        ("submit (member)", submit),
        ("list (member, own)", lambda: member.call("GET", "/api/credit/applications")),
        ("list (admin, all statuses)", lambda: admin.call("GET", "/api/credit/applications")),
        ("assign (admin)", lambda: admin.call("POST", path("/assign"),
                                              {"operator_id": operator.user_id})),
        ("list (operator, assigned)", lambda: operator.call("GET",
                                                            "/api/credit/applications")),
        ("read (operator)", lambda: operator.call("GET", path())),
        ("in_review (operator)", move("in_review")),
        ("observed (operator)", move("observed", "Adjunte su boleta.")),
        ("in_review again", move("in_review")),
        ("approved (operator)", move("approved")),
        ("disbursed (operator)", move("disbursed")),
        ("read (member)", lambda: member.call("GET", path())),
        ("stats (operator)", lambda: operator.call("GET", "/api/credit/stats")),
    ]


def workflow_calls() -> Figures:
    from chalice.test import Client

    counter = CallCounter()
    with moto_stage(counter) as app:
        from chalicelib.domain.credit.products import parse_product
        from dev.credit_products import add_product_if_missing

        add_product_if_missing(parse_product("BENCH", PRODUCT))
        with Client(app) as client:
            people = (Browser(client, "member", "Socia"), Browser(client, "admin", "Admin"),
                      Browser(client, "operator", "Operador"))
            results = measure_steps(counter, lambda: _workflow(*people), WORKFLOW_RUNS)
    print_steps(results, "step", f"{WORKFLOW_RUNS} applications; session GetItem included",
                width=28)
    return figures_of("credit", results)


def run() -> Figures:
    simulation_times()
    print()
    return workflow_calls()
