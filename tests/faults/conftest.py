"""Fault tests run against moto as a real server on 127.0.0.1, so a worker can live in another
process and be killed, and SQS visibility timeouts and redrives run for real.

One fixture chain: the moto server (one per test session) → ``stack``: this process pointed at
it (endpoint, fresh clients and pynamodb connections), the app's resources created from its own
definitions, everything reset afterwards so the in-process ``mock_aws`` tests are unaffected.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per moto request
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def _forget_connections() -> None:
    """Cached boto3 clients, queue URLs, settings and pynamodb connections know an endpoint."""
    from chalicelib.settings import settings
    from chalicelib.store.shared import mail
    from chalicelib.store.shared.aws import reset_clients
    from chalicelib.store.shared.models import ALL_MODELS

    reset_clients()
    mail.forget_queue_urls()
    settings.cache_clear()
    for model in ALL_MODELS:
        model._connection = None  # pynamodb caches its client per model


@dataclass(frozen=True)
class Stack:
    """The moto server this test's app talks to, and how to start a worker process on it."""

    url: str

    def environment(self, table_prefix: str | None = None) -> dict[str, str]:
        env = {**os.environ, "AWS_ENDPOINT_URL": self.url, "PYTHONPATH": str(ROOT)}
        if table_prefix:
            env["TABLE_PREFIX"] = table_prefix
        return env

    def start(self, command: str, *, table_prefix: str | None = None) -> subprocess.Popen[str]:
        """``python -m tests.faults.worker_driver <command>``; write its input, then wait."""
        return subprocess.Popen(
            [sys.executable, "-m", "tests.faults.worker_driver", command], cwd=ROOT,
            env=self.environment(table_prefix), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)

    def run(self, command: str, document: Any = None, *, table_prefix: str | None = None,
            timeout: float = 120) -> Any:
        """Run the driver to completion and return its JSON answer."""
        import json

        process = self.start(command, table_prefix=table_prefix)
        out, err = process.communicate(json.dumps(document) if document is not None else "",
                                       timeout=timeout)
        assert process.returncode == 0, err
        return json.loads(out)


@pytest.fixture
def stack(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    from dev import resources

    reset = urllib.request.Request(f"{moto_url}/moto-api/reset", method="POST")  # noqa: S310
    urllib.request.urlopen(reset, timeout=10).close()  # noqa: S310 - moto on 127.0.0.1
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    _forget_connections()
    resources.ensure_all()
    yield Stack(moto_url)
    monkeypatch.undo()
    _forget_connections()
