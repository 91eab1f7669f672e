"""One app, one Lambda per capability: a deployed function mounts only its own blueprint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.handlers import ALL_CAPABILITIES, HTTP_CAPABILITIES

ROOT = Path(__file__).resolve().parents[2]
PROBE = ("import json, sys; from app import app; "
         "print(json.dumps({'routes': sorted(app.routes), "
         "'functions': sorted(app.handler_map), "
         "'handlers': sorted(m for m in sys.modules if m.startswith('chalicelib.handlers.'))}))")


def mounted(capability: str) -> dict:
    env = {**os.environ, "CAPABILITY": capability}
    output = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output)


@pytest.mark.parametrize("capability", ["auth", "reports"])
def test_a_deployed_http_capability_mounts_only_its_own_routes(capability):
    answer = mounted(capability)
    assert all(route.startswith(f"/api/{capability}") for route in answer["routes"])
    others = {f"chalicelib.handlers.{name}" for name in ALL_CAPABILITIES if name != capability}
    assert not others & set(answer["handlers"])


def test_a_worker_capability_mounts_no_routes():
    answer = mounted("notifier")
    assert answer["routes"] == []
    assert "notifier" in answer["functions"]


def test_locally_every_capability_is_mounted(app):
    prefixes = {route.split("/")[2] for route in app.routes}
    assert {"auth"} <= prefixes <= set(HTTP_CAPABILITIES) | {"test-only", "test-echo"}


def test_an_unknown_capability_fails_loudly():
    env = {**os.environ, "CAPABILITY": "payments"}
    result = subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "payments" in result.stderr


FPDF_PROBE = ("import json, sys, app; "
              "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'fpdf')))")


@pytest.mark.parametrize("capability", ALL_CAPABILITIES)
def test_no_function_imports_fpdf2_at_its_cold_start(capability):
    """fpdf2 (~0.6 s) is imported by the reports function on its first report, by no other."""
    env = {**os.environ, "CAPABILITY": capability}
    output = subprocess.run([sys.executable, "-c", FPDF_PROBE], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True).stdout
    assert json.loads(output) == []


def test_only_the_reports_code_path_imports_fpdf2():
    probe = ("import sys, app; from chalicelib.services.reports import reports; "
             "before = 'fpdf' in sys.modules; from chalicelib.services.reports import pdf_report; "
             "print(before, 'fpdf' in sys.modules)")
    env = {**os.environ, "CAPABILITY": "reports"}
    output = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True).stdout.split()
    assert output == ["False", "True"]
