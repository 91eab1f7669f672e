"""The workflow of a credit application (solicitud de crédito): states, moves, history, figures.

    received → assigned → in_review → (observed ⇄ in_review) → approved | rejected
    approved → disbursed

An admin's assignment moves ``received`` to ``assigned`` (and may hand an open application to
another operator without changing its state); every other move is a staff decision on the
status. Anything else is a 409 ``invalid_transition``. Staff may also note an observation
without moving the application, until it is finished (rejected or disbursed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from chalicelib.domain.shared.assigned_case import Workflow, parse_decision, parse_filter
from chalicelib.domain.shared.errors import Conflict
from chalicelib.domain.shared.input_fields import (
    OWNERSHIP_FIELDS,
    FieldProblem,
    Fields,
    present,
    refuse_read_only_fields,
    text_value,
)
from chalicelib.domain.shared.permissions import ADMIN_ROLES, STAFF_ROLES, Role

MAX_OBSERVATION_LENGTH = 1000
MAX_HISTORY_LINES = 200
"""Once a history holds this many lines it takes only the lines that move the application
forward: no more notes, observing or handovers. Some 200 lines with a 1000-character note, each
shown twice (``history`` and ``observations``), keep one application's answer well under
Lambda's 6 MB response limit; the forward moves are always taken (at most four more), so no
application is left unable to be decided."""


class Status(StrEnum):
    RECEIVED = "received"
    ASSIGNED = "assigned"
    IN_REVIEW = "in_review"
    OBSERVED = "observed"
    APPROVED = "approved"
    REJECTED = "rejected"
    DISBURSED = "disbursed"


STATUS_LABELS: dict[Status, str] = {
    Status.RECEIVED: "Recibida",
    Status.ASSIGNED: "Asignada",
    Status.IN_REVIEW: "En evaluación",
    Status.OBSERVED: "Observada",
    Status.APPROVED: "Aprobada",
    Status.REJECTED: "Rechazada",
    Status.DISBURSED: "Desembolsada",
}

STATUS_CHANGES: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset(),
    Status.ASSIGNED: frozenset({Status.IN_REVIEW}),
    Status.IN_REVIEW: frozenset({Status.OBSERVED, Status.APPROVED, Status.REJECTED}),
    Status.OBSERVED: frozenset({Status.IN_REVIEW}),
    Status.APPROVED: frozenset({Status.DISBURSED}),
    Status.REJECTED: frozenset(),
    Status.DISBURSED: frozenset(),
}
"""The moves a staff member makes with ``POST .../status`` (assignment is its own route)."""

ASSIGNABLE = frozenset({Status.RECEIVED, Status.ASSIGNED, Status.IN_REVIEW, Status.OBSERVED})
"""An admin may (re)assign an application until it is decided."""

ADMIN_LIST_ORDER = (Status.RECEIVED, Status.ASSIGNED, Status.IN_REVIEW, Status.OBSERVED,
                    Status.APPROVED, Status.REJECTED, Status.DISBURSED)
"""An admin's unfiltered list runs through the states in this order: work waiting first."""

WAITING_FOR_STAFF = frozenset({Status.RECEIVED, Status.ASSIGNED, Status.IN_REVIEW})
"""The staff owes the next step in these states; an observed application waits for the member,
an approved one for the disbursement the core system records, a finished one for no one
(``CreditApplication.waiting_since``)."""

FINISHED = frozenset({Status.REJECTED, Status.DISBURSED})
"""The workflow ends here: no move leaves these states, so nothing more is noted on them."""

NEEDS_OBSERVATION = frozenset({Status.OBSERVED, Status.REJECTED})
DECISIONS = frozenset({Status.APPROVED, Status.REJECTED})
"""Reaching one of these ends the review: the time from receipt is the time to decision."""
MEMBER_IS_NOTIFIED = frozenset({Status.OBSERVED, Status.APPROVED, Status.REJECTED,
                                Status.DISBURSED})


