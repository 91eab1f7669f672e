"""DynamoDB calls and in-process time per buzón action, counted for real.

Every request goes through ``chalice.test.Client`` (the same edge as production: session check,
CSRF, permission, error mapping) against moto. ``botocore.client.BaseClient._make_api_call`` is
wrapped with a counter, so each figure is the number of AWS API calls the action really made,
including the session's GetItem that every authenticated request pays. Times are in-process
(moto's emulation included, no network), the median of several runs: compare them with each
other, not with production latency.
"""

from __future__ import annotations

import os
import statistics
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

RUNS = 12

_ENVIRONMENT = {
    "STAGE": "bench", "TABLE_PREFIX": "coopac-bench-", "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_SESSION_TOKEN": "bench", "AWS_SECURITY_TOKEN": "bench",
}


class CallCounter:
    """Counts (service, operation) of every botocore API call while ``counting``."""

    def __init__(self) -> None:
        self.calls: Counter[tuple[str, str]] = Counter()
        self.active = False

    @contextmanager
    def installed(self) -> Iterator[None]:
        from botocore.client import BaseClient

        original = BaseClient._make_api_call
        counter = self

        def counted(client: Any, operation_name: str, api_params: Any) -> Any:
            if counter.active:
                counter.calls[(client.meta.service_model.service_name, operation_name)] += 1
            return original(client, operation_name, api_params)

        BaseClient._make_api_call = counted  # type: ignore[method-assign]
        try:
            yield
        finally:
            BaseClient._make_api_call = original  # type: ignore[method-assign]

    @contextmanager
    def counting(self) -> Iterator[Counter[tuple[str, str]]]:
        self.calls = Counter()
        self.active = True
        try:
            yield self.calls
        finally:
            self.active = False


class Browser:
    """One signed-in user's requests through the Chalice test client."""

    def __init__(self, client: Any, role: str, name: str) -> None:
        from chalicelib.domain.clock import iso_instant, utc_now
        from chalicelib.domain.permissions import Role
        from chalicelib.domain.principal import RequestContext
        from chalicelib.services import sessions
        from chalicelib.store import users
        from chalicelib.store.models import UserModel

        self.client = client
        self.user_id = str(uuid.uuid4())
        now = iso_instant(utc_now())
        users.create(UserModel(
            user_id=self.user_id, email=f"{self.user_id[:8]}@bench.pe", role=role,
            dni=str(40000000 + uuid.uuid4().int % 99999) if role == "member" else None,
            first_name=name, last_name="Bench", sort_name=f"bench {name}".lower(),
            status="active", created_at=now, updated_at=now, totp_enabled=role != "member"))
        self.token = sessions.start_session(
            user_id=self.user_id, role=Role(role), dni=None, totp_enabled=role != "member",
            remember=False, context=RequestContext(ip="127.0.0.1", user_agent="bench")).token

    def call(self, method: str, path: str, body: Any = None) -> Any:
        import json

        from chalicelib.services.sessions import SESSION_COOKIE

        headers = {"Content-Type": "application/json", "X-Requested-With": "fetch",
                   "Cookie": f"{SESSION_COOKIE}={self.token}"}
        payload = json.dumps(body).encode() if body is not None else b""
        response = self.client.http.request(method, path, headers=headers, body=payload)
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {path} → {response.status_code}: {response.body!r}")
        return json.loads(response.body) if response.body else None


Step = tuple[str, Callable[[], Any]]


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


def _format(calls: Counter[tuple[str, str]], service: str) -> str:
    parts = [f"{count} {operation}" for (svc, operation), count in sorted(calls.items())
             if svc == service]
    return ", ".join(parts) or "-"


def _measure(counter: CallCounter, people: tuple[Browser, Browser, Browser]) -> \
        dict[str, tuple[list[float], list[Counter[tuple[str, str]]]]]:
    results: dict[str, tuple[list[float], list[Counter[tuple[str, str]]]]] = {}
    for _ in range(RUNS):
        for name, step in _conversation(*people):
            with counter.counting() as calls:
                started = time.perf_counter()
                step()
                elapsed = time.perf_counter() - started
            times, counts = results.setdefault(name, ([], []))
            times.append(elapsed)
            counts.append(Counter(calls))
    return results


def run() -> None:
    for name, value in _ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    from chalice.test import Client
    from moto import mock_aws

    counter = CallCounter()
    with mock_aws(), counter.installed():
        from app import app
        from chalicelib.store import mail, resources
        from chalicelib.store.aws import reset_clients

        reset_clients()
        mail.forget_queue_urls()
        resources.ensure_all()
        with Client(app) as client:
            people = (Browser(client, "member", "Socia"), Browser(client, "admin", "Admin"),
                      Browser(client, "operator", "Operador"))
            results = _measure(counter, people)

    print(f"{'action':<30}{'DynamoDB':>9}  {'by operation':<60}{'other AWS':<22}"
          f"{'median ms':>10}   ({RUNS} tickets; the session GetItem is included)")
    for name, (times, counts) in results.items():
        dynamo = [sum(n for (svc, _), n in c.items() if svc == "dynamodb") for c in counts]
        spread = f"{min(dynamo)}" if min(dynamo) == max(dynamo) else \
            f"{min(dynamo)}–{max(dynamo)}"
        typical = counts[-1]
        print(f"{name:<30}{spread:>9}  {_format(typical, 'dynamodb'):<60}"
              f"{_format(typical, 'sqs'):<22}{statistics.median(times) * 1000:>10.1f}")
