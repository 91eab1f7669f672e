"""Builders for the accounts tests: core-system CSVs through S3 → SQS → import worker."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from chalicelib.domain.shared.permissions import Role
from chalicelib.handlers.import_worker import import_worker
from chalicelib.settings import settings
from chalicelib.store.shared.aws import client
from chalicelib.store.shared.models import ImportModel
from dev.queue_poller import drain
from tests.functional.builders import ApiClient, a_user, signed_in
from tests.product_rows import Row, csv_of

STAFF_TOTP_SECRET = "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"


def upload(kind: str, content: str | bytes, import_id: str | None = None) -> str:
    import_id = import_id or f"test-{uuid.uuid4().hex[:12]}"
    body = content.encode("utf-8") if isinstance(content, str) else content
    client("s3").put_object(Bucket=settings().imports_bucket,
                            Key=f"imports/{kind}/{import_id}.csv", Body=body)
    return import_id


def run_worker() -> int:
    queue_url = client("sqs").get_queue_url(QueueName=settings().imports_queue_name)["QueueUrl"]
    return drain(queue_url, import_worker)


def load(kind: str, rows: list[Row], import_id: str | None = None) -> ImportModel:
    """Upload ``rows`` as the core system would and let the worker load them."""
    import_id = upload(kind, csv_of(kind, rows), import_id)
    run_worker()
    return ImportModel.get(import_id)


def errors_of(run: ImportModel) -> list[tuple[int, str]]:
    return [(error["line"], error["field"]) for error in json.loads(run.errors)]


def a_member_session(api: ApiClient, dni: str) -> ApiClient:
    return signed_in(api, a_user(Role.MEMBER, dni=dni))


def a_staff_session(api: ApiClient, role: Role) -> ApiClient:
    return signed_in(api, a_user(role, totp_secret=STAFF_TOTP_SECRET))


def travel_to_lima_noon(time_machine: Any, day: str) -> None:
    """Lima's "today" (overdue installments, chart months) is ``day``: the whole process's
    clock stands at noon of ``day`` in Lima (time-machine)."""
    from chalicelib.domain.shared.clock import LIMA

    time_machine.move_to(datetime.fromisoformat(f"{day}T12:00:00").replace(tzinfo=LIMA),
                         tick=False)
