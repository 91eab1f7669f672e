"""The import worker SIGKILLed mid-file and re-run: no member sees a torn product, and the
re-run leaves every member exactly as a clean import of the file would.

The worker runs in a process of its own (``worker_driver``) against moto as a server; the test
kills it once the file is partly written, looks at every member through the services the member
views call, lets SQS hand the message out again after its visibility timeout, runs the worker
again, and compares each member with a clean import of the same file into fresh tables.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from chalicelib.domain.shared.products import product_id
from chalicelib.settings import settings
from chalicelib.store.accounts import member_products
from chalicelib.store.imports import imports as import_store
from chalicelib.store.shared.aws import client
from tests.faults.conftest import Stack
from tests.product_rows import a_contributions_row, a_loan, a_movement_row, csv_of

TODAY = "2026-11-25"
VISIBILITY_SECONDS = 12
"""Long enough to reach the kill; SQS's real one is 6× the worker's timeout."""
CLEAN_PREFIX = "coopac-clean-"
MEMBERS = 120
DNIS = [str(41000000 + i) for i in range(MEMBERS)]


# --- the queue, as SQS's event source mapping uses it --------------------------------------


def _imports_queue() -> str:
    url = client("sqs").get_queue_url(QueueName=settings().imports_queue_name)["QueueUrl"]
    client("sqs").set_queue_attributes(
        QueueUrl=url, Attributes={"VisibilityTimeout": str(VISIBILITY_SECONDS)})
    return str(url)


def _receive(queue_url: str, wait: int = 0) -> list[dict[str, Any]]:
    """One receive; drops S3's configuration test event (the worker would ignore it)."""
    sqs = client("sqs")
    answer = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10,
                                 WaitTimeSeconds=wait, AttributeNames=["All"])
    messages = []
    for message in answer.get("Messages", []):
        if json.loads(message["Body"]).get("Event") == "s3:TestEvent":
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        else:
            messages.append(message)
    return messages


def _record(message: dict[str, Any]) -> dict[str, str]:
    return {"messageId": message["MessageId"], "receiptHandle": message["ReceiptHandle"],
            "body": message["Body"]}


def _upload(queue_url: str, kind: str, import_id: str, content: str) -> dict[str, Any]:
    """The core system's upload; returns the S3 notification SQS hands the worker."""
    client("s3").put_object(Bucket=settings().imports_bucket,
                            Key=f"imports/{kind}/{import_id}.csv", Body=content.encode())
    [message] = _receive(queue_url, wait=2)
    return message


def _work(stack: Stack, queue_url: str, message: dict[str, Any]) -> None:
    """The worker finishes the message without failures, so SQS deletes it."""
    assert stack.run("deliver", _record(message)) == {"batchItemFailures": []}
    client("sqs").delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])


def _kill_midway(stack: Stack, queue_url: str, message: dict[str, Any],
                 written: Callable[[], bool]) -> None:
    """Start the worker on ``message`` and SIGKILL it as soon as ``written()`` holds."""
    worker = stack.start("deliver")
    assert worker.stdin is not None
    worker.stdin.write(json.dumps(_record(message)))
    worker.stdin.close()
    started = time.monotonic()
    while not written():
        assert worker.poll() is None, "the worker ended before the kill"
        assert time.monotonic() - started < 90, "the worker never got a third of the way"
        time.sleep(0.02)
    worker.send_signal(signal.SIGKILL)
    assert worker.wait(timeout=10) == -signal.SIGKILL
    assert _receive(queue_url) == [], "hidden from other workers until its timeout ends"


def _redelivered(queue_url: str, message: dict[str, Any]) -> dict[str, Any]:
    """SQS hands the message out again once its visibility timeout has run out (a long poll
    returns it then): the second receive of the same message."""
    [again] = _receive(queue_url, wait=20)
    assert again["MessageId"] == message["MessageId"]
    assert again["Attributes"]["ApproximateReceiveCount"] == "2"
    return again


