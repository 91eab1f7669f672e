"""Administration rules (docs/design/API.md "admin"): who may change whose access, the user search,
the audit viewer's date window and the CSV export's cell guard. Pure: no AWS here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import Conflict, Forbidden, InvalidInput
from chalicelib.domain.shared.input_fields import normalize_email, refuse_read_only_fields
from chalicelib.domain.shared.permissions import (
    ACTIVE,
    ADMIN_ROLES,
    INACTIVE,
    INVITED,
    STAFF_ROLES,
    Role,
    parse_role,
)

INVITATION_LIFETIME = timedelta(hours=72)
RESET_BY_ADMIN_LIFETIME = timedelta(hours=1)
"""A reset link an admin sends (staff recover only this way): time to read the mail after the
call in which the admin checked who is asking."""

AUDIT_DEFAULT_DAYS = 7
AUDIT_MAX_DAYS = 93
EXPORT_MAX_ROWS = 10_000
SEARCH_ROLE_ORDER = (Role.SUPER_ADMIN, Role.ADMIN, Role.OPERATOR, Role.MEMBER)
"""Without ``role`` the list walks these partitions in turn: staff first, then members."""

_DNI = re.compile(r"^[0-9]{8}$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

ONLY_SUPER_ADMIN = ("Solo un superadministrador puede crear, promover, degradar o desactivar "
                    "administradores.")
NOT_FOUND_USER = "El usuario no existe."


def valid_id(value: str) -> bool:
    return bool(_ID.match(value or ""))


# --- users --------------------------------------------------------------------------------


SEARCH_KINDS = ("all", "email", "dni", "name", "dni_start", "email_part")
PARTIAL_KINDS = frozenset({"dni_start", "email_part"})
PARTIAL_MIN_LENGTH = 2
"""One character of a DNI or an e-mail would keep most accounts while reading the partitions
through: the admin is asked for a second one."""

_DNI_START = re.compile(r"^[0-9]{1,7}$")
_SURNAME_MARKS = frozenset(" '-")


@dataclass(frozen=True)
class UserSearch:
    """How ``q`` is looked up. ``email`` and ``dni`` are complete, so exact (an index each, the
    cheapest read); ``name`` is a prefix of ``sort_name`` (surname first, lower case), the range
    key of a role partition; ``dni_start`` (1–7 digits) and ``email_part`` (any other text that
    is no surname: with ``@``, ``.``, digits…) are filters on the role partitions, which read
    more than they return (docs/data-model.md)."""

    role: Role | None
    kind: str  # one of SEARCH_KINDS
    value: str


def _looks_like_surname(text: str) -> bool:
    return all(char.isalpha() or char in _SURNAME_MARKS for char in text)


def search_kind(q: str) -> str:
    """The kind of a non-empty, lower-case ``q``: complete forms first (exact and cheap)."""
    if normalize_email(q) == q:
        return "email"
    if _DNI.match(q):
        return "dni"
    if _DNI_START.match(q):
        return "dni_start"
    return "name" if _looks_like_surname(q) else "email_part"


def parse_user_search(query: dict[str, str]) -> UserSearch:
    raw_role = (query.get("role") or "").strip()
    role = parse_role(raw_role) if raw_role else None
    if raw_role and role is None:
        raise InvalidInput(fields={"role": "Rol desconocido."})
    q = " ".join((query.get("q") or "").split()).lower()
    if len(q) > 100:
        raise InvalidInput(fields={"q": "La búsqueda admite hasta 100 caracteres."})
    if not q:
        return UserSearch(role, "all", "")
    kind = search_kind(q)
    if kind in PARTIAL_KINDS and len(q) < PARTIAL_MIN_LENGTH:
        raise InvalidInput(fields={"q": "Escribe al menos 2 caracteres del correo o del DNI."})
    return UserSearch(role, kind, q)


def parse_staff_role(value: object) -> Role:
    role = parse_role(value) if isinstance(value, str) else None
    if role is None or role not in STAFF_ROLES:
        raise InvalidInput(fields={"role": "Elige un rol de personal: operator, admin o "
                                           "super_admin."})
    return role


def require_power_over(actor: Role, *roles: Role) -> None:
    """Only a super_admin creates, promotes, demotes or deactivates admins and super_admins."""
    if actor is not Role.SUPER_ADMIN and any(role in ADMIN_ROLES for role in roles):
        raise Forbidden(ONLY_SUPER_ADMIN, code="super_admin_required")


ACCESS_FIELDS = frozenset({"role", "active"})
"""All an admin may change of an account: any other attribute is the server's to set."""


@dataclass(frozen=True)
class AccessChange:
    role: Role | None
    active: bool | None


def parse_access_change(body: dict[str, Any]) -> AccessChange:
    refuse_read_only_fields(body, set(body) - ACCESS_FIELDS)
    role = None
    if "role" in body:
        role = parse_role(body["role"]) if isinstance(body["role"], str) else None
        if role is None:
            raise InvalidInput(fields={"role": "Rol desconocido."})
    active = body.get("active")
    if "active" in body and not isinstance(active, bool):
        raise InvalidInput(fields={"active": "Debe ser verdadero o falso."})
    if role is None and active is None:
        raise InvalidInput("Indica el nuevo rol o el estado de la cuenta.",
                           fields={"role": "Indica un rol o «active»."})
    return AccessChange(role, active)


