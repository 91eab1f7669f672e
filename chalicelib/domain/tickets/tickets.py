"""The buzón (manual 2.4.10): ticket categories, the state machine, who sees what, input rules.

A member opens a ticket and gets an attention number; an admin assigns it to a staff member;
they talk in a thread until it is resolved and then closed.

States and who moves them::

    open ──assign──▶ assigned ──▶ in_progress ──▶ resolved ──▶ closed
                        │                           ▲   │
                        └──────────────▶────────────┘   │ member replies
                                  in_progress ◀─────────┘ (reopen)

- ``assign`` (admin) moves open, assigned or in_progress to ``assigned``; it is the only way into
  ``assigned`` (the status endpoint refuses it) and the only way out of ``open``.
- The assignee or an admin moves assigned → in_progress | resolved, in_progress → resolved,
  resolved → in_progress | closed. ``closed`` is final. Anything else is ``invalid_transition``.
- The first staff reply on an ``assigned`` ticket moves it to ``in_progress`` (work has started).
- A member's reply on a ``resolved`` ticket reopens it: to ``in_progress`` when it has an
  assignee (the same person picks it up again), else to ``open`` (back to the admins' queue).
  A resolved ticket always has an assignee today; the ``open`` branch keeps the rule total.
- Nobody writes on a ``closed`` ticket (``ticket_closed``); the member opens a new one. A thread
  holds at most ``MAX_MESSAGES`` (``thread_full``).
- Numbers come from an atomic counter: unique, increasing, with a gap if a creation fails after
  taking its number.

Text from users is stored as plain text: control characters are stripped and the rest is kept
verbatim (``<script>`` included). The API returns it inside JSON strings and the site inserts it
with ``textContent``; e-mails escape it (``domain.shared.emails``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from chalicelib.domain.shared import input_fields
from chalicelib.domain.shared.assigned_case import parse_filter
from chalicelib.domain.shared.errors import Conflict, InvalidInput
from chalicelib.domain.shared.input_fields import OWNERSHIP_FIELDS
from chalicelib.domain.shared.permissions import STAFF_ROLES, Role


class Category(StrEnum):
    APORTES = "aportes"
    AHORROS = "ahorros"
    PLAZO_FIJO = "plazo_fijo"
    CTS = "cts"
    PRESTAMOS = "prestamos"
    BENEFICIO_FAMILIAR = "beneficio_familiar"
    CREDITO = "credito"
    ACCESO = "acceso"
    OTROS = "otros"


CATEGORY_LABELS: dict[Category, str] = {
    Category.APORTES: "Aportes",
    Category.AHORROS: "Ahorros",
    Category.PLAZO_FIJO: "Depósitos a plazo fijo",
    Category.CTS: "CTS",
    Category.PRESTAMOS: "Préstamos",
    Category.BENEFICIO_FAMILIAR: "Beneficio familiar",
    Category.CREDITO: "Solicitud de crédito",
    Category.ACCESO: "Acceso a la plataforma",
    Category.OTROS: "Otros",
}


class Status(StrEnum):
    OPEN = "open"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


STATUS_LABELS: dict[Status, str] = {
    Status.OPEN: "Abierto",
    Status.ASSIGNED: "Asignado",
    Status.IN_PROGRESS: "En atención",
    Status.RESOLVED: "Resuelto",
    Status.CLOSED: "Cerrado",
}

ADMIN_LIST_ORDER: tuple[Status, ...] = tuple(Status)
"""An admin's unfiltered list: the queue that needs them first (open), closed last."""

