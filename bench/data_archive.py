"""«Mis datos» (issue 18): what one member's archive costs the import worker. Counted for real on
moto with bounded members (a few products, ``TICKETS`` tickets and ``MOVEMENTS`` movements each
size), then priced per archive and per month for 1,000 / 10,000 / 100,000 members with a stated
share asking once a month (a model, printed, never asserted).
"""

from __future__ import annotations

import time
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

MOVEMENTS = (100, 1_000, 5_000)
TICKETS = 5
ASKING_SHARE = Decimal("0.02")
"""Members who download their data in a month."""
AWS_CALL_SECONDS = Decimal("0.008")
MEMORY_GB = Decimal("1")
MEMBERS = (1_000, 10_000, 100_000)
PRICES = Path(__file__).with_name("aws_prices.yaml")


def _member(index: int, movements: int) -> tuple[str, str]:
    from chalicelib.domain.shared.clock import iso_instant, utc_now
    from chalicelib.domain.shared.products import MovementDocument, ProductDocument
    from chalicelib.store.accounts import member_products
    from chalicelib.store.auth import users
    from chalicelib.store.shared.models import TicketMessageModel, TicketModel, UserModel

    dni, user_id, now = str(42000000 + index), f"bench-archive-{index}", iso_instant(utc_now())
    users.create(UserModel(user_id=user_id, email=f"a{dni}@example.pe", dni=dni, role="member",
                           first_name="Ana", last_name="Flores", sort_name="flores ana",
                           status="active", created_at=now, updated_at=now))
    schedule = [{"n": n, "due_date": f"2027-{(n - 1) % 12 + 1:02d}-15", "total": "250.00",
                 "status": "pending"} for n in range(1, 37)]
    member_products.put_products([
        ProductDocument(dni=dni, product="loans", product_id="L1",
                        data={"number": "0210001", "balance": "8000.00", "schedule": schedule}),
        ProductDocument(dni=dni, product="savings", product_id="S1", data={"balance": "900.00"}),
    ])
    member_products.put_movements(
        MovementDocument(dni=dni, movement_id=f"M{n}",
                         date=f"2026-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                         product="savings", product_id="S1",
                         data={"description": "DEPÓSITO", "amount": "50.00", "balance": "900.00"})
        for n in range(movements))
    for n in range(TICKETS):
        TicketModel(ticket_id=f"{user_id}-t{n}", number=n, member_id=user_id, status="open",
                    category="aportes", subject="Consulta", created_at=now,
                    updated_at=now).save()
        TicketMessageModel(ticket_id=f"{user_id}-t{n}", message_key=f"{now}#m", author_id=user_id,
                           author_role="member", author_name="Ana", body="¿Y mi saldo?",
                           created_at=now).save()
    return user_id, dni


def _build(counter: CallCounter, movements: int, index: int) -> dict[str, Decimal]:
    from chalicelib.domain.reports.data_archive import KEPT_FOR
    from chalicelib.domain.shared.clock import iso_instant, utc_now
    from chalicelib.services.reports import data_archives
    from chalicelib.store.shared.models import DataArchiveModel

    user_id, dni = _member(index, movements)
    now = utc_now()
    DataArchiveModel(user_id, f"bench{index}", status="building", requested_at=iso_instant(now),
                     expires_at=now + KEPT_FOR).save()
    with counter.counting() as calls:
        started = time.perf_counter()
        data_archives.build_archive({"user_id": user_id, "archive_id": f"bench{index}",
                                     "dni": dni})
        elapsed = time.perf_counter() - started
    size = int(DataArchiveModel.get(user_id, f"bench{index}").size_bytes or 0)
    reads, writes = capacity_units(calls)
    print(f"{movements:>6} movements: zip {size / 1024:>7.1f} KiB; DynamoDB calls "
          f"{dynamodb_calls(calls):>3} ({by_operation(calls)}); S3 {aws_calls(calls, 's3')}, "
          f"SQS {aws_calls(calls, 'sqs')}; RRU {reads:.1f}, WRU {writes:.1f}; app time "
          f"{app_seconds(elapsed, calls):.2f} s")
    return {"calls": Decimal(aws_calls(calls)), "reads": Decimal(str(reads)),
            "writes": Decimal(str(writes)), "seconds": Decimal(str(app_seconds(elapsed, calls))),
            "bytes": Decimal(size)}


def _price_table(per_archive: dict[str, Decimal]) -> None:
    from bench.cost_model import unit_prices

    prices = unit_prices(yaml.safe_load(PRICES.read_text(encoding="utf-8"))["services"])
    seconds = per_archive["seconds"] + per_archive["calls"] * AWS_CALL_SECONDS
    one = (per_archive["reads"] * prices["dynamodb.read_units"]
           + per_archive["writes"] * prices["dynamodb.write_units"]
           + prices["s3.put_requests"] + prices["s3.get_requests"]
           + per_archive["bytes"] / 2**30 * prices["s3.transfer_out_gb"]
           + 6 * prices["sqs.requests"] + prices["ses.emails"]
           + seconds * MEMORY_GB * prices["lambda.gb_seconds"] + prices["lambda.requests"])
    print(f"\nOne archive of the 1,000-movement member: {seconds:.2f} s of the worker (calls "
          f"{AWS_CALL_SECONDS * 1000:.0f} ms each), USD {one:.6f} (DynamoDB, S3 put + download, "
          "SQS job and mail, one SES e-mail, Lambda at 1 GB)")
    print(f"Per month, {ASKING_SHARE * 100:.0f} % of members asking once:")
    for members in MEMBERS:
        archives = members * ASKING_SHARE
        print(f"{members:>8,} members: {archives:>6.0f} archives, USD {archives * one:>8.4f}")


def run() -> Figures:
    counter = CallCounter()
    results = []
    with moto_stage(counter):
        for index, movements in enumerate(MOVEMENTS):
            results.append(_build(counter, movements, index))
    _price_table(results[1])
    return Figures()
