"""What the staff lists say about waiting: the ``?waiting=`` filter (cases that waited more than
N hours for the staff, or the overdue ones: more than the stage's ``case_overdue_hours``) and
each row's ``waiting_since``, ``waited_label`` and ``overdue``.

Which stamp a case waits from is each kind's rule (``Ticket.waiting_since``,
``CreditApplication.waiting_since``); the store turns the hours into a Query's conditions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.domain.shared.assigned_case import stamp
from chalicelib.domain.shared.clock import iso_instant, parse_instant
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.waiting import is_overdue, overdue_cutoff, waited_label

OVERDUE = "overdue"
MAX_HOURS = 24 * 365
_MESSAGE = f"Usa «{OVERDUE}» o un número entero de horas de 1 a {MAX_HOURS}."


@dataclass(frozen=True)
class WaitingFilter:
    """``overdue`` or at least ``min_hours``; ``hours`` resolves it against the stage."""

    min_hours: int | None = None
    overdue: bool = False

    def hours(self, overdue_hours: int) -> int:
        return overdue_hours if self.overdue or self.min_hours is None else self.min_hours


def parse_waiting_filter(value: str | None) -> WaitingFilter | None:
    """``None`` (no filter) for an absent or empty value; 400 for anything else unknown."""
    if value in (None, ""):
        return None
    text = str(value).strip().lower()
    if text == OVERDUE:
        return WaitingFilter(overdue=True)
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_HOURS:
        raise InvalidInput(fields={"waiting": _MESSAGE})
    return WaitingFilter(min_hours=int(text))


def waited_before(waiting: WaitingFilter, now: datetime, overdue_hours: int) -> str:
    """The stored stamp a case must have waited since (or earlier) to pass ``waiting``."""
    return stamp(overdue_cutoff(now, waiting.hours(overdue_hours)))


def waiting_fields(since: str | None, now: datetime, overdue_hours: int) -> dict[str, Any]:
    """A list row's waiting: ``waiting_since`` (ISO, ``None`` when the case waits for no one on
    the staff), ``waited_label`` («5 h») and ``overdue``."""
    if since is None:
        return {"waiting_since": None, "waited_label": None, "overdue": False}
    moment = parse_instant(since)
    return {"waiting_since": iso_instant(moment), "waited_label": waited_label(moment, now),
            "overdue": is_overdue(moment, now, overdue_hours)}
