"""The member's money: DynamoDB calls and in-process time per accounts view, and the import
throughput of a 100,000-row movements file.

The demo cooperative (dev/demo_data.py) is loaded into moto through ``load_upload``; then each
view is requested through ``chalice.test.Client`` as the demo member (DNI 40000001), with
botocore's ``_make_api_call`` counted (``bench.support.CallCounter``), so the figures are the
calls each request really made, the session's GetItem included. Times are in-process with moto's
emulation (no network): compare them with each other, not with production latency. moto scans
the whole table on every Query, so these times grow with the demo's size; DynamoDB's don't.
"""

from __future__ import annotations

import csv
import io
import random
import resource
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from bench.support import CallCounter, by_operation, dynamodb_calls, moto_stage

RUNS = 7
MOVEMENT_ROWS = 100_000
MOVEMENT_MEMBERS = 1_000
DEMO_DNI = "40000001"
LATENCY_MS = 15
"""A typical BatchWriteItem latency in-region, for the estimate printed (not measured)."""


def _views(client: Any, token: str) -> list[tuple[str, str]]:
    from chalicelib.services.sessions import SESSION_COOKIE

    def get(path: str) -> Any:
        import json

        response = client.http.request("GET", path, headers={
            "Cookie": f"{SESSION_COOKIE}={token}"})
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} → {response.status_code}: {response.body!r}")
        is_json = response.headers.get("Content-Type", "").startswith("application/json")
        return json.loads(response.body) if is_json else response.body

    savings_id = get("/api/accounts/savings")["items"][0]["id"]
    loan_id = get("/api/accounts/loans")["items"][0]["id"]
    cursor = get("/api/accounts/movements?limit=20")["next_cursor"]
    return [
        ("dashboard", "/api/accounts/dashboard"),
        ("contributions", "/api/accounts/contributions"),
        ("savings", "/api/accounts/savings"),
        ("savings export (CSV)", "/api/accounts/savings/export"),
        ("savings/{id}/movements", f"/api/accounts/savings/{savings_id}/movements"),
        ("fixed-deposits", "/api/accounts/fixed-deposits"),
        ("movements (page 1)", "/api/accounts/movements?limit=20"),
        ("movements (page 2)", f"/api/accounts/movements?limit=20&cursor={cursor}"),
        ("movements (product+dates)",
         "/api/accounts/movements?product=savings&from=2026-01-01&to=2026-06-30"),
        ("loans", "/api/accounts/loans"),
        ("loans/{id} (schedule)", f"/api/accounts/loans/{loan_id}"),
        ("family-benefit", "/api/accounts/family-benefit"),
        ("cts", "/api/accounts/cts"),
    ]


def _load_demo() -> float:
    from chalicelib.services import imports
    from chalicelib.settings import settings
    from chalicelib.store.aws import client
    from dev.demo_data import core_system_files

    started = time.perf_counter()
    for kind, content in core_system_files().items():
        key = imports.object_key(kind, f"bench-{kind}")
        client("s3").put_object(Bucket=settings().imports_bucket, Key=key, Body=content)
        imports.load_upload(settings().imports_bucket, key)
    return time.perf_counter() - started


def _member_token() -> str:
    from chalicelib.domain.permissions import Role
    from chalicelib.domain.principal import RequestContext
    from chalicelib.services import sessions

    return sessions.start_session(user_id="bench-member", role=Role.MEMBER, dni=DEMO_DNI,
                                  totp_enabled=False, remember=False,
                                  context=RequestContext(ip="127.0.0.1", user_agent="bench")).token


