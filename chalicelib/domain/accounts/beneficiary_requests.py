"""The typed requests of the beneficiary-change routes (docs/validation.md): the member's list,
the staff's assignment and decision, the list's query.

Every bad field of the list is named where the form shows it: ``beneficiaries[2].dni``, and the
whole list's problems (none, too many, a total other than 100.00 %, a DNI twice) under
``beneficiaries``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chalicelib.domain.accounts.beneficiary_change import (
    MAX_BENEFICIARIES,
    MAX_NAME_LENGTH,
    NEEDS_OBSERVATION,
    RELATIONSHIPS,
    TOTAL_PERCENTAGE,
    Beneficiary,
    Status,
    StatusChange,
    percentage_total,
)
from chalicelib.domain.shared.assigned_case import (
    MAX_ASSIGNEE_ID_LENGTH,
    parse_decision,
    parse_filter,
)
from chalicelib.domain.shared.input_fields import (
    OWNERSHIP_FIELDS,
    FieldProblem,
    Fields,
    decimal_value,
    parse_limit,
    present,
    refuse_read_only_fields,
    required,
    text_value,
)

SERVER_OWNED = OWNERSHIP_FIELDS | {"id", "number", "history", "created_at", "updated_at",
                                   "decided_at", "registration", "plan_number"}
_DNI = re.compile(r"[0-9]{8}")
_PLAN_ID = re.compile(r"[0-9a-f]{16}")
_FOLDED_RELATIONSHIPS = {name.lower(): name for name in RELATIONSHIPS}
RELATIONSHIP_MESSAGE = f"Elige el parentesco: {', '.join(RELATIONSHIPS)}."


@dataclass(frozen=True)
class ChangeRequest:
    plan_id: str
    beneficiaries: tuple[Beneficiary, ...]


@dataclass(frozen=True)
class CorrectionRequest:
    beneficiaries: tuple[Beneficiary, ...]


@dataclass(frozen=True)
class AssignRequest:
    operator_id: str | None


@dataclass(frozen=True)
class ListQuery:
    status: Status | None
    limit: int
    cursor: str | None
    assignee: str


def _dni(value: Any) -> str:
    required(value)
    if not isinstance(value, str) or not _DNI.fullmatch(value.strip()):
        raise FieldProblem("El DNI debe tener 8 dígitos.")
    return value.strip()


def _relationship(value: Any) -> str:
    required(value)
    if not isinstance(value, str) or value.strip().lower() not in _FOLDED_RELATIONSHIPS:
        raise FieldProblem(RELATIONSHIP_MESSAGE)
    return _FOLDED_RELATIONSHIPS[value.strip().lower()]


def _percentage(value: Any) -> Decimal:
    number = decimal_value(value, places=2)
    if not Decimal("0.01") <= number <= TOTAL_PERCENTAGE:
        raise FieldProblem("El porcentaje debe estar entre 0.01 y 100.00.")
    return number.quantize(Decimal("0.01"))


def _name(value: Any) -> str:
    return text_value(value, min_length=2, max_length=MAX_NAME_LENGTH)


def _beneficiary(row: Any, at: str, fields: Fields) -> Beneficiary | None:
    if not isinstance(row, Mapping):
        fields.add(at, "Cada beneficiario lleva nombre, DNI, parentesco y porcentaje.")
        return None
    name = fields.take(f"{at}.name", _name, row.get("name"))
    dni = fields.take(f"{at}.dni", _dni, row.get("dni"))
    relationship = fields.take(f"{at}.relationship", _relationship, row.get("relationship"))
    percentage = fields.take(f"{at}.percentage", _percentage, row.get("percentage"))
    if name is None or dni is None or relationship is None or percentage is None:
        return None
    return Beneficiary(name=name.upper(), dni=dni, relationship=relationship,
                       percentage=percentage)


def _check_whole_list(beneficiaries: list[Beneficiary], fields: Fields) -> None:
    dnis = [b.dni for b in beneficiaries]
    if len(set(dnis)) != len(dnis):
        fields.add("beneficiaries", "Un mismo DNI figura dos veces en la lista.")
    total = percentage_total(beneficiaries)
    if total != TOTAL_PERCENTAGE:
        fields.add("beneficiaries", f"Los porcentajes suman {total:.2f} %; deben sumar "
                                    "exactamente 100.00 %.")


def parse_beneficiaries(value: Any, fields: Fields) -> tuple[Beneficiary, ...]:
    """The whole new list: 1 to 10 beneficiaries, DNIs distinct, percentages adding to 100.00;
    every problem collected in ``fields``."""
    if not isinstance(value, list) or not value:
        fields.add("beneficiaries", "Agrega al menos un beneficiario.")
        return ()
    if len(value) > MAX_BENEFICIARIES:
        fields.add("beneficiaries", f"Como máximo {MAX_BENEFICIARIES} beneficiarios.")
        return ()
    parsed = [_beneficiary(row, f"beneficiaries[{i}]", fields) for i, row in enumerate(value)]
    complete = [b for b in parsed if b is not None]
    if len(complete) == len(parsed):
        _check_whole_list(complete, fields)
    return tuple(complete)


def _plan_id(value: Any) -> str:
    required(value)
    if not isinstance(value, str) or not _PLAN_ID.fullmatch(value):
        raise FieldProblem("Elige uno de tus planes de beneficio familiar.")
    return value


def parse_change_request(data: Mapping[str, Any]) -> ChangeRequest:
    """``plan_id`` (one of the member's plans, checked by the service) and ``beneficiaries``."""
    refuse_read_only_fields(data, SERVER_OWNED)
    fields = Fields()
    plan_id = fields.take("plan_id", _plan_id, data.get("plan_id"))
    beneficiaries = parse_beneficiaries(data.get("beneficiaries"), fields)
    fields.raise_if_any("Revisa la lista de beneficiarios.")
    return ChangeRequest(plan_id=present(plan_id), beneficiaries=beneficiaries)


def parse_correction_request(data: Mapping[str, Any]) -> CorrectionRequest:
    refuse_read_only_fields(data, SERVER_OWNED | {"plan_id"})
    fields = Fields()
    beneficiaries = parse_beneficiaries(data.get("beneficiaries"), fields)
    fields.raise_if_any("Revisa la lista de beneficiarios.")
    return CorrectionRequest(beneficiaries=beneficiaries)


def parse_assign_request(data: Mapping[str, Any]) -> AssignRequest:
    """An unknown or missing operator is the service's 400 (``invalid_assignee``)."""
    try:
        return AssignRequest(operator_id=text_value(data.get("operator_id"),
                                                    max_length=MAX_ASSIGNEE_ID_LENGTH))
    except ValueError:
        return AssignRequest(operator_id=None)


def parse_status_change(data: Mapping[str, Any]) -> StatusChange:
    """``status`` and ``observation`` (required to observe or reject)."""
    target, observation = parse_decision(data, Status, needs_observation=NEEDS_OBSERVATION)
    return StatusChange(target=target, observation=observation)


def parse_list_query(query: Mapping[str, str]) -> ListQuery:
    status = parse_filter(query.get("status"), Status, field="status",
                          message="Estado desconocido.", loose=True)
    return ListQuery(status=status, limit=parse_limit(query.get("limit")),
                     cursor=query.get("cursor") or None, assignee=query.get("assignee") or "")

