"""A request to change the beneficiaries of a family-benefit plan (cambio de beneficiarios), its
workflow, and whether the core system has registered it.

    received → assigned → observed ⇄ (member corrects) assigned → approved | rejected

A member sends the plan's whole new list (name, DNI, relationship, percentage adding to exactly
100.00 %). An admin assigns it to an operator (``received`` → ``assigned``; an open request may be
handed to another without changing its state); the assignee (or an admin) observes it (the member
corrects the list and sends it again), approves or rejects it. The portal never writes a plan's
beneficiaries: the core system does, and its next family-benefit import shows whether it did.
``registration`` compares the approved list with the plan as last imported, on read.

The entity is immutable: each move returns the request after it with the history line to add and
whether the member is told.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from chalicelib.domain.shared.assigned_case import (
    Actor,
    Workflow,
    history_entry,
    stamp,
)
from chalicelib.domain.shared.clock import lima_today, parse_instant
from chalicelib.domain.shared.errors import Conflict
from chalicelib.domain.shared.permissions import ADMIN_ROLES, STAFF_ROLES, Role

MAX_BENEFICIARIES = 10
MAX_NAME_LENGTH = 120
MAX_OBSERVATION_LENGTH = 1000
MAX_HISTORY_LINES = 60
"""Each line is kept inside the request's item; a request observed and corrected this many
times is finished by a decision (the forward moves are always taken)."""
TOTAL_PERCENTAGE = Decimal("100.00")

RELATIONSHIPS: tuple[str, ...] = ("Cónyuge", "Hijo", "Hija", "Padre", "Madre",
                                  "Hermano", "Hermana", "Otro")
"""The cooperative's terms, as the core system writes them in the family-benefit file."""


class Status(StrEnum):
    RECEIVED = "received"
    ASSIGNED = "assigned"
    OBSERVED = "observed"
    APPROVED = "approved"
    REJECTED = "rejected"


STATUS_LABELS: dict[Status, str] = {
    Status.RECEIVED: "Recibida",
    Status.ASSIGNED: "Asignada",
    Status.OBSERVED: "Observada",
    Status.APPROVED: "Aprobada",
    Status.REJECTED: "Rechazada",
}

ADMIN_LIST_ORDER: tuple[Status, ...] = (Status.RECEIVED, Status.ASSIGNED, Status.OBSERVED,
                                        Status.APPROVED, Status.REJECTED)
"""The admin's whole list: the work waiting first."""

OPEN: frozenset[Status] = frozenset({Status.RECEIVED, Status.ASSIGNED, Status.OBSERVED})
DECISIONS: frozenset[Status] = frozenset({Status.APPROVED, Status.REJECTED})
NEEDS_OBSERVATION: frozenset[Status] = frozenset({Status.OBSERVED, Status.REJECTED})
MEMBER_IS_NOTIFIED: frozenset[Status] = frozenset({Status.OBSERVED, Status.APPROVED,
                                                   Status.REJECTED})


def _refusal(current: Status, target: Status) -> Conflict:
    return Conflict(f"La solicitud está «{STATUS_LABELS[current]}»: no puede pasar a "
                    f"«{STATUS_LABELS[target]}».", code="invalid_transition")


WORKFLOW: Workflow[Status] = Workflow(
    moves={
        Status.RECEIVED: frozenset(),
        Status.ASSIGNED: frozenset({Status.OBSERVED, Status.APPROVED, Status.REJECTED}),
        Status.OBSERVED: frozenset({Status.REJECTED}),
        Status.APPROVED: frozenset(),
        Status.REJECTED: frozenset(),
    },
    assignable=OPEN,
    refusal=_refusal,
)


# --- the list of beneficiaries --------------------------------------------------------------


@dataclass(frozen=True)
class Beneficiary:
    name: str
    dni: str
    relationship: str
    percentage: Decimal

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "dni": self.dni, "relationship": self.relationship,
                "percentage": f"{self.percentage:.2f}"}

    @classmethod
    def from_dict(cls, stored: Mapping[str, Any]) -> Beneficiary:
        return cls(name=str(stored["name"]), dni=str(stored["dni"]),
                   relationship=str(stored["relationship"]),
                   percentage=Decimal(str(stored["percentage"])))


def percentage_total(beneficiaries: Sequence[Beneficiary]) -> Decimal:
    return sum((b.percentage for b in beneficiaries), Decimal("0.00"))