class AwsClock:
    """Time spent inside botocore calls (moto's emulation, in-process), to tell it apart from
    the app's own time."""

    def __init__(self) -> None:
        self.seconds = 0.0

    @contextmanager
    def installed(self) -> Iterator[None]:
        from botocore.client import BaseClient

        original = BaseClient._make_api_call
        clock = self

        def timed(client: Any, operation_name: str, api_params: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(client, operation_name, api_params)
            finally:
                clock.seconds += time.perf_counter() - started

        BaseClient._make_api_call = timed  # type: ignore[method-assign]
        try:
            yield
        finally:
            BaseClient._make_api_call = original  # type: ignore[method-assign]


def _measure_views(client: Any, counter: CallCounter) -> None:
    token = _member_token()
    views = _views(client, token)
    clock = AwsClock()
    print(f"{'view':<28}{'DynamoDB':>9}  {'by operation':<22}{'median ms':>10}{'app ms':>8}"
          f"   ({RUNS} requests each; session GetItem included; app ms = without moto)")
    with clock.installed():
        for name, path in views:
            times, app_times, counts = [], [], []
            for _ in range(RUNS):
                with counter.counting() as calls:
                    clock.seconds = 0.0
                    started = time.perf_counter()
                    response = client.http.request("GET", path, headers={
                        "Cookie": f"coopac_session={token}"})
                    times.append(time.perf_counter() - started)
                    app_times.append(times[-1] - clock.seconds)
                if response.status_code != 200:
                    raise RuntimeError(f"{path} → {response.status_code}")
                counts.append(Counter(calls))
            typical = counts[-1]
            print(f"{name:<28}{dynamodb_calls(typical):>9}  {by_operation(typical):<22}"
                  f"{statistics.median(times) * 1000:>10.1f}"
                  f"{statistics.median(app_times) * 1000:>8.1f}")


def movements_file(rows: int = MOVEMENT_ROWS, members: int = MOVEMENT_MEMBERS) -> bytes:
    """A core-system movements export: ``rows`` movements of ``members`` members' savings."""
    rng = random.Random(4)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["dni", "movement_id", "product", "product_number", "date", "description",
                     "amount", "currency", "balance"])
    per_member = rows // members
    first_day = date(2024, 12, 1)
    for member in range(members):
        dni = str(41000000 + member)
        balance = 1000
        for n in range(per_member):
            amount = rng.randrange(-200, 400)
            balance = max(0, balance + amount)
            day = first_day + timedelta(days=n * 720 // per_member)
            writer.writerow([dni, f"B{dni}-{n:05d}", "savings", f"0011{dni[-6:]}01",
                             day.isoformat(), "DEPÓSITO" if amount >= 0 else "RETIRO",
                             f"{amount}.00", "PEN", f"{balance}.00"])
    return buffer.getvalue().encode("utf-8")


def _measure_import(counter: CallCounter) -> None:
    from chalicelib.services import imports
    from chalicelib.settings import settings
    from chalicelib.store.aws import client

    content = movements_file()
    key = imports.object_key("movements", "bench-100k")
    client("s3").put_object(Bucket=settings().imports_bucket, Key=key, Body=content)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    clock = AwsClock()
    with counter.counting() as calls, clock.installed():
        started = time.perf_counter()
        run = imports.load_upload(settings().imports_bucket, key)
        elapsed = time.perf_counter() - started
    if run is None or run.rows_loaded != MOVEMENT_ROWS:
        raise RuntimeError(f"the movements file did not load: {run and run.errors[:300]}")
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    writes = calls[("dynamodb", "BatchWriteItem")]
    print(f"movements file: {MOVEMENT_ROWS:,} rows, {len(content) / 1e6:.1f} MB, "
          f"{MOVEMENT_MEMBERS:,} members")
    print(f"loaded {run.rows_loaded:,} rows in {elapsed:.1f} s → "
          f"{run.rows_loaded / elapsed:,.0f} rows/s (moto in-process)")
    app_seconds = elapsed - clock.seconds
    print(f"of which {clock.seconds:.1f} s inside moto; the app's own work outside botocore "
          f"(read, check, build) {app_seconds:.1f} s → {run.rows_loaded / app_seconds:,.0f} rows/s")
    print(f"DynamoDB calls: {writes:,} BatchWriteItem (25 items each), "
          f"{sum(calls.values()) - writes} other; S3 streamed in 256 KiB chunks")
    print(f"on DynamoDB at ~{LATENCY_MS} ms a BatchWriteItem, the writes alone take "
          f"~{writes * LATENCY_MS / 1000:.0f} s: well inside a 15-minute Lambda")
    print(f"peak RSS grew by {max(0, rss_after - rss_before) / 1024:.0f} MB while loading "
          "(moto keeps every item in this process too)")


def run() -> None:
    counter = CallCounter()
    with moto_stage(counter) as app:
        from chalice.test import Client

        print(f"demo cooperative loaded through load_upload in {_load_demo():.1f} s")
        with Client(app) as client:
            _measure_views(client, counter)
        print()
        _measure_import(counter)