SERVER_OWNED_FIELDS = OWNERSHIP_FIELDS | frozenset({
    "id", "application_id", "number", "status", "member_id", "member_name", "assignee_id",
    "assignee_name", "history", "observations", "created_at", "updated_at", "decided_at",
    "version",
})
"""Fields of an application the cooperative sets. A member's body carrying one is refused (400
``read_only_field``), as in the buzón; the simulation's figures a client may send back
(``installment``, ``schedule``...) are ignored instead: they are always recomputed."""


def refuse_server_owned(payload: dict[str, Any]) -> None:
    """Mass-assignment guard: 400 ``read_only_field`` naming each server-owned field sent."""
    refuse_read_only_fields(payload, SERVER_OWNED_FIELDS)


def invalid_transition(current: Status, target: Status) -> Conflict:
    return Conflict(f"No se puede pasar una solicitud {STATUS_LABELS[current].lower()} a "
                    f"«{STATUS_LABELS[target].lower()}».", code="invalid_transition")


WORKFLOW: Workflow[Status] = Workflow(moves=STATUS_CHANGES, assignable=ASSIGNABLE,
                                      refusal=invalid_transition)


def check_status_change(current: Status, target: Status) -> None:
    """Raise 409 ``invalid_transition`` unless ``current → target`` is a move of the workflow."""
    WORKFLOW.check_move(current, target)


def status_after_assignment(current: Status) -> Status:
    """``received`` becomes ``assigned``; an open application keeps its state when handed over."""
    WORKFLOW.check_assignable(current, Status.ASSIGNED)
    return Status.ASSIGNED if current is Status.RECEIVED else current


def moves_for(role: Role, status: Status) -> list[Status]:
    """What the caller may move the application to next (members: nothing)."""
    return WORKFLOW.moves_for(role, status, ADMIN_LIST_ORDER)


def can_assign(role: Role, status: Status) -> bool:
    return role in ADMIN_ROLES and status in ASSIGNABLE


def can_observe(role: Role, status: Status) -> bool:
    """Staff (the assignee or an admin, as ``can_see`` decides) note observations on an
    application until it is finished; members never do."""
    return role in STAFF_ROLES and status not in FINISHED


def check_accepts_observation(status: Status) -> None:
    """Raise 409 ``application_finished`` once the application is rejected or disbursed."""
    if status in FINISHED:
        raise Conflict(f"La solicitud ya está {STATUS_LABELS[status].lower()}: no admite "
                       "nuevas observaciones.", code="application_finished")


def moves_forward(current: Status, target: Status) -> bool:
    """A line that brings the application nearer its end: the first assignment, into review, a
    decision, the disbursement. A note (``target`` is ``current``), a handover keeping the state
    and observing it go round in circles instead."""
    return target is not current and target is not Status.OBSERVED


def check_room_in_history(lines: int, current: Status, target: Status) -> None:
    """Raise 409 ``application_full`` for a line that does not move the application forward once
    its history holds ``MAX_HISTORY_LINES``. Forward lines are always taken: each leaves the
    state behind for good (observing being refused), so a history never passes
    ``MAX_HISTORY_LINES`` + 4 (assigned, in review, approved, disbursed)."""
    if lines >= MAX_HISTORY_LINES and not moves_forward(current, target):
        raise Conflict(f"La solicitud alcanzó el máximo de {MAX_HISTORY_LINES} registros en su "
                       "historial: ya no admite observaciones ni reasignaciones, solo pasar a "
                       "evaluación, aprobarse, rechazarse o desembolsarse.",
                       code="application_full")


def parse_status_filter(value: str | None) -> Status | None:
    """``?status=``, spaces and capitals allowed."""
    return parse_filter(value, Status, field="status", message="Estado desconocido.",
                        loose=True)


@dataclass(frozen=True)
class StatusChange:
    target: Status
    observation: str | None


def parse_status_change(payload: dict[str, Any]) -> StatusChange:
    """``status`` (a known state) and ``observation`` (required to observe or reject)."""
    target, observation = parse_decision(payload, Status, needs_observation=NEEDS_OBSERVATION)
    return StatusChange(target=target, observation=observation)


