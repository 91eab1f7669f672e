"""Imports write only what changed since the last import of their kind (docs/imports.md,
"Writing only what changed"): the same files again write nothing and change nothing a member
sees; a changed row is written and shows; a snapshot still closes what it omits; a run that died
mid-file never lets a later one skip a row it may have changed."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.domain.shared.clock import utc_now
from chalicelib.domain.shared.permissions import Role
from chalicelib.handlers.import_worker import import_worker
from chalicelib.services.imports import imports
from chalicelib.settings import settings
from chalicelib.store.accounts import member_products
from chalicelib.store.shared.aws import client
from chalicelib.store.shared.models import ImportModel
from tests.functional.accounts_builders import (
    a_member_session,
    a_staff_session,
    load,
    upload,
)
from tests.functional.builders import ApiClient
from tests.functional.test_product_lifecycle_imports import loan_of, loans, start_snapshot
from tests.product_rows import (
    a_family_plan,
    a_loan,
    a_movement_row,
    a_savings_row,
    csv_of,
)

DNI = "40000001"
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
MEMBER_TABLES = ("member_products", "member_registry")
VIEWS = ("/api/accounts/dashboard", "/api/accounts/savings", "/api/accounts/loans",
         "/api/accounts/movements?limit=50", "/api/accounts/family-benefit")


def movements(description: str = "DEPÓSITO EN VENTANILLA") -> list[dict[str, str]]:
    rows = [a_movement_row(DNI, f"M-{n:04d}", date=f"2026-10-{n + 1:02d}") for n in range(30)]
    rows[7] = {**rows[7], "description": description}
    return rows


FILES = {
    "members": [{"dni": DNI, "first_name": "ANA", "last_name": "QUISPE", "birth_date": "1980-01-01",
                 "status": "active"}],
    "savings": [a_savings_row(DNI), a_savings_row("40000002")],
    "loans": a_loan(DNI),
    "family_benefit": a_family_plan(DNI),
    "movements": movements(),
}


@pytest.fixture
def member_writes(aws: None, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Write calls on the members' tables from now on, by operation, and items batch-written."""
    from botocore.client import BaseClient

    original = BaseClient._make_api_call
    seen: Counter[str] = Counter()

    def counted(client: Any, operation: str, params: Any) -> Any:
        if client.meta.service_model.service_name == "dynamodb" and operation in WRITES:
            tables = [params.get("TableName", ""), *params.get("RequestItems", {})]
            if any(table.endswith(MEMBER_TABLES) for table in tables):
                seen[operation] += 1
                seen["items"] += sum(len(requests) for requests
                                     in params.get("RequestItems", {}).values()) or 1
        return original(client, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counted)
    return seen


def seen_by_member(member: ApiClient) -> dict[str, Any]:
    answers = {path: member.get(path) for path in VIEWS}
    assert all(answer.status == 200 for answer in answers.values())
    return {path: answer.json for path, answer in answers.items()}


def load_all(prefix: str) -> None:
    for kind, rows in FILES.items():
        run = load(kind, rows, import_id=f"{prefix}-{kind}")
        assert (run.status, run.rows_loaded, run.rows_rejected) == ("completed", len(rows), 0)


def test_the_same_files_again_write_nothing_and_change_nothing_a_member_sees(
        api: ApiClient, member_writes: Counter[str]) -> None:
    load_all("first")
    assert member_writes["items"] == 2 + 1 + 1 + 1 + 30  # every item, once
    member = a_member_session(api, DNI)
    before = seen_by_member(member)
    stored = member_products.products_of(DNI)
    member_writes.clear()

    load_all("again")  # new imports of the same files, as the core system's next night
    assert member_writes == Counter(), "an unchanged row was written"
    assert seen_by_member(member) == before
    assert member_products.products_of(DNI) == stored


def test_a_changed_row_is_written_and_shows(api: ApiClient,
                                            member_writes: Counter[str]) -> None:
    load_all("first")
    member_writes.clear()

    run = load("savings", [a_savings_row(DNI, balance="3200.50"), a_savings_row("40000002")])
    assert run.rows_loaded == 2
    run = load("movements", movements(description="DEPÓSITO CORREGIDO"))
    assert run.rows_loaded == 30
    assert member_writes == Counter({"BatchWriteItem": 2, "items": 2})  # the two changed rows

    member = a_member_session(api, DNI)
    assert member.get("/api/accounts/savings").json["items"][0]["balance"] == "3200.50"
    listed = member.get("/api/accounts/movements?limit=50").json["items"]
    assert [m["description"] for m in listed].count("DEPÓSITO CORREGIDO") == 1
    assert len(listed) == 30


