"""What every bench section shares: the environment, moto with the app's resources, and a
counter of real AWS API calls (``botocore``'s ``_make_api_call`` wrapped while counting).

Besides the (service, operation) counts, the counter adds three entries of its own to each
``Calls``: the DynamoDB read and write request units the calls consumed (``bench.capacity``
estimates them from the items' sizes) and the seconds spent inside botocore (moto's emulation),
so ``app_seconds`` can tell the app's own time apart. ``dynamodb_calls`` and ``by_operation``
ignore them; ``aws_calls`` counts only real calls."""

from __future__ import annotations

import os
import statistics
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

ENVIRONMENT = {
    "STAGE": "bench", "TABLE_PREFIX": "coopac-bench-", "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_SESSION_TOKEN": "bench", "AWS_SECURITY_TOKEN": "bench",
    "ORIGIN_SECRET": "bench-origin-secret",
    "MEMBER_DAILY_TICKETS": "100000", "MEMBER_DAILY_APPLICATIONS": "100000",
}
"""``bench`` is a deployed-like stage: the functions check CloudFront's header
(domain/shared/edge.py). Its sections repeat one member's requests many times, so the per-member
daily limits (domain/shared/daily_quota.py) are raised: the quota's UpdateItem is still counted."""


def request_headers(*, json_body: bool = False, token: str | None = None) -> dict[str, str]:
    """As CloudFront forwards a browser's request: its origin secret, the CSRF header on writes,
    the session cookie."""
    from chalicelib.domain.shared.edge import ORIGIN_HEADER
    from chalicelib.services.auth.sessions import SESSION_COOKIE

    headers = {ORIGIN_HEADER: ENVIRONMENT["ORIGIN_SECRET"]}
    if json_body:
        headers |= {"Content-Type": "application/json", "X-Requested-With": "fetch"}
    if token:
        headers["Cookie"] = f"{SESSION_COOKIE}={token}"
    return headers

Calls = Counter[tuple[str, str]]
READ_UNITS = ("~capacity", "read request units")
WRITE_UNITS = ("~capacity", "write request units")
AWS_SECONDS = ("~clock", "seconds inside botocore")
_MEASURES = frozenset({READ_UNITS, WRITE_UNITS, AWS_SECONDS})


def prepare_environment() -> None:
    """Before any app module is imported: models read table names at import time."""
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    os.environ.pop("AWS_ENDPOINT_URL", None)


class CallCounter:
    """Counts (service, operation) of every botocore API call while ``counting``."""

    def __init__(self) -> None:
        self.calls: Calls = Counter()
        self.active = False

    @contextmanager
    def installed(self) -> Iterator[None]:
        from botocore.client import BaseClient

        original = BaseClient._make_api_call
        counter = self

        def counted(client: Any, operation_name: str, api_params: Any) -> Any:
            if not counter.active:
                return original(client, operation_name, api_params)
            service = client.meta.service_model.service_name
            counter.calls[(service, operation_name)] += 1
            started = time.perf_counter()
            if service != "dynamodb":
                try:
                    return original(client, operation_name, api_params)
                finally:
                    counter.calls[AWS_SECONDS] += time.perf_counter() - started  # type: ignore[assignment]
            return counter.dynamodb_call(original, client, operation_name, api_params, started)

        BaseClient._make_api_call = counted  # type: ignore[method-assign]
        try:
            yield
        finally:
            BaseClient._make_api_call = original  # type: ignore[method-assign]

    def dynamodb_call(self, original: Any, client: Any, operation_name: str, api_params: Any,
                      started: float) -> Any:
        """The call, and the capacity it consumed (read-backs included in botocore's time)."""
        from bench import capacity

        def uncounted(operation: str, params: dict[str, Any]) -> Any:
            return original(client, operation, params)

        before = capacity.before_call(uncounted, operation_name, api_params)
        response = None
        try:
            response = original(client, operation_name, api_params)
            return response
        finally:
            units = capacity.units_of(uncounted, operation_name, api_params, response, before)
            self.calls[READ_UNITS] += units.read  # type: ignore[assignment]
            self.calls[WRITE_UNITS] += units.write  # type: ignore[assignment]
            self.calls[AWS_SECONDS] += time.perf_counter() - started  # type: ignore[assignment]

    @contextmanager
    def counting(self) -> Iterator[Calls]:
        self.calls = Counter()
        self.active = True
        try:
            yield self.calls
        finally:
            self.active = False


