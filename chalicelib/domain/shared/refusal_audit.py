"""Refusal audits rate-limited per principal (issue 14, finding 8).

Anyone can make the portal refuse them (wrong sign-ins, 403s, 404s of someone else's records,
failed step-ups), and each refusal used to append an audit record: a flood of refusals filled
the audit log and buried what mattered. Refusals are now recorded one by one up to ``BUDGET`` per
principal in each ``WINDOW``; the first refusal past it writes one ``audit.refusals_suppressed``
notice instead, and the later ones are only counted (the counter keeps the flood's size).
Successes and every state change are always recorded.

The principal is the signed-in user when there is a session; otherwise the client address,
counted as the address throttle counts it (IPv6 by /64). A caller without a session is not the
account it names: budgeting that account would let a stranger silence its owner's refusals.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from enum import Enum

from chalicelib.domain.shared.audit import AuditEvent
from chalicelib.domain.shared.clock import iso_instant
from chalicelib.domain.shared.edge import counted_address

WINDOW = timedelta(minutes=10)
BUDGET = 20
"""Refusals recorded one by one per principal and window: ordinary mistakes never reach it."""
COUNTER_LIFETIME = timedelta(days=7)
"""The window's counter outlives it, so the final size of a flood can still be read."""
COUNTER_PREFIX = "refusals#"
"""The only ``security_counters`` keys the business functions may update (IAM LeadingKeys)."""
SUPPRESSED_ACTION = "audit.refusals_suppressed"
REFUSAL_OUTCOMES = frozenset({"failure", "denied"})
ALWAYS_RECORDED = frozenset({"import.loaded", "import.upload_refused", SUPPRESSED_ACTION})
"""The import worker's own outcomes (a failed load is a state change and no caller can repeat
it) and the notice itself."""
COUNTER_TABLE = "security_counters"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Disposition(Enum):
    RECORD = "record"
    NOTE_SUPPRESSION = "note_suppression"
    COUNT_ONLY = "count_only"


def is_budgeted(action: str, outcome: str) -> bool:
    return outcome in REFUSAL_OUTCOMES and action not in ALWAYS_RECORDED


def principal_key(signed_in_user_id: str | None, address: str) -> str:
    if signed_in_user_id:
        return f"user:{signed_in_user_id}"
    return f"address:{counted_address(address)}"


def window_start(now: datetime) -> datetime:
    """The start of the fixed window ``now`` falls in (windows are aligned to the epoch)."""
    return _EPOCH + ((now - _EPOCH) // WINDOW) * WINDOW


def counter_id(principal: str, start: datetime) -> str:
    return f"{COUNTER_PREFIX}{principal}#{iso_instant(start)}"


def disposition(count_in_window: int | None, budget: int = BUDGET) -> Disposition:
    """What the refusal counted ``count_in_window``-th in its window leaves in the audit log;
    an uncounted one (None: the count failed) is recorded."""
    if count_in_window is None or count_in_window <= budget:
        return Disposition.RECORD
    if count_in_window == budget + 1:
        return Disposition.NOTE_SUPPRESSION
    return Disposition.COUNT_ONLY


def suppression_notice(first_suppressed: AuditEvent, principal: str,
                       start: datetime) -> AuditEvent:
    """The one record of a window's suppressed refusals, in place of the first of them."""
    return replace(first_suppressed, action=SUPPRESSED_ACTION, outcome="denied", target=principal,
                   details={"budget": str(BUDGET), "window_start": iso_instant(start),
                            "window_end": iso_instant(start + WINDOW),
                            "first_suppressed": first_suppressed.action,
                            "counted_in": f"{COUNTER_TABLE} {counter_id(principal, start)}"})