def _note(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise FieldProblem("Escribe la observación.")
    return text_value(value, max_length=MAX_OBSERVATION_LENGTH)


def parse_observation(payload: dict[str, Any]) -> str:
    """``observation``: required text of at most 1000 characters (spaces collapsed, as the
    observation of a status change)."""
    fields = Fields()
    text = fields.take("observation", _note, payload.get("observation"))
    fields.raise_if_any("Revisa la observación.")
    return present(text)


# --- figures for the staff dashboard ------------------------------------------------------

DAY_SECONDS = Decimal(86400)


def status_counter(status: Status) -> str:
    return f"credit#status#{status.value}"


def assignee_status_counter(assignee_id: str, status: Status) -> str:
    return f"credit#assignee#{assignee_id}#status#{status.value}"


def decided_counters(assignee_id: str | None) -> tuple[str, str]:
    """(count, sum of seconds from receipt) of decisions: all of them, or one assignee's."""
    prefix = f"credit#assignee#{assignee_id}" if assignee_id else "credit"
    return f"{prefix}#decided#count", f"{prefix}#decided#seconds"


def counter_deltas(before: tuple[Status, str | None] | None,
                   after: tuple[Status, str | None]) -> dict[str, int]:
    """How the per-status counters move when an application goes from ``before`` (state,
    assignee; ``None`` for a new one) to ``after``: kept exact in the same transaction."""
    deltas: dict[str, int] = {}
    moves = [(after, 1)] if before is None else [(before, -1), (after, 1)]
    for (status, assignee), sign in moves:
        counters = [status_counter(status)]
        if assignee:
            counters.append(assignee_status_counter(assignee, status))
        for counter in counters:
            deltas[counter] = deltas.get(counter, 0) + sign
    return {counter: delta for counter, delta in deltas.items() if delta}


def decision_deltas(assignee_id: str | None, seconds_since_receipt: int) -> dict[str, int]:
    """A first decision (approval or rejection) adds one to the decided count and its time since
    receipt to the sum, for everyone and for the assignee who decided."""
    deltas: dict[str, int] = {}
    for owner in {None, assignee_id}:
        count, total = decided_counters(owner)
        deltas[count], deltas[total] = 1, seconds_since_receipt
    return deltas


def seconds_between(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds()))


def average_days(total_seconds: int, decided: int) -> float | None:
    """Average days to decision, to one decimal (``None`` before the first decision)."""
    if decided <= 0:
        return None
    days = Decimal(total_seconds) / DAY_SECONDS / decided
    return float(days.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# --- one open application of the same credit per member ------------------------------------


def open_claim_id(member_id: str, product_code: str, amount: Any, term_months: Any) -> str:
    """What makes two applications *identical*: the same member asking for the same credit
    product, the same amount and the same term. The payment method and the disbursement date
    only shape the schedule, not what is asked for, so they do not tell two applications apart.

    While one such application is open (not in ``FINISHED``), another is refused (409
    ``duplicate_application``): the store keeps one claim under this id, written in the
    application's own transaction only if free and deleted in the one that finishes it, so ten
    identical applications sent at once yield exactly one."""
    amount_text = Decimal(str(amount)).quantize(Decimal("0.01"))
    return f"credit#open#{member_id}#{product_code}#{amount_text}#{int(term_months)}"


def duplicate_application(open_number: int | None) -> Conflict:
    """The 409 naming the identical application still open (its number, when known)."""
    which = f"la solicitud N° {open_number}" if open_number else "una solicitud"
    return Conflict(f"Ya tienes {which} de este crédito en curso. Espera su respuesta o "
                    "escríbenos por el Buzón.", code="duplicate_application")


def daily_limit_message(limit: int) -> str:
    """The 429 of a member who sent ``limit`` applications today (Lima's day)."""
    noun = "solicitud de crédito" if limit == 1 else "solicitudes de crédito"
    return f"Alcanzaste el máximo de {limit} {noun} por día. Podrás enviar otra mañana."
