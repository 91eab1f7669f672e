"""Start ``python -m dev.local_stack`` as a subprocess on free ports, for the suites that test the
real local stack over HTTP (browser, fuzzing, load).

``started_local_stack`` is a context manager: it yields once the session probe answers 401 and
stops the stack (SIGTERM, then SIGKILL) on the way out. It raises ``StackFailed`` with the
stack's own output when it dies or does not answer in time.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.e2e.support import ROOT, LocalStack

STARTUP_TIMEOUT_SECONDS = 90


class StackFailed(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _status_of(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local URL)
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return None


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def started_local_stack(extra_args: tuple[str, ...] = (),
                        extra_env: dict[str, str] | None = None) -> Iterator[LocalStack]:
    """The local stack with the demo cooperative (unless ``--no-demo`` is passed), ready."""
    port, moto_port = free_port(), free_port()
    while moto_port == port:
        moto_port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="local-stack-", suffix=".log", delete=False)  # noqa: SIM115
    log_path = Path(log.name)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "dev.local_stack", "--port", str(port),
         "--moto-port", str(moto_port), "--quiet", *extra_args],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    log.close()
    stack = LocalStack(url=f"http://127.0.0.1:{port}", process=process, log_path=log_path,
                       moto_url=f"http://127.0.0.1:{moto_port}")
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while True:
            if process.poll() is not None:
                raise StackFailed(f"El stack local terminó al iniciar (código "
                                  f"{process.returncode}):\n{stack.output()}")
            if _status_of(f"{stack.url}/api/auth/session") == 401:
                break
            if time.monotonic() > deadline:
                raise StackFailed(f"El stack local no respondió en {STARTUP_TIMEOUT_SECONDS} s:"
                                  f"\n{stack.output()}")
            time.sleep(0.25)
        yield stack
    finally:
        _stop(process)
        with contextlib.suppress(OSError):
            log_path.unlink()