def _clean_import(stack: Stack, fresh_tables: subprocess.Popen[str], view: dict[str, Any],
                  *messages: dict[str, Any]) -> dict[str, Any]:
    """The same uploaded files loaded by the worker into fresh tables, seen by ``view``."""
    assert fresh_tables.wait(timeout=60) == 0
    for message in messages:
        assert stack.run("deliver", _record(message), table_prefix=CLEAN_PREFIX) == {
            "batchItemFailures": []}
    return dict(stack.run(view["command"], view, table_prefix=CLEAN_PREFIX))


def _items(dni: str, table: str) -> list[dict[str, Any]]:
    answer = client("dynamodb").query(TableName=table, KeyConditionExpression="dni = :dni",
                                      ExpressionAttributeValues={":dni": {"S": dni}})
    assert "LastEvaluatedKey" not in answer
    return sorted(answer["Items"], key=lambda item: item["item_key"]["S"])


def _assert_same_as_clean(stack: Stack, view: dict[str, Any], clean: dict[str, Any],
                          import_id: str, rows: int) -> None:
    assert stack.run(view["command"], view) == clean
    table = f"{settings().table_prefix}member_products"
    for dni in view["dnis"]:  # every item, attribute by attribute: nothing missing, nothing doubled
        assert _items(dni, table) == _items(dni, f"{CLEAN_PREFIX}member_products"), dni
    run = import_store.get(import_id)
    assert run is not None
    assert (run.status, run.rows_total, run.rows_loaded, run.rows_rejected) == (
        "completed", rows, rows, 0)


@pytest.fixture
def fresh_tables(stack: Stack) -> Iterator[subprocess.Popen[str]]:
    """The clean import's tables, created while the test loads the previous state."""
    process = stack.start("ensure-tables", table_prefix=CLEAN_PREFIX)
    assert process.stdin is not None
    process.stdin.close()
    yield process
    if process.poll() is None:  # the test failed before it needed them
        process.kill()
    process.wait(timeout=10)
    for pipe in (process.stdout, process.stderr):
        if pipe:
            pipe.close()


# --- loans: a product of many rows -----------------------------------------------------------

INSTALLMENTS = 240


def _loan_number(dni: str) -> str:
    return f"02{dni}01"


def _loans_export(dnis: list[str], paid: int) -> str:
    return csv_of("loans", [row for dni in dnis for row in a_loan(
        dni, number=_loan_number(dni), installments=INSTALLMENTS, paid=paid,
        amount="24000.00")])


def _loan_is_new(dni: str) -> bool:
    doc = member_products.product_of(dni, "loans", product_id("loans", _loan_number(dni)))
    return doc is not None and sum(row["status"] == "paid" for row in doc.data["schedule"]) == 11


