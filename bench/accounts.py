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
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from bench import import_changes
from bench.figures import Figures, ImportKind, request_of
from bench.support import (
    Browser,
    CallCounter,
    Calls,
    app_seconds,
    aws_calls,
    by_operation,
    capacity_units,
    dynamodb_calls,
    moto_stage,
    request_headers,
)

RUNS = 7
MOVEMENT_ROWS = 100_000
MOVEMENT_MEMBERS = 1_000
DEMO_DNI = "40000001"
LATENCY_MS = 15
"""A typical BatchWriteItem latency in-region, for the estimate printed (not measured)."""


def _views(client: Any, token: str) -> list[tuple[str, str]]:

    def get(path: str) -> Any:
        import json

        response = client.http.request("GET", path, headers=request_headers(token=token))
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


def _import_kind(kind: str, rows: int, seconds: float, calls: Calls, size: int) -> ImportKind:
    writes = int(calls[("dynamodb", "BatchWriteItem")])
    return ImportKind(kind=kind, rows=rows, batch_writes=writes,
                      write_units=capacity_units(calls)[1],
                      app_seconds=app_seconds(seconds, calls),
                      other_calls=aws_calls(calls) - writes, file_bytes=size)


def _load_demo(counter: CallCounter, figures: Figures) -> float:
    """Loads the demo cooperative; each kind's load is counted (its per-row cost)."""
    from chalicelib.services.imports import imports
    from chalicelib.settings import settings
    from chalicelib.store.shared.aws import client
    from dev.demo_data import core_system_files

    started = time.perf_counter()
    for kind, content in core_system_files().items():
        key = imports.object_key(kind, f"bench-{kind}")
        client("s3").put_object(Bucket=settings().imports_bucket, Key=key, Body=content)
        with counter.counting() as calls:
            begun = time.perf_counter()
            run = imports.load_upload(settings().imports_bucket, key)
            elapsed = time.perf_counter() - begun
        if run is not None and run.rows_loaded:
            figures.imports[kind] = _import_kind(kind, run.rows_loaded, elapsed, calls,
                                                 len(content))
    return time.perf_counter() - started


def _member_token() -> str:
    """A session of the demo member's account (authentication reads the session's user too,
    for its security stamp, so the account exists)."""
    from chalicelib.domain.shared.clock import iso_instant, utc_now
    from chalicelib.domain.shared.permissions import Role
    from chalicelib.domain.shared.principal import RequestContext
    from chalicelib.services.auth import sessions
    from chalicelib.store.auth import users
    from chalicelib.store.shared.models import UserModel

    now = iso_instant(utc_now())
    user = users.get("bench-member")
    if user is None:  # no DNI claim: the session carries the demo member's DNI
        user = UserModel(
            user_id="bench-member", email="bench-member@bench.pe", role="member",
            first_name="Socio", last_name="Bench", sort_name="bench socio", status="active",
            created_at=now, updated_at=now)
        users.create(user)
    return sessions.start_session(user_id=user.user_id, role=Role.MEMBER, dni=DEMO_DNI,
                                  totp_enabled=False, remember=False,
                                  context=RequestContext(ip="127.0.0.1", user_agent="bench"),
                                  security_stamp=users.security_stamp(user)).token


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


def _measure_views(client: Any, counter: CallCounter) -> Figures:
    figures = Figures()
    token = _member_token()
    views = _views(client, token)
    print(f"{'view':<28}{'DynamoDB':>9}  {'by operation':<22}{'median ms':>10}{'app ms':>8}"
          f"{'RRU':>7}   ({RUNS} requests each; session GetItem included; app ms = without "
          "moto; RRU estimated)")
    for name, path in views:
        times, counts = [], []
        for _ in range(RUNS):
            with counter.counting() as calls:
                started = time.perf_counter()
                response = client.http.request("GET", path,
                                               headers=request_headers(token=token))
                times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"{path} → {response.status_code}")
            counts.append(Counter(calls))
        typical = counts[-1]
        request = request_of("accounts", name, times, counts)
        figures.add(request)
        print(f"{name:<28}{dynamodb_calls(typical):>9}  {by_operation(typical):<22}"
              f"{request.median_ms:>10.1f}{request.app_ms:>8.1f}{request.read_units:>7g}")
    return figures


def _registration_body(n: int) -> dict[str, Any]:
    from dev.demo_data import REGISTRATION_DNIS, registration_birth_date

    dni = REGISTRATION_DNIS[n]
    return {"dni": str(dni), "birth_date": registration_birth_date(dni).isoformat(),
            "email": f"socia.{dni}@bench.pe", "password": "Clave-Segura-2026",
            "password_confirmation": "Clave-Segura-2026", "accept_terms": True}


def _statement_body(member: Browser) -> dict[str, str]:
    """A savings statement of the demo member's first account for this year (issue 17): one
    by_product Query for the account and its movements, one GetItem for the name."""
    from chalicelib.domain.shared.clock import lima_today

    today = lima_today()
    account = member.call("GET", "/api/accounts/savings")["items"][0]["id"]
    return {"kind": "savings_statement", "id": account, "from": f"{today.year}-01-01",
            "to": today.isoformat()}


