"""The rules every assigned case shares (credit applications, tickets, and the kinds to come:
beneficiary changes, reclamos): a member's case, handed by an admin to a staff member who moves
it through its own states.

What differs between kinds is data, passed in: the status enum, its table of staff moves, the
states an assignment may start from and the Spanish refusal of a move. What is the same is here,
once: who may see a case, the id and page-size checks, the stored instant, which list a caller
reads, a status move with its history line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from chalicelib.domain.shared.clock import iso_instant
from chalicelib.domain.shared.errors import Conflict, InvalidInput
from chalicelib.domain.shared.input_fields import FieldProblem, Fields, present, text_value
from chalicelib.domain.shared.permissions import ADMIN_ROLES, Role

MAX_ASSIGNEE_ID_LENGTH = 64
_CASE_ID = re.compile(r"^[0-9a-f]{32}$")


# --- who sees what ------------------------------------------------------------------------


def can_see(role: Role, user_id: str, member_id: str, assignee_id: str | None, *,
            in_shared_queue: bool = False) -> bool:
    """Members see their own cases, operators those assigned to them, admins all. An operator
    of the case's shared queue (``domain.shared.routing``: ``in_shared_queue``) also sees it
    while nobody has it."""
    if role in ADMIN_ROLES:
        return True
    if role is Role.OPERATOR:
        return assignee_id == user_id or (in_shared_queue and not assignee_id)
    return member_id == user_id


def is_case_id(value: str) -> bool:
    """Case ids are uuid4 hex; anything else cannot be a case (and is answered 404)."""
    return bool(_CASE_ID.match(value))


@dataclass(frozen=True)
class ListScope:
    """Which list a caller reads: a member's own (``member_id``), one assignee's
    (``assignee_id``), or, with neither, every case state by state (admins)."""

    member_id: str | None = None
    assignee_id: str | None = None


def list_scope(role: Role, user_id: str, requested_assignee: str | None) -> ListScope:
    """Members read their own cases and operators those assigned to them, whatever they ask;
    admins read one assignee's (``?assignee=``) or all of them."""
    if role is Role.MEMBER:
        return ListScope(member_id=user_id)
    assignee = user_id if role not in ADMIN_ROLES else (requested_assignee or "").strip()
    if len(assignee) > MAX_ASSIGNEE_ID_LENGTH:
        raise InvalidInput(fields={"assignee": "Responsable desconocido."})
    return ListScope(assignee_id=assignee or None)


# --- query parameters ---------------------------------------------------------------------


def parse_filter[E: StrEnum](value: str | None, kind: type[E], *, field: str, message: str,
                             loose: bool = False) -> E | None:
    """An optional ``?status=``-like filter naming one member of ``kind``; ``loose`` also takes
    surrounding spaces and capitals (as the credit lists always have)."""
    if value in (None, ""):
        return None
    text = str(value).strip().lower() if loose else str(value)
    try:
        return kind(text)
    except ValueError:
        raise InvalidInput(fields={field: message}) from None


# --- a staff decision's body ---------------------------------------------------------------

MAX_OBSERVATION_LENGTH = 1000


def parse_decision[E: StrEnum](data: Mapping[str, Any], kind: type[E], *,
                               needs_observation: Collection[E]) -> tuple[E, str | None]:
    """``status`` (a state of ``kind``) and ``observation`` (required for the states of
    ``needs_observation``): the body of a staff member moving a case."""
    fields = Fields()
    target = fields.take("status", lambda value: _state(value, kind), data.get("status"))
    observation = fields.take("observation", _observation, data.get("observation"))
    if target in needs_observation and "observation" not in fields.problems and not observation:
        fields.add("observation", "Escribe la observación para el socio.")
    fields.raise_if_any("Revisa el cambio de estado.")
    return present(target), observation


def _state[E: StrEnum](value: Any, kind: type[E]) -> E:
    if not isinstance(value, str):
        raise FieldProblem("Indica el nuevo estado.")
    try:
        return kind(value.strip().lower())
    except ValueError:
        raise FieldProblem("Estado desconocido.") from None


def _observation(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return text_value(value, max_length=MAX_OBSERVATION_LENGTH)


# --- time ---------------------------------------------------------------------------------


def stamp(moment: datetime) -> str:
    """A stored instant, fixed width with microseconds: sorts as text, so two cases (or lines)
    of the same second keep their order; the API shows ``clock.iso_instant``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- status moves -------------------------------------------------------------------------


@dataclass(frozen=True)
class Workflow[S: StrEnum]:
    """One kind's state machine: the staff moves from each state, the states an assignment
    takes a case from, and the refusal (409) of a move not in the table."""

    moves: Mapping[S, frozenset[S]]
    assignable: frozenset[S]
    refusal: Callable[[S, S], Conflict]

    def check_move(self, current: S, target: S) -> None:
        """Raise the kind's 409 unless ``current → target`` is a staff move."""
        if target not in self.moves[current]:
            raise self.refusal(current, target)

    def check_assignable(self, current: S, assigned: S) -> None:
        """Raise the kind's 409 unless a case in ``current`` may be (re)assigned."""
        if current not in self.assignable:
            raise self.refusal(current, assigned)

    def moves_for(self, role: Role, current: S, order: tuple[S, ...]) -> list[S]:
        """The states the caller may pick next, in ``order`` (members: none)."""
        if role is Role.MEMBER:
            return []
        return [target for target in order if target in self.moves[current]]


@dataclass(frozen=True)
class Actor:
    """Who did something to a case, as its history shows them."""

    user_id: str
    role: str
    name: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.user_id, "role": self.role, "name": self.name}


@dataclass(frozen=True)
class Person:
    """A user as a staff-worked case (credit application, beneficiary change) needs them: to
    sign a history line, to take the case, to be e-mailed, to be shown to staff."""

    user_id: str
    role: Role | None
    """``None`` for a stored role the portal does not know (never an operator)."""
    name: str
    email: str
    active: bool
    dni: str | None = None

    @property
    def is_active_operator(self) -> bool:
        return self.active and self.role is Role.OPERATOR

    def as_actor(self, role: Role) -> Actor:
        """Signed with the role of the session that acts (the principal's)."""
        return Actor(user_id=self.user_id, role=role.value, name=self.name)


def history_entry(*, at: datetime, actor: Actor, from_status: StrEnum | None,
                  to_status: StrEnum, observation: str | None = None,
                  assignee: Actor | None = None) -> dict[str, Any]:
    """One line of a case's history: who, when, from, to, and what they noted. A note without
    a move is a line whose ``from`` and ``to`` are the same state; a handover carries
    ``assignee``."""
    entry: dict[str, Any] = {
        "at": iso_instant(at),
        "actor": actor.as_dict(),
        "from": from_status.value if from_status else None,
        "to": to_status.value,
        "observation": observation,
    }
    if assignee:
        entry["assignee"] = {"id": assignee.user_id, "name": assignee.name}
    return entry


def observations_of(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The observations are the history's lines that carry one, oldest first: when, who, the
    state it was noted in (the line's ``to``) and the text."""
    return [{"at": line["at"], "author": line["actor"], "status": line["to"],
             "text": line["observation"]}
            for line in history if line.get("observation")]
