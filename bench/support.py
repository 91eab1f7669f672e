"""What every bench section shares: the environment, moto with the app's resources, and a
counter of real AWS API calls (``botocore``'s ``_make_api_call`` wrapped while counting)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

ENVIRONMENT = {
    "STAGE": "bench", "TABLE_PREFIX": "coopac-bench-", "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_SESSION_TOKEN": "bench", "AWS_SECURITY_TOKEN": "bench",
}

Calls = Counter[tuple[str, str]]


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
            if counter.active:
                counter.calls[(client.meta.service_model.service_name, operation_name)] += 1
            return original(client, operation_name, api_params)

        BaseClient._make_api_call = counted  # type: ignore[method-assign]
        try:
            yield
        finally:
            BaseClient._make_api_call = original  # type: ignore[method-assign]

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
        from chalicelib.store import mail, resources
        from chalicelib.store.aws import reset_clients

        reset_clients()
        mail.forget_queue_urls()
        resources.ensure_all()
        yield app
        reset_clients()
        mail.forget_queue_urls()


def dynamodb_calls(calls: Calls) -> int:
    return sum(n for (service, _), n in calls.items() if service == "dynamodb")


def by_operation(calls: Calls, service: str = "dynamodb") -> str:
    parts = [f"{count} {operation}" for (svc, operation), count in sorted(calls.items())
             if svc == service]
    return ", ".join(parts) or "-"