def _measure_other_requests(client: Any, counter: CallCounter) -> Figures:
    """Requests no other section makes, priced by the cost section: the SPA's session check,
    a PDF report, a sign-up and the admin dashboard (with the demo cooperative loaded)."""
    import json

    member = Browser(client, "member", "Socia", dni=DEMO_DNI)
    admin = Browser(client, "admin", "Admin")
    signups = iter(range(len(_REGISTRATIONS)))

    def sign_up() -> None:
        body = json.dumps(_registration_body(next(signups))).encode()
        response = client.http.request(
            "POST", "/api/registration", body=body,
            headers=request_headers(json_body=True))
        if response.status_code != 202:
            raise RuntimeError(f"sign-up → {response.status_code}: {response.body!r}")

    statement = _statement_body(member)
    cases = [
        ("auth", "session (SPA load)", lambda: member.call("GET", "/api/auth/session")),
        ("reports", "contributions PDF", lambda: member.call("POST", "/api/reports",
                                                            {"kind": "contributions"})),
        ("reports", "savings statement PDF",
         lambda: member.call("POST", "/api/reports", statement)),
        ("registration", "sign-up", sign_up),
        ("admin", "dashboard", lambda: admin.call("GET", "/api/admin/dashboard")),
    ]
    figures = Figures()
    print(f"\n{'other request':<34}{'DynamoDB':>9}  {'by operation':<46}{'other AWS':<12}"
          f"{'median ms':>10}{'RRU':>7}{'WRU':>7}")
    for capability, name, action in cases:
        times, counts = [], []
        for _ in range(3):
            with counter.counting() as calls:
                started = time.perf_counter()
                action()
                times.append(time.perf_counter() - started)
            counts.append(Counter(calls))
        request = request_of(capability, name, times, counts)
        figures.add(request)
        others = ", ".join(f"{n} {s}" for s, n in request.calls.items()
                           if s != "dynamodb" and n)
        print(f"{request.key:<34}{request.calls['dynamodb']:>9}  "
              f"{by_operation(counts[-1]):<46}{others or '-':<12}{request.median_ms:>10.1f}"
              f"{request.read_units:>7g}{request.write_units:>7g}")
    return figures


_REGISTRATIONS = range(3)


def movements_file(rows: int = MOVEMENT_ROWS, members: int = MOVEMENT_MEMBERS,
                   changed: float = 0.0) -> bytes:
    """A core-system movements export: ``rows`` movements of ``members`` members' savings;
    with ``changed``, the same export with that share of its rows (spread evenly) described
    differently, as the next night's export of rows the core system corrected."""
    rng = random.Random(4)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["dni", "movement_id", "product", "product_number", "date", "description",
                     "amount", "currency", "balance"])
    per_member = rows // members
    first_day = date(2024, 12, 1)
    row = 0
    for member in range(members):
        dni = str(41000000 + member)
        balance = 1000
        for n in range(per_member):
            amount = rng.randrange(-200, 400)
            balance = max(0, balance + amount)
            day = first_day + timedelta(days=n * 720 // per_member)
            description = "DEPÓSITO" if amount >= 0 else "RETIRO"
            if int((row + 1) * changed) > int(row * changed):
                description += " CORREGIDO"
            row += 1
            writer.writerow([dni, f"B{dni}-{n:05d}", "savings", f"0011{dni[-6:]}01",
                             day.isoformat(), description, f"{amount}.00", "PEN",
                             f"{balance}.00"])
    return buffer.getvalue().encode("utf-8")


def _measure_import(counter: CallCounter) -> ImportKind:
    from chalicelib.services.imports import imports
    from chalicelib.settings import settings
    from chalicelib.store.shared.aws import client

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
    own_seconds = elapsed - clock.seconds
    print(f"of which {clock.seconds:.1f} s inside moto; the app's own work outside botocore "
          f"(read, check, build) {own_seconds:.1f} s → {run.rows_loaded / own_seconds:,.0f} rows/s")
    print(f"DynamoDB calls: {writes:,} BatchWriteItem (25 items each), "
          f"{aws_calls(calls) - writes} other; S3 streamed in 256 KiB chunks; "
          f"~{capacity_units(calls)[1]:,.0f} WRU (estimated, index writes included)")
    print(f"on DynamoDB at ~{LATENCY_MS} ms a BatchWriteItem, the writes alone take "
          f"~{writes * LATENCY_MS / 1000:.0f} s: well inside a 15-minute Lambda")
    print(f"peak RSS grew by {max(0, rss_after - rss_before) / 1024:.0f} MB while loading "
          "(moto keeps every item in this process too)")
    return _import_kind("movements", run.rows_loaded, elapsed, calls, len(content))


def run() -> Figures:
    figures = Figures()
    counter = CallCounter()
    with moto_stage(counter) as app:
        from chalice.test import Client

        print(f"demo cooperative loaded through load_upload in "
              f"{_load_demo(counter, figures):.1f} s")
        with Client(app) as client:
            figures.merge(_measure_views(client, counter))
            figures.merge(_measure_other_requests(client, counter))
        print()
        figures.imports["movements"] = full = _measure_import(counter)
        changed_file = movements_file(changed=import_changes.daily_change_rate())
        figures.imports[import_changes.REIMPORT] = import_changes.measure(
            counter, changed_file, full)
    return figures