@contextmanager
def moto_stage(counter: CallCounter | None = None) -> Iterator[Any]:
    """moto with every table, bucket, queue and key created; yields the Chalice app."""
    prepare_environment()
    from moto import mock_aws

    counter = counter or CallCounter()
    with mock_aws(), counter.installed():
        from app import app
        from chalicelib.store.shared import mail
        from chalicelib.store.shared.aws import reset_clients
        from dev import resources

        reset_clients()
        mail.forget_queue_urls()
        resources.ensure_all()
        yield app
        reset_clients()
        mail.forget_queue_urls()


def dynamodb_calls(calls: Calls) -> int:
    return sum(n for (service, _), n in calls.items() if service == "dynamodb")


def aws_calls(calls: Calls, service: str | None = None) -> int:
    """Real AWS API calls (of one service, or all)."""
    return sum(int(n) for key, n in calls.items()
               if key not in _MEASURES and (service is None or key[0] == service))


def capacity_units(calls: Calls) -> tuple[float, float]:
    """(read, write) request units the counted DynamoDB calls consumed (estimated)."""
    return float(calls[READ_UNITS]), float(calls[WRITE_UNITS])


def app_seconds(elapsed: float, calls: Calls) -> float:
    """The request's time outside botocore: the app's own work, without moto's emulation."""
    return max(0.0, elapsed - float(calls[AWS_SECONDS]))


def by_operation(calls: Calls, service: str = "dynamodb") -> str:
    parts = [f"{count} {operation}" for (svc, operation), count in sorted(calls.items())
             if svc == service]
    return ", ".join(parts) or "-"


class Browser:
    """One signed-in user's requests through the Chalice test client."""

    def __init__(self, client: Any, role: str, name: str, dni: str | None = None) -> None:
        from chalicelib.domain.auth.identity import LEGACY_STAMP
        from chalicelib.domain.shared.clock import iso_instant, utc_now
        from chalicelib.domain.shared.permissions import Role
        from chalicelib.domain.shared.principal import RequestContext
        from chalicelib.services.auth import sessions
        from chalicelib.store.auth import users
        from chalicelib.store.shared.models import UserModel

        self.client = client
        self.user_id = str(uuid.uuid4())
        now = iso_instant(utc_now())
        users.create(UserModel(
            user_id=self.user_id, email=f"{self.user_id[:8]}@bench.pe", role=role,
            dni=dni or (str(40000000 + uuid.uuid4().int % 99999) if role == "member" else None),
            first_name=name, last_name="Bench", sort_name=f"bench {name}".lower(),
            status="active", created_at=now, updated_at=now, totp_enabled=role != "member"))
        self.token = sessions.start_session(
            user_id=self.user_id, role=Role(role), dni=dni, totp_enabled=role != "member",
            remember=False, context=RequestContext(ip="127.0.0.1", user_agent="bench"),
            security_stamp=LEGACY_STAMP).token  # the user above has no stamp yet

    def call(self, method: str, path: str, body: Any = None) -> Any:
        import json

        headers = request_headers(json_body=True, token=self.token)
        payload = json.dumps(body).encode() if body is not None else b""
        response = self.client.http.request(method, path, headers=headers, body=payload)
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {path} → {response.status_code}: {response.body!r}")
        return json.loads(response.body) if response.body else None


Step = tuple[str, Callable[[], Any]]
Results = dict[str, tuple[list[float], list[Calls]]]


def measure_steps(counter: CallCounter, steps: Callable[[], list[Step]], runs: int) -> Results:
    """Run the steps ``runs`` times, timing each one and counting its AWS calls."""
    results: Results = {}
    for _ in range(runs):
        for name, step in steps():
            with counter.counting() as calls:
                started = time.perf_counter()
                step()
                elapsed = time.perf_counter() - started
            times, counts = results.setdefault(name, ([], []))
            times.append(elapsed)
            counts.append(Counter(calls))
    return results


def print_steps(results: Results, title: str, note: str, width: int = 30) -> None:
    """One row a step: DynamoDB calls (a range if runs differed), by operation, SQS, median."""
    print(f"{title:<{width}}{'DynamoDB':>9}  {'by operation':<62}{'other AWS':<20}"
          f"{'median ms':>10}   ({note})")
    for name, (times, counts) in results.items():
        dynamo = [dynamodb_calls(c) for c in counts]
        spread = f"{min(dynamo)}" if min(dynamo) == max(dynamo) else \
            f"{min(dynamo)}–{max(dynamo)}"
        typical = counts[-1]
        print(f"{name:<{width}}{spread:>9}  {by_operation(typical):<62}"
              f"{by_operation(typical, 'sqs'):<20}{statistics.median(times) * 1000:>10.1f}")
