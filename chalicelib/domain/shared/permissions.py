"""Who may do what: roles, the menu of each role and the permission table of every route.

Routes declare one permission name from ``PERMISSIONS``; the HTTP edge asks ``is_allowed``.
Resource ownership (own loan, assigned ticket) is checked by the services, which answer 404
for a resource that is not the caller's.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    MEMBER = "member"
    OPERATOR = "operator"
    ADMIN = "admin"
    SUPER_ADMIN = "super_admin"


ACTIVE = "active"
"""Account statuses: only an active account signs in or is given work."""
PENDING_ACTIVATION = "pending_activation"
INVITED = "invited"
"""A staff account created by an admin, until its invitation link sets the first password."""
INACTIVE = "inactive"

STAFF_ROLES = frozenset({Role.OPERATOR, Role.ADMIN, Role.SUPER_ADMIN})
ADMIN_ROLES = frozenset({Role.ADMIN, Role.SUPER_ADMIN})
ALL_ROLES = frozenset(Role)

PUBLIC = "public"
"""A route anyone may call, signed in or not (login, registration, recovery)."""

_MEMBER_MENU = ("inicio", "aportes", "ahorros", "plazo_fijo", "movimientos", "prestamos",
                "beneficio_familiar", "cts", "simulacion", "buzon", "configuracion")
_OPERATOR_MENU = ("inicio", "mensajes", "solicitudes", "beneficiarios", "codigos_registro",
                  "reclamaciones", "configuracion")
_ADMIN_MENU = (*_OPERATOR_MENU, "usuarios", "importaciones", "productos", "auditoria",
               "reparto", "feriados", "contenido_publico",
               "terminos_condiciones")

MENUS: dict[Role, tuple[str, ...]] = {
    Role.MEMBER: _MEMBER_MENU,
    Role.OPERATOR: _OPERATOR_MENU,
    Role.ADMIN: _ADMIN_MENU,
    Role.SUPER_ADMIN: _ADMIN_MENU,
}

PERMISSIONS: dict[str, frozenset[Role]] = {
    # auth: what any signed-in user may do with their own account
    "session.read": ALL_ROLES,
    "session.logout": ALL_ROLES,
    "totp.manage": ALL_ROLES,
    "profile.manage": ALL_ROLES,
    "password.change": ALL_ROLES,
    "sessions.manage": ALL_ROLES,
    "alerts.manage": ALL_ROLES,
    # terms of use (issue 18): a member accepts the version in force, an admin publishes one
    "terms.accept": frozenset({Role.MEMBER}),
    "terms.publish": ADMIN_ROLES,
    # member's own money
    "accounts.read": frozenset({Role.MEMBER}),
    "reports.create": frozenset({Role.MEMBER}),
    "reports.data_archives": frozenset({Role.MEMBER}),
    # beneficiary changes of the family-benefit plans
    "accounts.beneficiaries.request": frozenset({Role.MEMBER}),
    "accounts.beneficiaries.read": ALL_ROLES,
    "accounts.beneficiaries.assign": ADMIN_ROLES,
    "accounts.beneficiaries.decide": STAFF_ROLES,
    # credit
    "credit.products.read": ALL_ROLES,
    "credit.products.write": ADMIN_ROLES,
    "credit.simulate": frozenset({Role.MEMBER}),
    "credit.apply": frozenset({Role.MEMBER}),
    "credit.applications.read": ALL_ROLES,
    "credit.applications.assign": ADMIN_ROLES,
    "credit.applications.decide": STAFF_ROLES,
    "credit.stats": STAFF_ROLES,
    # tickets
    "tickets.create": frozenset({Role.MEMBER}),
    "tickets.read": ALL_ROLES,
    "tickets.reply": ALL_ROLES,
    "tickets.assign": ADMIN_ROLES,
    "tickets.change_status": STAFF_ROLES,
    "tickets.stats": STAFF_ROLES,
    # the member's products from a case (the service checks the case is the caller's)
    "tickets.member_products": STAFF_ROLES,
    "credit.applications.member_products": STAFF_ROLES,
    # administration
    "admin.users": ADMIN_ROLES,
    "admin.imports": ADMIN_ROLES,
    "admin.audit": ADMIN_ROLES,
    "registration.codes": STAFF_ROLES,
    # routing (issue 17): the admin's rules; operators take from their shared queues
    "admin.routing": ADMIN_ROLES,
    "tickets.queue": STAFF_ROLES,
    "tickets.take": frozenset({Role.OPERATOR}),
    "credit.applications.queue": STAFF_ROLES,
    "credit.applications.take": frozenset({Role.OPERATOR}),
    # Libro de Reclamaciones (issue 18): the holidays of the legal due dates, the book's export
    "admin.holidays": ADMIN_ROLES,
    "complaints.export": ADMIN_ROLES,
    # the sheets' queue: an admin assigns, the assigned operator (or an admin) answers
    "complaints.read": STAFF_ROLES,
    "complaints.assign": ADMIN_ROLES,
    "complaints.answer": STAFF_ROLES,
    # public content (issue 18): «Tasas y tarifas» and «Contacto» are read by anyone (PUBLIC)
    "info.write": ADMIN_ROLES,
}

ALLOWED_BEFORE_TOTP_ENROLMENT = frozenset({"session.read", "session.logout", "totp.manage"})
"""A staff account without TOTP reaches only these until it enrols."""

ALLOWED_BEFORE_TERMS_ACCEPTANCE = frozenset({"session.read", "session.logout", "terms.accept"})
"""A member who has not accepted the terms in force reaches only these (and public routes, the
terms among them) until they accept."""


def parse_role(value: str) -> Role | None:
    try:
        return Role(value)
    except ValueError:
        return None


def is_allowed(role: Role, permission: str) -> bool:
    """True when ``role`` holds ``permission``; unknown permissions are denied."""
    return role in PERMISSIONS.get(permission, frozenset())


def totp_required(role: Role, totp_enabled: bool) -> bool:
    """Staff must enrol in TOTP before doing anything else."""
    return role in STAFF_ROLES and not totp_enabled


def is_allowed_for_session(role: Role, totp_enabled: bool, permission: str,
                           terms_pending: bool = False) -> bool:
    if totp_required(role, totp_enabled) and permission not in ALLOWED_BEFORE_TOTP_ENROLMENT:
        return False
    if terms_pending and permission not in ALLOWED_BEFORE_TERMS_ACCEPTANCE:
        return False
    return is_allowed(role, permission)


def menu_for(role: Role) -> list[str]:
    return list(MENUS[role])
