"""One fixture chain: fake credentials (tests/conftest.py) → mock_aws → resources → client."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client
from moto import mock_aws

from tests.functional.builders import ApiClient


@pytest.fixture
def aws() -> Iterator[None]:
    from chalicelib.store.shared import mail
    from chalicelib.store.shared.aws import reset_clients
    from tests.moto_snapshot import ensure_pristine_resources

    with mock_aws():
        reset_clients()
        mail.forget_queue_urls()
        ensure_pristine_resources()
        yield
        reset_clients()
        mail.forget_queue_urls()


@pytest.fixture
def app(aws: None) -> Any:
    from app import app as chalice_app

    return chalice_app


@pytest.fixture
def api(app: Any) -> Iterator[ApiClient]:
    with Client(app) as client:
        yield ApiClient(client)


@pytest.fixture
def another_api(app: Any) -> Iterator[ApiClient]:
    """A second browser: another user's cookie jar."""
    with Client(app) as client:
        yield ApiClient(client)


@pytest.fixture
def outbox(aws: None) -> Any:
    """Deliver what the notifier queue holds and return every e-mail sent so far."""
    from chalicelib.handlers.notifier import notifier
    from chalicelib.store.shared import mail
    from dev.local_outbox import sent_emails
    from dev.queue_poller import drain

    def read() -> list[dict[str, Any]]:
        drain(mail.notifications_queue_url(), notifier)
        return sent_emails()

    return read


@pytest.fixture
def atomic_requests(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """moto runs one request as unlocked Python read-modify-write (a conditional write checks,
    then writes), so threads can race inside a single call, which DynamoDB never does.
    Serializing each emulated call restores per-request atomicity while threads still
    interleave between calls: a check-then-act in the app's code still races here."""
    from moto.core.botocore_stubber import BotocoreStubber

    lock = threading.Lock()
    handle = BotocoreStubber.__call__

    def one_request_at_a_time(self: Any, *args: Any, **kwargs: Any) -> Any:
        with lock:
            return handle(self, *args, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", one_request_at_a_time)
    yield