def open_claim_id(member_id: str, plan_id: str) -> str:
    """The one open request a member may have per plan."""
    return f"beneficiaries#open#{member_id}#{plan_id}"


def duplicate_request(number: int | None) -> Conflict:
    which = f" (N.° {number})" if number is not None else ""
    return Conflict(f"Ya tienes una solicitud de cambio de beneficiarios en trámite para este "
                    f"plan{which}. Espera su respuesta o corrígela si fue observada.",
                    code="duplicate_beneficiary_change")


def daily_limit_message(limit: int) -> str:
    """Counted apart from credit applications, with the same stage limit
    (``MEMBER_DAILY_APPLICATIONS``): one open request per plan already bounds the queue; the
    daily limit bounds a member who asks, withdraws by rejection and asks again."""
    requests = "solicitud" if limit == 1 else "solicitudes"
    return (f"Alcanzaste el máximo de {limit} {requests} de cambio de beneficiarios por día. "
            "Podrás enviar otra mañana.")


# --- registration in the core system ------------------------------------------------------


class Registration(StrEnum):
    PENDING = "pending"
    REGISTERED = "registered"
    MISMATCH = "mismatch"


REGISTRATION_LABELS: dict[Registration, str] = {
    Registration.PENDING: "Pendiente de registro en el sistema",
    Registration.REGISTERED: "Registrado",
    Registration.MISMATCH: "No coincide con el sistema",
}


@dataclass(frozen=True)
class RegistrationCheck:
    status: Registration
    differences: tuple[str, ...] = ()


