"""Routing: who a new case goes to when it arrives (issue 17).

An admin sets one rule per queue: a ticket category of the buzón (``ticket`` + the category) or
a credit product (``credit`` + the product code). A rule's mode is

- ``round_robin``: each new case goes to the next of the queue's operators, in the order the
  admin listed them, by an atomic turn counter; operators no longer active are skipped;
- ``shared_queue``: nobody is assigned on arrival; the queue's operators see the unassigned case
  and one of them takes it;
- ``none`` (the default, and any queue without a rule): the case waits for an admin.

Pure rules and Spanish messages only: which kinds exist is data here (``KINDS``); whether a key
names a real category or product is the service's check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from chalicelib.domain.shared.emails import Email, compose
from chalicelib.domain.shared.errors import Conflict, InvalidInput

SYSTEM_ACTOR = "sistema"
"""The actor of what the portal does on its own (an assignment on arrival)."""

MAX_QUEUE_OPERATORS = 20
_USER_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


class Kind(StrEnum):
    TICKET = "ticket"
    CREDIT = "credit"


KIND_LABELS: dict[Kind, str] = {Kind.TICKET: "Mensajes (buzón)",
                                Kind.CREDIT: "Solicitudes de crédito"}


class Mode(StrEnum):
    NONE = "none"
    ROUND_ROBIN = "round_robin"
    SHARED_QUEUE = "shared_queue"


MODE_LABELS: dict[Mode, str] = {
    Mode.NONE: "Sin reparto (asigna un administrador)",
    Mode.ROUND_ROBIN: "Por turnos entre operadores",
    Mode.SHARED_QUEUE: "Cola compartida",
}


@dataclass(frozen=True)
class Rule:
    """One queue's rule; ``operators`` in the order turns go round."""

    kind: Kind
    key: str
    mode: Mode = Mode.NONE
    operators: tuple[str, ...] = ()
    updated_at: str | None = None
    updated_by: str | None = None

    @property
    def queue_id(self) -> str:
        return queue_id(self.kind, self.key)

    def has_operator(self, user_id: str) -> bool:
        return user_id in self.operators

    def shares_with(self, user_id: str) -> bool:
        """``user_id`` may see and take this queue's unassigned cases."""
        return self.mode is Mode.SHARED_QUEUE and self.has_operator(user_id)


def queue_id(kind: Kind, key: str) -> str:
    """The stored key of a queue's rule: ``ticket#aportes``, ``credit#CONSUMO``."""
    return f"{kind.value}#{key}"


def turn_counter_id(kind: Kind, key: str) -> str:
    """The atomic counter whose ``ADD 1`` gives a round-robin queue its next turn."""
    return f"routing_turn#{queue_id(kind, key)}"


def rotation(operators: Sequence[str], turn: int) -> list[str]:
    """The operators in the order to try for ``turn`` (1, 2, 3...): the turn's own first, then
    the following ones (so an inactive operator's case goes to the next, not back to the
    first)."""
    if not operators:
        return []
    start = (turn - 1) % len(operators)
    return [*operators[start:], *operators[:start]]


# --- the admin's request --------------------------------------------------------------------


def parse_kind(value: str) -> Kind:
    try:
        return Kind(value)
    except ValueError:
        raise InvalidInput("Tipo de cola desconocido: usa «ticket» o «credit».",
                           code="unknown_queue_kind",
                           fields={"kind": "Tipo de cola desconocido."}) from None


@dataclass(frozen=True)
class RuleRequest:
    mode: Mode
    operators: tuple[str, ...]


def parse_rule_request(body: Mapping[str, Any]) -> RuleRequest:
    """``{mode, operators}``: a known mode; for a round robin or a shared queue, one to
    ``MAX_QUEUE_OPERATORS`` distinct user ids; ``none`` takes no operators."""
    unknown = sorted(set(body) - {"mode", "operators"})
    if unknown:
        raise InvalidInput(fields={name: "Campo no admitido." for name in unknown})
    mode = _mode(body.get("mode"))
    operators = _operators(body.get("operators", []))
    if mode is Mode.NONE and operators:
        raise InvalidInput(fields={"operators": "Sin reparto no lleva operadores."})
    if mode is not Mode.NONE and not operators:
        raise InvalidInput(fields={"operators": "Elige al menos un operador para esta cola."})
    return RuleRequest(mode=mode, operators=operators)


def _mode(value: Any) -> Mode:
    try:
        return Mode(value)
    except ValueError:
        raise InvalidInput(fields={
            "mode": "Elige «round_robin», «shared_queue» o «none»."}) from None


def _operators(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidInput(fields={"operators": "Debe ser una lista de operadores."})
    if len(value) > MAX_QUEUE_OPERATORS:
        raise InvalidInput(fields={
            "operators": f"Una cola admite hasta {MAX_QUEUE_OPERATORS} operadores."})
    if len(set(value)) != len(value):
        raise InvalidInput(fields={"operators": "Un operador figura dos veces."})
    if not all(_USER_ID.match(item) for item in value):
        raise InvalidInput(fields={"operators": "Operador desconocido."})
    return tuple(value)


def not_active_operators(count: int) -> InvalidInput:
    """400 ``invalid_operators``: someone named is not (or no longer) an active operator."""
    which = ("Un operador elegido no es operador activo" if count == 1
             else f"{count} de los elegidos no son operadores activos")
    return InvalidInput("Solo se reparten casos entre operadores activos.",
                        code="invalid_operators",
                        fields={"operators": f"{which}; actualiza la página y vuelve a elegir."})


def unknown_queue(kind: Kind) -> InvalidInput:
    message = ("Categoría de mensajes desconocida." if kind is Kind.TICKET
               else "Producto de crédito desconocido.")
    return InvalidInput(message, code="unknown_queue", fields={"key": message})


# --- taking from a shared queue -------------------------------------------------------------


class AlreadyTaken(Conflict):
    """Another operator (or an admin) gave the case a responsible first."""

    def __init__(self) -> None:
        super().__init__("Otra persona ya tomó este caso. Actualiza la cola compartida.",
                         code="already_taken")


# --- the operator's e-mail ------------------------------------------------------------------


def arrival_email(to: str, *, kind: Kind, number: int, queue_label: str, link: str) -> Email:
    """The operator a new case went to hears of it: the case's number and its category or
    credit type only (nothing about the member)."""
    if kind is Kind.TICKET:
        return compose(to, f"Nuevo ticket N° {number} asignado a ti",
                       f"Por el reparto de casos se te asignó el ticket N° {number} "
                       f"(categoría: {queue_label}).",
                       f"Atiéndelo en Administración de Mensajes: {link}")
    return compose(to, f"Nueva solicitud de crédito N° {number} asignada a ti",
                   f"Por el reparto de casos se te asignó la solicitud de crédito N° {number} "
                   f"(tipo de crédito: {queue_label}).",
                   f"Evalúala en Solicitudes de Crédito: {link}")
