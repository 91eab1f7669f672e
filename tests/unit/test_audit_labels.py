"""Every audit action the app records has a Spanish label in Auditoría (static-site/src/admin.js
``AUDIT_ACTIONS``), so an admin never reads a raw ``credit.application_...`` name."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AUDITING_CALLS = {"record", "_audit", "_audit_user"}
ACTION = re.compile(r"^[a-z_]+\.[a-z_]+$")


def _recorded_actions() -> set[str]:
    """Action names passed (as ``action=`` or a positional string) to the audit functions."""
    found: set[str] = set()
    for path in (ROOT / "chalicelib").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name not in AUDITING_CALLS:
                continue
            values = [*node.args, *(k.value for k in node.keywords if k.arg == "action")]
            found |= {v.value for v in values if isinstance(v, ast.Constant)
                      and isinstance(v.value, str) and ACTION.match(v.value)}
    return found


def _labelled_actions() -> set[str]:
    source = (ROOT / "static-site" / "src" / "admin.js").read_text("utf-8")
    block = source[source.index("export const AUDIT_ACTIONS"):]
    block = block[:block.index("});")]
    return set(re.findall(r"'([a-z_]+\.[a-z_]+)':", block))


def test_every_recorded_action_has_a_spanish_label() -> None:
    recorded = _recorded_actions()
    assert {"auth.login", "credit.application_observation_added", "tickets.created"} <= recorded
    assert recorded - _labelled_actions() == set()


def test_the_notice_of_suppressed_refusals_has_a_spanish_label() -> None:
    from chalicelib.domain.shared.refusal_audit import SUPPRESSED_ACTION

    assert SUPPRESSED_ACTION in _labelled_actions()