def check_access_change(actor_id: str, actor_role: Role, target_id: str, target_role: Role,
                        change: AccessChange) -> None:
    """Self, member↔staff and super_admin rules (the last-admin count is the service's)."""
    if actor_id == target_id:
        raise cannot_change_self()
    if change.role is not None and change.role != target_role and \
            (change.role is Role.MEMBER or target_role is Role.MEMBER):
        raise InvalidInput("Un socio no puede pasar a ser personal ni al revés: las cuentas de "
                           "socio dependen del padrón.", code="role_not_allowed",
                           fields={"role": "Cambio de rol no permitido."})
    require_power_over(actor_role, target_role, *([change.role] if change.role else []))


def cannot_change_self() -> Conflict:
    return Conflict("No puedes cambiar tu propio rol, desactivar tu propia cuenta ni restablecer "
                    "tu propia verificación desde la administración.", code="cannot_change_self")


def new_status(current: str, active: bool | None, has_password: bool) -> str:
    if active is None:
        return current
    if not active:
        return INACTIVE
    if current != INACTIVE:
        return current
    return ACTIVE if has_password else INVITED


def removes_super_admin(target_role: Role, target_status: str, role: Role, status: str) -> bool:
    """True when the change takes an active super_admin out of that set."""
    was = target_role is Role.SUPER_ADMIN and target_status == ACTIVE
    return was and (role is not Role.SUPER_ADMIN or status != ACTIVE)


def last_admin() -> Conflict:
    return Conflict("Debe quedar al menos un superadministrador activo.", code="last_admin")


# --- audit viewer -------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    first_day: date
    last_day: date
    actor: str | None
    action: str | None
    target: str | None

    def instant_span(self) -> tuple[datetime, datetime]:
        """``[start, end)`` in UTC of the Lima days asked for."""
        return clock.lima_days_span(self.first_day, self.last_day)

    def as_details(self) -> dict[str, object]:
        return {"from": self.first_day.isoformat(), "to": self.last_day.isoformat(),
                "actor": self.actor or "-", "action": self.action or "-",
                "target": self.target or "-"}


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    if not _DAY.match(value):
        raise InvalidInput(fields={name: "Usa el formato AAAA-MM-DD."})
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(fields={name: "Fecha no válida."}) from None


def _text(query: dict[str, str], name: str) -> str | None:
    value = (query.get(name) or "").strip()
    if len(value) > 200:
        raise InvalidInput(fields={name: "Admite hasta 200 caracteres."})
    return value or None


def _days_before(day: date, days: int) -> date:
    """``days`` before ``day``, stopping at the calendar's first day (``to=0001-01-01`` is a
    valid, empty range, not an overflow)."""
    return day - timedelta(days=min(days, (day - date.min).days))


def parse_audit_filter(query: dict[str, str], today: date) -> AuditFilter:
    """``from``/``to`` (inclusive, Lima days); default the last 7 days; at most 93 days."""
    last = _day(query.get("to"), "to") or today
    first = _day(query.get("from"), "from") or _days_before(last, AUDIT_DEFAULT_DAYS - 1)
    if first > last:
        raise InvalidInput(fields={"from": "La fecha inicial es posterior a la final."})
    if (last - first).days + 1 > AUDIT_MAX_DAYS:
        raise InvalidInput(fields={"from": f"El rango admite hasta {AUDIT_MAX_DAYS} días."})
    return AuditFilter(first, last, _text(query, "actor"), _text(query, "action"),
                       _text(query, "target"))


AUDIT_COLUMNS = ("at", "actor_id", "role", "action", "target", "outcome", "ip", "user_agent")


def csv_cell(value: object) -> str:
    """A spreadsheet never runs a cell as a formula: such text gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


# --- staff tools (issue 17): invitations and a member's e-mail ------------------------------


def invitation_not_pending() -> Conflict:
    return Conflict("La invitación ya no está pendiente: la cuenta ya fue activada.",
                    code="not_invited")


def require_invited(status: str) -> None:
    """Re-sending or revoking an invitation is only for an account that has not accepted it."""
    if status != INVITED:
        raise invitation_not_pending()


EMAIL_TAKEN = "Ese correo ya pertenece a otra cuenta. Verifica la dirección con el socio."


def check_member_email_correction(role: Role | None, status: str, current_email: str,
                                  new_email: str) -> None:
    """An admin corrects the e-mail of an active member account only (staff change their own
    in Configuración), and only to another address."""
    if role is not Role.MEMBER:
        raise Conflict("Solo se corrige aquí el correo de un socio; el personal cambia el suyo "
                       "en Configuración.", code="not_a_member")
    if status != ACTIVE:
        raise Conflict("La cuenta del socio no está activa: el cambio de correo no podría "
                       "confirmarse.", code="user_not_active")
    if new_email == current_email:
        raise Conflict("Ese ya es el correo de la cuenta.", code="same_email",
                       fields={"email": "Ese ya es el correo de la cuenta."})


def email_taken() -> Conflict:
    """For the admin only (an admin route): members never learn whether an address is used."""
    return Conflict(EMAIL_TAKEN, code="email_taken", fields={"email": EMAIL_TAKEN})
