"""Audit viewer: query time and DynamoDB calls over 100,000 records (issue 8).

100,000 records over 30 days and 200 actors are written straight into the moto table with
BatchWriteItem (25 per call, in-process), then the viewer's service function is timed (median
of several runs) for one actor over one day (index ``by_actor``, ``event_key BETWEEN``) and for
one day (the day's partition), one page of 100, plus the whole day read 1,000 at a time (as
the CSV export does; one run, it is slow on moto). Times are in-process against moto, whose
Queries walk far more than the partition read: compare them with each other; on DynamoDB a
Query costs by the items it reads, not by the table's size.
"""

from __future__ import annotations

import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.figures import Figures, Request, request_of
from bench.support import CallCounter, Calls, by_operation, dynamodb_calls, moto_stage

RECORDS = 100_000
DAYS = 30
ACTORS = 200
RUNS = 3
ACTIONS = ("auth.login", "auth.login_totp", "tickets.reply", "credit.simulate", "accounts.read",
           "reports.create", "tickets.create", "credit.apply")


def _items(start: datetime) -> list[dict[str, Any]]:
    step = timedelta(days=DAYS) / RECORDS
    items = []
    for n in range(RECORDS):
        at = start + step * n
        stamp = at.strftime("%Y-%m-%dT%H:%M:%S.%f")
        items.append({"PutRequest": {"Item": {
            "day": {"S": stamp[:10]}, "event_key": {"S": f"{stamp}Z#{uuid.uuid4().hex}"},
            "at": {"S": f"{stamp[:19]}Z"}, "actor_id": {"S": f"user-{n % ACTORS:03d}"},
            "role": {"S": "member"}, "action": {"S": ACTIONS[n % len(ACTIONS)]},
            "target": {"S": f"user:user-{n % ACTORS:03d}"}, "outcome": {"S": "success"},
            "ip": {"S": "10.0.0.1"}, "user_agent": {"S": "bench"}}}})
    return items


def _write(items: list[dict[str, Any]]) -> float:
    from chalicelib.store.shared.aws import client
    from chalicelib.store.shared.models import AuditModel

    dynamodb = client("dynamodb")
    table = AuditModel.Meta.table_name
    started = time.perf_counter()
    for offset in range(0, len(items), 25):
        dynamodb.batch_write_item(RequestItems={table: items[offset:offset + 25]})
    return time.perf_counter() - started


def _timed(counter: CallCounter, label: str, action: Any, runs: int
           ) -> tuple[float, int, str, int, Request]:
    times, rows = [], 0
    calls_text, calls = "-", 0
    counts: list[Calls] = []
    for _ in range(runs):
        with counter.counting() as counted:
            started = time.perf_counter()
            rows = action()
            times.append(time.perf_counter() - started)
        calls, calls_text = dynamodb_calls(counted), by_operation(counted)
        counts.append(counted.copy())
    return (statistics.median(times) * 1000, calls, calls_text, rows,
            request_of("admin", f"audit viewer: {label}", times, counts))


def run() -> Figures:
    figures = Figures()
    counter = CallCounter()
    with moto_stage(counter):
        from chalicelib.domain.admin import users as rules
        from chalicelib.domain.admin.requests import parse_audit_query
        from chalicelib.domain.shared.clock import lima_today
        from chalicelib.services.admin import audit_viewer

        start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) \
            - timedelta(days=DAYS - 1)
        items = _items(start)
        seconds = _write(items)
        print(f"wrote {RECORDS:,} audit records ({DAYS} days, {ACTORS} actors) with "
              f"{RECORDS // 25:,} BatchWriteItem calls in {seconds:.1f} s")
        day = (start + timedelta(days=DAYS // 2)).date().isoformat()

        def one_actor() -> int:
            return len(audit_viewer.search(parse_audit_query(
                {"actor": "user-007", "from": day, "to": day, "limit": "100"}, lima_today()))[1])

        def one_day() -> int:
            return len(audit_viewer.search(parse_audit_query(
                {"from": day, "to": day, "limit": "100"}, lima_today()))[1])

        def whole_day() -> int:
            wanted = rules.parse_audit_filter({"from": day, "to": day}, start.date())
            return len(audit_viewer.export_rows(wanted)[0])

        for label, action, runs in (("one actor, one day (page of 100)", one_actor, RUNS),
                                    ("one day (first page of 100)", one_day, RUNS),
                                    ("one day, every record (export)", whole_day, 1)):
            millis, calls, calls_text, rows, request = _timed(counter, label, action, runs)
            print(f"{label}: {rows} records, median of {runs} {millis:.1f} ms, {calls} DynamoDB "
                  f"calls ({calls_text}), ~{request.read_units:g} RRU")
            figures.add(request)
    return figures
