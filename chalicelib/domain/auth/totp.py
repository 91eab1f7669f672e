"""TOTP rules (docs/design/ARCHITECTURE.md "TOTP"): SHA1, 6 digits, 30-second steps.

A code is accepted for the current step or the previous one only, and each step at most once per
user: the step of the last accepted code is stored and a code is fresh only when its step is
newer. The code arithmetic itself is pyotp's (in the services); this module owns the time rules.
"""

from __future__ import annotations

import re
from datetime import datetime

ISSUER = "COOPAC PETROPERÚ"
DIGITS = 6
STEP_SECONDS = 30
_CODE = re.compile(r"^[0-9]{6}$")


def step_at(moment: datetime) -> int:
    """The 30-second step that ``moment`` falls in (RFC 6238's T)."""
    return int(moment.timestamp()) // STEP_SECONDS


def step_start(step: int) -> int:
    """Unix time at which ``step`` begins (what pyotp's ``at`` takes)."""
    return step * STEP_SECONDS


def acceptable_steps(now: datetime) -> tuple[int, int]:
    """The current step first, then the previous one: one step of drift, backwards only."""
    current = step_at(now)
    return current, current - 1


def is_fresh(step: int, last_used_step: float | None) -> bool:
    """A step may be used only when it is newer than the last one accepted for the user."""
    return step > (last_used_step or 0)


def normalize_code(code: object) -> str | None:
    """The six digits of a code as typed (spaces allowed, as apps show ``123 456``), or None."""
    if not isinstance(code, str):
        return None
    digits = code.replace(" ", "").strip()
    return digits if _CODE.match(digits) else None
