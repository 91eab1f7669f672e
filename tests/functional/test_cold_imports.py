"""What each deployed function imports at its cold start: what Lambda imports for its handler
(``app`` with ``CAPABILITY=<name>`` for an HTTP function, ``chalicelib.handlers.<name>`` for a
worker), in a fresh interpreter. Heavy libraries and the services only some routes use load on
first use (``make bench``, section ``imports_cold``, prices the rest against the bare
``chalice`` + ``pynamodb.models`` import)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.handlers import ALL_CAPABILITIES, HTTP_CAPABILITIES, WORKER_CAPABILITIES

ROOT = Path(__file__).resolve().parents[2]
PROBE = ("import importlib, json, sys; importlib.import_module(sys.argv[1]); "
         "print(json.dumps(sorted(sys.modules)))")

ON_FIRST_USE = ("argon2", "zxcvbn", "segno", "pyotp", "fpdf", "ua_parser", "email.mime")
"""Libraries no function needs before a particular route or job runs."""

HTTP_ONLY = ("chalicelib.handlers.http", "chalicelib.services.auth.sessions",
             "chalicelib.services.auth.terms")
"""The request plumbing: a worker has no request, no session and no terms to accept."""

ROUTE_ONLY = {
    "auth": ("chalicelib.services.auth.profile", "chalicelib.services.auth.recovery",
             "chalicelib.services.auth.email_revert",
             "chalicelib.services.auth.alert_preferences"),
    "admin": ("chalicelib.services.admin.imports", "chalicelib.services.admin.audit_viewer",
              "chalicelib.services.admin.holidays", "chalicelib.services.complaints.export",
              "chalicelib.services.auth.registration_codes"),
    "tickets": ("chalicelib.services.complaints.complaints",
                "chalicelib.services.accounts.case_products",
                "chalicelib.services.tickets.workload"),
    "credit": ("chalicelib.services.accounts.case_products",),
    "accounts": ("chalicelib.services.accounts.beneficiary_changes",),
    "reports": ("chalicelib.services.reports.data_archives",),
    "notifier": ("chalicelib.services.admin.daily_summary", "chalicelib.services.auth.recovery",
                 "chalicelib.services.auth.registration_jobs"),
    "import_worker": ("chalicelib.services.reports.data_archives",),
}
"""Per function, services that only some of its routes or jobs use."""


def _entry_point(capability: str) -> str:
    return "app" if capability in HTTP_CAPABILITIES else f"chalicelib.handlers.{capability}"


@pytest.fixture(scope="module")
def cold_modules() -> dict[str, set[str]]:
    """Every function's modules after its cold import, the interpreters run side by side."""
    running = {}
    for capability in ALL_CAPABILITIES:
        env = {**os.environ, "CAPABILITY": capability}
        running[capability] = subprocess.Popen(
            [sys.executable, "-c", PROBE, _entry_point(capability)], cwd=ROOT, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    found = {}
    for capability, process in running.items():
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        found[capability] = set(json.loads(out))
    return found


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names
                  if any(m == name or m.startswith(f"{name}.") for m in modules))


@pytest.mark.parametrize("capability", ALL_CAPABILITIES)
def test_heavy_libraries_wait_for_their_first_use(cold_modules, capability):
    assert _loaded(cold_modules[capability], ON_FIRST_USE) == []


@pytest.mark.parametrize("worker", WORKER_CAPABILITIES)
def test_workers_stay_off_the_http_modules(cold_modules, worker):
    assert _loaded(cold_modules[worker], HTTP_ONLY) == []


@pytest.mark.parametrize("capability", sorted(ROUTE_ONLY))
def test_services_of_some_routes_wait_for_those_routes(cold_modules, capability):
    assert _loaded(cold_modules[capability], ROUTE_ONLY[capability]) == []


def test_the_probe_sees_what_a_function_does_import(cold_modules):
    """The check cannot pass vacuously: the modules every request needs are there."""
    assert {"chalicelib.handlers.http", "chalicelib.services.auth.sessions",
            "chalicelib.handlers.auth", "pynamodb.models"} <= cold_modules["auth"]
    assert "chalicelib.services.shared.notifications" in cold_modules["notifier"]
