"""Fifty members browsing and ten staff working at once on the local stack, for a bounded time
(``LOAD_SECONDS``, default 180): no 5xx, no connection error, no failed request, and every write
that was answered 2xx exists exactly once afterwards (``tests/load/checks.py``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.e2e.support import LocalStack
from tests.load.checks import read_back
from tests.load.run import run_locust, summary

DEFAULT_SECONDS = 180


def test_sixty_people_at_once_get_no_server_error_and_lose_or_duplicate_no_write(
        local_stack: LocalStack, load_accounts_of: dict[str, Any], tmp_path: Path) -> None:
    seconds = int(os.environ.get("LOAD_SECONDS") or DEFAULT_SECONDS)
    users = len(load_accounts_of["members"]) + len(load_accounts_of["staff"])

    run = run_locust(local_stack.url, load_accounts_of, tmp_path, seconds)
    print("\n" + summary(run, users))

    server_errors = run.of_kind("server_error")
    assert not server_errors, f"5xx o errores de conexión: {server_errors[:10]}" \
                              f"\n{local_stack.output()}"
    assert not run.failures, f"solicitudes fallidas: {run.failures}\n{run.log}"
    assert not run.exceptions, f"excepciones en los usuarios: {run.exceptions}\n{run.log}"
    assert run.returncode == 0, run.log
    signed_in = sum(e.requests for e in run.endpoints if e.name == "POST /api/auth/login")
    assert signed_in == users, f"{signed_in} inicios de sesión para {users} usuarios"
    unfinished = sum(w["count"] for w in run.of_kind("unfinished_writes"))
    assert run.of_kind("unfinished_writes") and unfinished == 0, \
        f"{unfinished} escrituras sin respuesta al detener a los usuarios: no se pueden contar"
    assert run.of_kind("ticket") and run.of_kind("application"), \
        "la carga no escribió tickets ni solicitudes: nada que contar"

    problems, counts = read_back(local_stack.url, load_accounts_of["members"], run.writes)
    print(f"  leído después: {counts['tickets']} tickets con {counts['messages']} mensajes, "
          f"{counts['applications']} solicitudes — {len(problems)} diferencias")
    assert not problems, "\n".join(problems[:40])