STAFF_MOVES: dict[Status, frozenset[Status]] = {
    Status.OPEN: frozenset(),
    Status.ASSIGNED: frozenset({Status.IN_PROGRESS, Status.RESOLVED}),
    Status.IN_PROGRESS: frozenset({Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.IN_PROGRESS, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}
"""What the status endpoint (assignee or admin) may do from each state."""

ASSIGNABLE = frozenset({Status.OPEN, Status.ASSIGNED, Status.IN_PROGRESS})

WAITING_FOR_STAFF = frozenset({Status.OPEN, Status.ASSIGNED, Status.IN_PROGRESS})
"""A ticket in these states waits for the staff unless the staff wrote last (then it waits for
the member); resolved and closed ones wait for no one (``Ticket.waiting_since``)."""

SUBJECT_MAX = 150
BODY_MAX = 5000
MAX_MESSAGES = 300
"""A thread's ceiling: 300 messages of up to 5,000 characters keep one ticket's answer well under
Lambda's 6 MB response limit."""

SERVER_OWNED_FIELDS = OWNERSHIP_FIELDS | frozenset({
    "id", "ticket_id", "number", "status", "assignee_id", "assignee", "member_id", "member",
    "author_id", "author_role", "author_name", "created_at", "updated_at", "version",
})
"""Fields the cooperative sets. A body that carries one the endpoint does not take is refused
(400 ``read_only_field``), never silently applied or silently dropped."""


class Side(StrEnum):
    """The two sides of a conversation: the member and the cooperative's staff."""

    MEMBER = "member"
    STAFF = "staff"


def side_of(role: Role) -> Side:
    return Side.STAFF if role in STAFF_ROLES else Side.MEMBER


class InvalidTransition(Conflict):
    code = "invalid_transition"
    message = "El ticket no puede pasar a ese estado desde su estado actual."


class TicketClosed(Conflict):
    code = "ticket_closed"
    message = "El ticket está cerrado. Si necesitas ayuda, crea un ticket nuevo."


class ThreadFull(Conflict):
    code = "thread_full"
    message = "Este ticket alcanzó el máximo de mensajes. Crea un ticket nuevo para continuar."


class ConcurrentUpdate(Conflict):
    code = "concurrent_update"
    message = ("Otra persona actualizó el ticket al mismo tiempo. Vuelve a cargarlo e "
               "inténtalo de nuevo.")


# --- the state machine --------------------------------------------------------------------


def status_after_staff_change(current: Status, requested: Status) -> Status:
    """The status endpoint: only the moves in ``STAFF_MOVES``."""
    if requested not in STAFF_MOVES[current]:
        raise InvalidTransition()
    return requested


def status_after_assignment(current: Status) -> Status:
    """An assignment (or reassignment) leaves the ticket ``assigned`` to the new person."""
    if current not in ASSIGNABLE:
        raise InvalidTransition("Solo se asignan tickets abiertos o en atención.")
    return Status.ASSIGNED


def status_after_reply(current: Status, author: Side, has_assignee: bool) -> Status:
    """A reply never happens on a closed ticket; see the module docstring for the other moves."""
    if current is Status.CLOSED:
        raise TicketClosed()
    if author is Side.MEMBER and current is Status.RESOLVED:
        return Status.IN_PROGRESS if has_assignee else Status.OPEN
    if author is Side.STAFF and current is Status.ASSIGNED:
        return Status.IN_PROGRESS
    return current


def check_room_for_reply(message_count: int) -> None:
    if message_count >= MAX_MESSAGES:
        raise ThreadFull()


def staff_moves_for(role: Role, current: Status) -> list[Status]:
    """The states the caller may pick in the status endpoint (members: none)."""
    if role not in STAFF_ROLES:
        return []
    return sorted(STAFF_MOVES[current], key=list(Status).index)


# --- unread markers -----------------------------------------------------------------------


def is_unread(viewer: Side, last_member_message_at: str | None,
              last_staff_message_at: str | None, read_at: str | None) -> bool:
    """True when the other side wrote after the viewer last read the ticket (stamps compare as
    text: they are fixed-width UTC instants, see ``domain.shared.assigned_case.stamp``)."""
    other = last_staff_message_at if viewer is Side.MEMBER else last_member_message_at
    return bool(other) and (read_at is None or str(other) > read_at)


# --- input rules --------------------------------------------------------------------------

_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Invisible direction overrides: they make text read differently from what is stored."""


def clean_text(value: str, *, multiline: bool) -> str:
    """NFC-normalized, trimmed, without control characters (tabs and newlines kept in bodies)."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(_without_control(ch, multiline) for ch in text)
    return _BIDI_CONTROLS.sub("", text).strip()


def _without_control(ch: str, multiline: bool) -> str:
    if unicodedata.category(ch) != "Cc":
        return ch
    if ch in "\n\t":
        return ch if multiline else " "  # a pasted line break in a subject becomes a space
    return ""


def _text_field(data: Mapping[str, Any], name: str, maximum: int, multiline: bool,
                problems: dict[str, str]) -> str:
    value = data.get(name)
    if value is None:
        problems[name] = "Este campo es obligatorio."
        return ""
    if not isinstance(value, str):
        problems[name] = "Debe ser un texto."
        return ""
    text = clean_text(value, multiline=multiline)
    if not text:
        problems[name] = "Este campo es obligatorio."
    elif len(text) > maximum:
        problems[name] = f"Máximo {maximum:,} caracteres."
    return text


def _category_field(data: Mapping[str, Any], problems: dict[str, str]) -> Category:
    try:
        return Category(str(data.get("category")))
    except ValueError:
        problems["category"] = "Elige una categoría de la lista."
        return Category.OTROS


def refuse_server_owned(data: Mapping[str, Any], accepted: frozenset[str] = frozenset()) -> None:
    """Mass-assignment guard: 400 ``read_only_field`` naming each server-owned field sent."""
    input_fields.refuse_read_only_fields(data, SERVER_OWNED_FIELDS - accepted)


@dataclass(frozen=True)
class NewTicket:
    subject: str
    category: Category
    message: str


def parse_new_ticket(data: Mapping[str, Any]) -> NewTicket:
    """``subject`` 1–150 and ``message`` 1–5,000 characters after cleaning, a known category."""
    refuse_server_owned(data)
    problems: dict[str, str] = {}
    subject = _text_field(data, "subject", SUBJECT_MAX, False, problems)
    category = _category_field(data, problems)
    message = _text_field(data, "message", BODY_MAX, True, problems)
    if problems:
        raise InvalidInput(fields=problems)
    return NewTicket(subject=subject, category=category, message=message)


def parse_reply(data: Mapping[str, Any]) -> str:
    """A reply's ``body``: 1–5,000 characters after cleaning."""
    refuse_server_owned(data)
    problems: dict[str, str] = {}
    body = _text_field(data, "body", BODY_MAX, True, problems)
    if problems:
        raise InvalidInput(fields=problems)
    return body


def parse_status(data: Mapping[str, Any]) -> Status:
    refuse_server_owned(data, accepted=frozenset({"status"}))
    try:
        return Status(str(data.get("status")))
    except ValueError:
        raise InvalidInput(fields={"status": "Estado desconocido."}) from None


def parse_operator_id(data: Mapping[str, Any]) -> str:
    refuse_server_owned(data)
    value = data.get("operator_id")
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        raise InvalidInput(fields={"operator_id": "Elige a quién asignar el ticket."})
    return value.strip()


def parse_category_filter(value: str | None) -> Category | None:
    return parse_filter(value, Category, field="category", message="Categoría desconocida.")


def parse_status_filter(value: str | None) -> Status | None:
    return parse_filter(value, Status, field="status", message="Estado desconocido.")


def daily_limit_message(limit: int) -> str:
    """The 429 of a member who opened ``limit`` tickets today (Lima's day)."""
    noun = "ticket" if limit == 1 else "tickets"
    return f"Alcanzaste el máximo de {limit} {noun} por día. Podrás crear otro mañana."