def _folded(text: str) -> str:
    """Names and relationships compared as the core system may spell them: capitals, accents
    and repeated spaces do not count."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", plain).strip().upper()


def _differences_of(approved: Beneficiary, imported: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    if _folded(approved.relationship) != _folded(str(imported.get("relationship", ""))):
        found.append(f"{approved.name}: parentesco aprobado «{approved.relationship}», en el "
                     f"sistema «{imported.get('relationship', '')}».")
    if Decimal(str(imported.get("percentage", "0"))) != approved.percentage:
        found.append(f"{approved.name}: porcentaje aprobado {approved.percentage:.2f} %, en el "
                     f"sistema {Decimal(str(imported.get('percentage', '0'))):.2f} %.")
    if imported.get("dni") and str(imported["dni"]) != approved.dni:
        found.append(f"{approved.name}: DNI aprobado {approved.dni}, en el sistema "
                     f"{imported['dni']}.")
    return found


def differences(approved: Sequence[Beneficiary],
                imported: Sequence[Mapping[str, Any]]) -> list[str]:
    """What the plan as imported says differently from the approved list, in Spanish, matched
    by name (the family-benefit file carries no beneficiary DNI; one that does is compared)."""
    by_name = {_folded(str(row.get("name", ""))): row for row in imported}
    found: list[str] = []
    for beneficiary in approved:
        row = by_name.pop(_folded(beneficiary.name), None)
        if row is None:
            found.append(f"{beneficiary.name}: no figura en el sistema.")
        else:
            found.extend(_differences_of(beneficiary, row))
    found.extend(f"{row.get('name', '')}: figura en el sistema y no en la solicitud."
                 for row in by_name.values())
    return found


def registration(approved: Sequence[Beneficiary], imported: Sequence[Mapping[str, Any]] | None,
                 imported_as_of: date | None, decided_at: datetime) -> RegistrationCheck:
    """Registered once the plan as imported agrees with the approved list; until then pending,
    unless the core system's data is of a day after the approval and still disagrees: then it
    does not match (staff look into it)."""
    found = differences(approved, imported or []) if imported is not None else ["Sin plan."]
    if not found:
        return RegistrationCheck(Registration.REGISTERED)
    if imported_as_of is not None and imported_as_of > lima_today(decided_at):
        return RegistrationCheck(Registration.MISMATCH, tuple(found))
    return RegistrationCheck(Registration.PENDING, tuple(found))


# --- the entity -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusChange:
    target: Status
    observation: str | None = None


@dataclass(frozen=True)
class BeneficiaryChange:
    change_id: str
    number: int
    member_id: str
    member_name: str
    member_dni: str | None
    plan_id: str
    plan_number: str
    status: Status
    beneficiaries: tuple[Beneficiary, ...]
    created_at: str
    updated_at: str
    history: tuple[Mapping[str, Any], ...] = ()
    assignee_id: str | None = None
    assignee_name: str | None = None
    decided_at: str | None = None
    version: int | None = None

    @property
    def open_claim_id(self) -> str:
        return open_claim_id(self.member_id, self.plan_id)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def _with_line(self, line: dict[str, Any], moment: datetime, **changes: Any
                   ) -> BeneficiaryChange:
        return replace(self, history=(*self.history, line), updated_at=stamp(moment),
                       **changes)

    def _check_room(self, target: Status) -> None:
        if len(self.history) >= MAX_HISTORY_LINES and target not in DECISIONS:
            raise Conflict("La solicitud ya no admite más observaciones: apruébala o "
                           "recházala.", code="beneficiary_change_full")

    def assign(self, by: Actor, operator: Actor, moment: datetime) -> BeneficiaryChange:
        """Hand the request to ``operator``: ``received`` becomes ``assigned``, an open one
        keeps its state; a decided one is a 409."""
        target = Status.ASSIGNED if self.status is Status.RECEIVED else self.status
        WORKFLOW.check_assignable(self.status, target)
        self._check_room(target)
        line = history_entry(at=moment, actor=by, from_status=self.status, to_status=target,
                             assignee=operator)
        return self._with_line(line, moment, status=target, assignee_id=operator.user_id,
                               assignee_name=operator.name)

    def move(self, by: Actor, change: StatusChange, moment: datetime) -> BeneficiaryChange:
        """A staff decision: observe, approve or reject (an observation is required to observe
        or reject, ``parse_status_change``)."""
        WORKFLOW.check_move(self.status, change.target)
        self._check_room(change.target)
        line = history_entry(at=moment, actor=by, from_status=self.status,
                             to_status=change.target, observation=change.observation)
        decided = stamp(moment) if change.target in DECISIONS else self.decided_at
        return self._with_line(line, moment, status=change.target, decided_at=decided)

    def correct(self, by: Actor, beneficiaries: Sequence[Beneficiary],
                moment: datetime) -> BeneficiaryChange:
        """The member sends the corrected list of an observed request: back to its assignee
        (or to the queue if it has none)."""
        if self.status is not Status.OBSERVED:
            raise Conflict("Solo se corrige una solicitud observada.",
                           code="invalid_transition")
        self._check_room(Status.ASSIGNED)
        target = Status.ASSIGNED if self.assignee_id else Status.RECEIVED
        line = history_entry(at=moment, actor=by, from_status=self.status, to_status=target,
                             observation="El socio corrigió la lista de beneficiarios.")
        return self._with_line(line, moment, status=target, beneficiaries=tuple(beneficiaries))

    def moves_for(self, role: Role) -> list[Status]:
        return WORKFLOW.moves_for(role, self.status, ADMIN_LIST_ORDER)

    def can_be_assigned_by(self, role: Role) -> bool:
        return role in ADMIN_ROLES and self.status in OPEN

    def can_be_corrected_by(self, role: Role) -> bool:
        return role is Role.MEMBER and self.status is Status.OBSERVED

    def registration(self, plan: Sequence[Mapping[str, Any]] | None,
                     plan_as_of: date | None) -> RegistrationCheck | None:
        """Only an approved request is registered (or not) by the core system."""
        if self.status is not Status.APPROVED or self.decided_at is None:
            return None
        return registration(self.beneficiaries, plan, plan_as_of,
                            parse_instant(self.decided_at))


def new_request(change_id: str, number: int, member: Actor, member_dni: str | None,
                plan_id: str, plan_number: str, beneficiaries: Sequence[Beneficiary],
                moment: datetime) -> BeneficiaryChange:
    """A member's new request: ``received``, its receipt the first history line."""
    at = stamp(moment)
    line = history_entry(at=moment, actor=member, from_status=None, to_status=Status.RECEIVED)
    return BeneficiaryChange(change_id=change_id, number=number, member_id=member.user_id,
                             member_name=member.name, member_dni=member_dni, plan_id=plan_id,
                             plan_number=plan_number, status=Status.RECEIVED,
                             beneficiaries=tuple(beneficiaries), created_at=at,
                             updated_at=at, history=(line,))


def is_staff(role: Role) -> bool:
    return role in STAFF_ROLES
