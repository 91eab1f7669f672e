"""Plays SQS's event source mapping locally: polls a queue and invokes a worker function with
SQS-shaped batches, deleting only the records the worker did not report as failed."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from chalicelib.store.shared.aws import client

logger = logging.getLogger(__name__)

Worker = Callable[[dict[str, Any], Any], dict[str, Any]]


def drain_once(queue_url: str, worker: Worker, wait_seconds: int = 0) -> int:
    """Receive one batch, run the worker, delete what succeeded; returns how many were handled."""
    sqs = client("sqs")
    answer = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10,
                                 WaitTimeSeconds=wait_seconds, AttributeNames=["All"])
    messages = answer.get("Messages", [])
    if not messages:
        return 0
    event = {"Records": [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"],
                          "body": m["Body"], "attributes": m.get("Attributes", {}),
                          "eventSource": "aws:sqs"} for m in messages]}
    result = worker(event, None) or {}
    failed = {item["itemIdentifier"] for item in result.get("batchItemFailures", [])}
    for message in messages:
        if message["MessageId"] not in failed:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    return len(messages) - len(failed)


def drain(queue_url: str, worker: Worker, max_batches: int = 1000) -> int:
    """Handle everything queued now (tests and the demo loader call this)."""
    handled = 0
    for _ in range(max_batches):
        count = drain_once(queue_url, worker)
        if count == 0:
            break
        handled += count
    return handled


class QueuePoller(threading.Thread):
    def __init__(self, queue_url: str, worker: Worker) -> None:
        super().__init__(daemon=True, name=f"poller:{queue_url.rsplit('/', 1)[-1]}")
        self._queue_url = queue_url
        self._worker = worker
        self._stop = threading.Event()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                drain_once(self._queue_url, self._worker, wait_seconds=1)
            except Exception:
                logger.exception("worker failed on %s", self._queue_url)
                self._stop.wait(1)

    def stop(self) -> None:
        self._stop.set()