def test_a_killed_loans_import_shows_each_loan_whole_and_its_rerun_equals_a_clean_import(
        stack: Stack, fresh_tables: subprocess.Popen[str]) -> None:
    """A loan is one product of many rows (its schedule): killed mid-file, each member's loan
    is the previous export's or the new one's, whole, in the list and in the detail."""
    queue_url = _imports_queue()
    # Before: every other member has the loan with 10 installments paid.
    _work(stack, queue_url, _upload(queue_url, "loans", "loans-october",
                                    _loans_export(DNIS[::2], paid=10)))
    view = {"command": "loans", "dnis": DNIS, "today": TODAY}
    before = stack.run("loans", view)

    # The next export (11 paid; a loan for every member) is killed a third of the way in.
    message = _upload(queue_url, "loans", "loans-november",
                      _loans_export(DNIS, paid=11))
    _kill_midway(stack, queue_url, message, lambda: _loan_is_new(DNIS[MEMBERS // 3]))
    at_kill = stack.run("loans", view)
    run = import_store.get("loans-november")
    assert run is not None and run.status == "processing"

    clean = _clean_import(stack, fresh_tables, view, message)
    new = [dni for dni in DNIS if at_kill[dni] == clean[dni]]
    old = [dni for dni in DNIS if at_kill[dni] == before[dni]]
    assert sorted(new + old) == DNIS, "a member sees a loan made of part of its rows"
    assert new and old, "the kill did not land mid-file"

    _work(stack, queue_url, _redelivered(queue_url, message))
    _assert_same_as_clean(stack, view, clean, "loans-november", MEMBERS * INSTALLMENTS)
    assert _receive(queue_url) == []


# --- movements: one row, one item -------------------------------------------------------------

MOVERS = DNIS[:60]
"""Fewer members: moto's Query reads the whole table, and every movement is an item."""
MOVEMENTS = 20
PREVIOUSLY = 10
"""The previous export held each member's first 10 movements; the new one all 20."""


def _movement_date(n: int) -> str:
    return (date(2025, 4, 5) + timedelta(days=30 * n)).isoformat()


def _movements_export(count: int) -> str:
    return csv_of("movements", [a_movement_row(
        dni, f"AP-{dni}-{n:03d}", product="contributions", product_number=f"03{dni}",
        date=_movement_date(n), description="APORTE MENSUAL", amount="50.00",
        balance=f"{50 * (n + 1)}.00") for dni in MOVERS for n in range(count)])


def _movement_is_loaded(dni: str, n: int) -> bool:
    answer = client("dynamodb").get_item(
        TableName=f"{settings().table_prefix}member_products",
        Key={"dni": {"S": dni}, "item_key": {"S": f"MOV#{_movement_date(n)}#AP-{dni}-{n:03d}"}})
    return "Item" in answer


def test_a_killed_movements_import_loses_nothing_and_its_rerun_equals_a_clean_import(
        stack: Stack, fresh_tables: subprocess.Popen[str]) -> None:
    """Movements are facts, one item each: a kill may leave a member with only some of the
    new ones (as if the export were older), but never without an old one, never a movement
    that is not the file's, and the re-run completes every member without doubling any."""
    queue_url = _imports_queue()
    accounts = csv_of("contributions", [a_contributions_row(dni, balance=f"{50 * MOVEMENTS}.00")
                                        for dni in MOVERS])
    accounts_upload = _upload(queue_url, "contributions", "aportes", accounts)
    _work(stack, queue_url, accounts_upload)
    _work(stack, queue_url, _upload(queue_url, "movements", "movimientos-octubre",
                                    _movements_export(PREVIOUSLY)))
    listing = {"command": "movements", "dnis": MOVERS, "today": TODAY}
    before = stack.run("movements", listing)

    message = _upload(queue_url, "movements", "movimientos-noviembre",
                      _movements_export(MOVEMENTS))
    watched = MOVERS[len(MOVERS) // 3]
    _kill_midway(stack, queue_url, message, lambda: _movement_is_loaded(watched, MOVEMENTS - 1))
    at_kill = stack.run("movements", listing)

    view = {**listing, "dashboard": True}
    clean = _clean_import(stack, fresh_tables, view, accounts_upload, message)
    for dni in MOVERS:
        seen, had = at_kill[dni]["movements"], before[dni]["movements"]
        assert seen["next_cursor"] is None and all(m in seen["items"] for m in had["items"]), dni
        assert all(m in clean[dni]["movements"]["items"] for m in seen["items"]), dni
        assert len({m["id"] for m in seen["items"]}) == len(seen["items"]), dni
    assert at_kill[watched]["movements"] == clean[watched]["movements"], "killed too early"
    assert at_kill[MOVERS[-1]] == before[MOVERS[-1]], "the kill did not land mid-file"

    _work(stack, queue_url, _redelivered(queue_url, message))
    _assert_same_as_clean(stack, view, clean, "movimientos-noviembre", len(MOVERS) * MOVEMENTS)
    assert all(len(clean[dni]["movements"]["items"]) == MOVEMENTS for dni in MOVERS)
    assert _receive(queue_url) == []