def test_a_snapshot_of_unchanged_loans_still_closes_what_it_omits_and_reopens_it(
        api: ApiClient, member_writes: Counter[str]) -> None:
    number_a, number_b = "0210000000002", "0210000000009"
    load("loans", loans(DNI, number_a) + loans("40000002", number_b))
    open_a = loan_of(DNI, number_a)
    member_writes.clear()

    admin = a_staff_session(api, Role.ADMIN)
    snapshot = start_snapshot(admin, "loans", loans("40000002", number_b))
    assert (snapshot["rows_loaded"], snapshot["rows_closed"]) == (2, 1)
    assert member_writes == Counter({"UpdateItem": 1, "items": 1}), "only the closing"
    assert loan_of(DNI, number_a)["status"] == "cancelado"

    load("loans", loans(DNI, number_a) + loans("40000002", number_b))
    assert loan_of(DNI, number_a) == open_a, "listed again as before: it reopens"
    assert member_writes["items"] == 2  # the reopened loan, not the unchanged one


class _Killed(Exception):
    pass


def _killed_after_first_write(kind: str, rows: list[dict[str, str]]) -> str:
    """A worker that dies right after its first batch is written, as one killed mid-file."""
    import_id = upload(kind, csv_of(kind, rows))
    write = imports.LOADERS[kind]

    def write_then_die(batch: list[Any]) -> None:
        write(batch)
        raise _Killed

    sqs = client("sqs")
    queue_url = sqs.get_queue_url(QueueName=settings().imports_queue_name)["QueueUrl"]
    [message] = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    # gone from the queue (as after its last attempt): only the test's later files follow
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(imports.LOADERS, kind, write_then_die)
        answer = import_worker({"Records": [{"messageId": message["MessageId"],
                                             "body": message["Body"]}]}, None)
    assert answer["batchItemFailures"], "the worker did not die"
    return import_id


def test_a_run_that_died_mid_file_never_lets_a_later_file_skip_what_it_wrote(
        api: ApiClient, time_machine: Any) -> None:
    """The killed run wrote the new balance; the next file says the old one again (the
    core system's correction): it must be written, though the manifest of the run before the
    killed one held exactly that row."""
    time_machine.move_to(utc_now(), tick=False)
    load("savings", [a_savings_row(DNI, balance="100.00")])
    died = _killed_after_first_write("savings", [a_savings_row(DNI, balance="999.00")])
    assert ImportModel.get(died).status == "processing"
    [doc] = member_products.products_of(DNI, "savings")
    assert doc.data["balance"] == "999.00"

    time_machine.shift(timedelta(hours=1))
    load("savings", [a_savings_row(DNI, balance="100.00")])
    [doc] = member_products.products_of(DNI, "savings")
    assert doc.data["balance"] == "100.00"


def test_runs_that_may_overlap_publish_nothing_until_one_runs_alone(
        api: ApiClient, member_writes: Counter[str], time_machine: Any) -> None:
    """A file loaded while another run of its kind may still be writing (a worker died a minute
    ago, or two run at once) writes every row and publishes no manifest; the first run after
    that window publishes one again."""
    time_machine.move_to(utc_now(), tick=False)
    rows = [a_savings_row(DNI), a_savings_row("40000002")]
    load("savings", rows)
    _killed_after_first_write("savings", [a_savings_row(DNI, balance="1.00"), rows[1]])
    time_machine.shift(timedelta(minutes=1))
    member_writes.clear()

    load("savings", rows)
    load("savings", rows)
    assert member_writes["items"] == 4, "inside the window, every row each time"
    time_machine.shift(timedelta(minutes=20))
    load("savings", rows)
    member_writes.clear()
    load("savings", rows)
    assert member_writes == Counter()
    [doc] = member_products.products_of(DNI, "savings")
    assert doc.data["balance"] == "3105.97"
