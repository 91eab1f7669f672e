"""Members' alerts (issue 18): what the daily ``alerts`` job costs. Counted for real on moto
with a bounded sample (``SAMPLE`` members, each with a loan whose installment falls due within
the window and some with a fixed deposit maturing), run twice (the second run finds every alert
already sent); then priced per day and per month for 1,000 / 10,000 / 100,000 members with the
stated shares (a model, printed, never asserted).
"""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import yaml

from bench.figures import Figures
from bench.support import (
    CallCounter,
    app_seconds,
    aws_calls,
    by_operation,
    capacity_units,
    dynamodb_calls,
    moto_stage,
)

SAMPLE = 200
DEPOSIT_EVERY = 4
"""One sample member in four also has a fixed deposit maturing within its days."""
LOAN_SHARE = Decimal("0.50")
"""Members with an active loan (monthly installments)."""
DEPOSIT_SHARE = Decimal("0.10")
"""Members with an active fixed deposit (about 180 days long)."""
OVERDUE_SHARE = Decimal("0.05")
"""Loans behind on an installment that fell due within the last 30 days."""
AWS_CALL_SECONDS = Decimal("0.008")
"""A DynamoDB or SQS call from Lambda in the same region, sequential (the job makes them one by
one): the figure that turns calls into the function's time."""
MEMORY_GB = Decimal("0.25")
MEMBERS = (1_000, 10_000, 100_000)
PRICES = Path(__file__).with_name("aws_prices.yaml")


def _seed() -> None:
    from chalicelib.domain.shared.clock import iso_instant, lima_today, utc_now
    from chalicelib.domain.shared.products import ProductDocument
    from chalicelib.store.accounts import member_products
    from chalicelib.store.auth import users
    from chalicelib.store.shared.models import UserModel

    today, now = lima_today(), iso_instant(utc_now())
    docs = []
    for index in range(SAMPLE):
        dni = str(41000000 + index)
        users.create(UserModel(user_id=f"bench-{dni}", email=f"s{dni}@example.pe", dni=dni,
                               role="member", first_name="Ana", last_name="Flores",
                               sort_name="flores ana", status="active", created_at=now,
                               updated_at=now))
        due = today + timedelta(days=index % 4)
        docs.append(ProductDocument(dni=dni, product="loans", product_id=f"L{index}", data={
            "number": f"0210{index:09d}", "currency": "PEN", "status": "vigente",
            "schedule": [{"n": 1, "due_date": due.isoformat(), "total": "250.00",
                          "status": "pending"}]}))
        if index % DEPOSIT_EVERY == 0:
            matures_on = (today + timedelta(days=5)).isoformat()
            docs.append(ProductDocument(dni=dni, product="fixed_deposits", product_id=f"F{index}",
                                        data={"certificate": f"77{index:06d}", "currency": "PEN",
                                              "principal": "1000.00", "status": "active",
                                              "matures_on": matures_on}))
    member_products.put_products(docs)


def _run(counter: CallCounter, label: str) -> tuple[dict, Figures, dict]:
    from chalicelib.services.accounts.member_alerts import run_alerts

    with counter.counting() as calls:
        started = time.perf_counter()
        outcome = run_alerts()
        elapsed = time.perf_counter() - started
    reads, writes = capacity_units(calls)
    print(f"{label:<12} sent {outcome['sent']:>3}, already sent {outcome['already_sent']:>3}; "
          f"DynamoDB calls {dynamodb_calls(calls):>4} ({by_operation(calls)}); SQS "
          f"{aws_calls(calls, 'sqs')}; RRU {reads:.1f}, WRU {writes:.1f}; app time "
          f"{app_seconds(elapsed, calls):.2f} s")
    return outcome, Figures(), {"calls": dynamodb_calls(calls) + aws_calls(calls, "sqs"),
                                "reads": reads, "writes": writes}


def _prices() -> dict[str, Decimal]:
    from bench.cost_model import unit_prices

    return unit_prices(yaml.safe_load(PRICES.read_text(encoding="utf-8"))["services"])


def _price_table(per_candidate: dict[str, Decimal]) -> None:
    prices = _prices()
    print("\nPer day at scale (shares: loans 50 %, deposits 10 %, overdue 5 %; calls 8 ms each):")
    print(f"{'members':>8} {'read':>6} {'mails':>6} {'RRU':>8} {'WRU':>6} {'run s':>6} "
          f"{'USD/month':>10}")
    for members in MEMBERS:
        loans = members * LOAN_SHARE
        read = loans * (Decimal(4) / 30 + OVERDUE_SHARE) + members * DEPOSIT_SHARE * 8 / 180
        mails = loans / 30 + loans * OVERDUE_SHARE / 30 + members * DEPOSIT_SHARE / 180
        rru, wru = read * per_candidate["reads"], mails * per_candidate["writes"]
        seconds = read * per_candidate["calls"] * AWS_CALL_SECONDS
        month = 30 * (rru * prices["dynamodb.read_units"] + wru * prices["dynamodb.write_units"]
                      + mails * 3 * prices["sqs.requests"] + mails * prices["ses.emails"]
                      + seconds * MEMORY_GB * prices["lambda.gb_seconds"])
        print(f"{members:>8,} {read:>6.0f} {mails:>6.0f} {rru:>8.0f} {wru:>6.0f} "
              f"{seconds:>6.0f} {month:>10.2f}")
    print("(read: products the index Queries return; each costs a by_dni Query and a GetItem of "
          "the member; each mail one conditional PutItem, one SendMessage, the notifier's "
          "receive/delete and one SES e-mail. The run is sequential: at 100,000 members it takes "
          "about five minutes of the function's 900 s; beyond, one invocation per shard)")


def run() -> Figures:
    counter = CallCounter()
    with moto_stage(counter):
        _seed()
        print(f"{SAMPLE} members with a loan due within the window, "
              f"{SAMPLE // DEPOSIT_EVERY} of them with a deposit maturing")
        first, figures, cost = _run(counter, "first run")
        _run(counter, "second run")
    candidates = Decimal(first["sent"] + first["already_sent"] + first["turned_off"]
                         + first["no_account"])
    per_candidate = {name: Decimal(str(value)) / candidates for name, value in cost.items()}
    _price_table(per_candidate)
    return figures
