"""Run locust headless in a subprocess, bounded in time, and read what it measured: the figures,
failures and exceptions the locustfile saves when locust quits, and the journals of writes the
users kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
SPAWN_RATE = 10
STOP_TIMEOUT_SECONDS = 120
GRACE_SECONDS = 240
"""Beyond run time: locust's start, the spawn, the users' stop timeout and the CSV writing. The
stop timeout is long because a user stopped in the middle of a write could leave a write that
nobody recorded; a task under saturation of the local stack takes several seconds."""


@dataclass
class EndpointStats:
    name: str
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    max: float


@dataclass
class LoadRun:
    seconds: int
    returncode: int
    log: str
    endpoints: list[EndpointStats]
    total: EndpointStats
    failures: list[dict[str, Any]]
    exceptions: list[dict[str, Any]]
    writes: list[dict[str, Any]] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [w for w in self.writes if w["kind"] == kind]


def run_locust(url: str, accounts: dict[str, Any], workdir: Path, seconds: int) -> LoadRun:
    """``locust --headless`` for ``seconds`` with one user per account; killed if it overruns."""
    accounts_file = workdir / "accounts.json"
    accounts_file.write_text(json.dumps(accounts), encoding="utf-8")
    results = workdir / "results"
    users = len(accounts["members"]) + len(accounts["staff"])
    command = [str(Path(sys.executable).with_name("locust")), "-f", str(LOCUSTFILE),
               "--headless", "-u", str(users), "-r", str(SPAWN_RATE),
               "--run-time", f"{seconds}s", "--stop-timeout", str(STOP_TIMEOUT_SECONDS),
               "--host", url, "--only-summary", "--exit-code-on-error", "1",
               "--logfile", str(workdir / "locust.log")]
    env = {**os.environ, "LOAD_ACCOUNTS": str(accounts_file), "LOAD_RESULTS": str(results)}
    try:
        finished = subprocess.run(command, env=env, capture_output=True, text=True,
                                  timeout=seconds + GRACE_SECONDS, check=False)
    except subprocess.TimeoutExpired as overrun:
        raise AssertionError(f"locust no terminó en {seconds + GRACE_SECONDS} s") from overrun
    log_file = workdir / "locust.log"
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    log = f"{finished.stderr[-3000:]}\n{log[-3000:]}"
    stats_file = results / "stats.json"
    assert stats_file.exists(), f"locust no escribió sus cifras:\n{log}"
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    return LoadRun(seconds=seconds, returncode=finished.returncode, log=log,
                   endpoints=[EndpointStats(**e) for e in stats["endpoints"]],
                   total=EndpointStats(**stats["total"]), failures=stats["failures"],
                   exceptions=stats["exceptions"], writes=_journal(results))


def _journal(results: Path) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    for journal in sorted(results.glob("writes-*.jsonl")):
        lines.extend(json.loads(line) for line in journal.read_text("utf-8").splitlines()
                     if line.strip())
    return lines


def summary(run: LoadRun, users: int) -> str:
    """The figures for the README: totals, then p50/p95 per endpoint, then the writes."""
    total = run.total
    lines = [f"Carga: {users} usuarios durante {run.seconds} s — {total.requests} solicitudes, "
             f"{total.rps:.1f} solicitudes/s, p50 {total.p50:.0f} ms, p95 {total.p95:.0f} ms, "
             f"máx {total.max:.0f} ms, {total.failures} fallas",
             f"  {'endpoint':<52} {'solic.':>7} {'p50 ms':>7} {'p95 ms':>7} {'fallas':>7}"]
    lines.extend(f"  {e.name:<52} {e.requests:>7} {e.p50:>7.0f} {e.p95:>7.0f} {e.failures:>7}"
                 for e in sorted(run.endpoints, key=lambda e: -e.requests))
    kinds = Counter(w["kind"] for w in run.writes)
    sides = Counter(w["side"] for w in run.of_kind("message"))
    lines.append(f"  escrituras 2xx: {kinds['ticket']} tickets, {sides['member']} respuestas de "
                 f"socios, {sides['staff']} respuestas del personal, {kinds['application']} "
                 f"solicitudes de crédito, {kinds['application_move']} asignaciones y cambios "
                 f"de estado de solicitudes, {kinds['ticket_move']} de tickets; "
                 f"{kinds['refused']} rechazos esperados (carreras 404/409, límite diario 429)")
    return "\n".join(lines)
