"""Administration of accounts (docs/design/API.md "admin"): list and search, create staff by
invitation, change role, deactivate and reactivate, unlock, reset TOTP, mail a reset link (the only
way staff recover a password). Every change is audited and the user is e-mailed; deactivation, role
changes and TOTP resets end the user's sessions at once."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from chalicelib.domain.admin import emails as admin_emails
from chalicelib.domain.admin import users as rules
from chalicelib.domain.admin.requests import PageQuery, UserListQuery
from chalicelib.domain.admin.users import AccessChange
from chalicelib.domain.auth.identity import (
    EMAIL_CHANGE_LIFETIME,
    Purpose,
    authenticator_fingerprint,
    mask_email,
)
from chalicelib.domain.auth.staff_requests import StaffIdentity
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import Conflict, DomainError, NotFound
from chalicelib.domain.shared.permissions import ACTIVE, INACTIVE, INVITED, Role, parse_role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.auth import email_revert, lockout, one_time_tokens, profile, sessions
from chalicelib.services.shared import audit
from chalicelib.services.shared.notifications import send_email
from chalicelib.settings import settings
from chalicelib.store.admin import queries as admin_queries
from chalicelib.store.auth import login_failures, users
from chalicelib.store.shared.models import UserModel
from chalicelib.store.shared.paging import Page


def _audit(principal: Principal, context: RequestContext, action: str,
           target: str | UserModel, outcome: str = "success", **details: object) -> None:
    """``target`` is an address, or the user acted on: a member's account makes the record one
    about them too (``subject_id``, their «Mis datos»)."""
    if isinstance(target, str):
        audit.record(action=action, outcome=outcome, context=context, principal=principal,
                     target=target, details=dict(details))
        return
    about = target.user_id if target.role == Role.MEMBER.value else None
    audit.record(action=action, outcome=outcome, context=context, principal=principal,
                 target=f"user:{target.user_id}", details=dict(details), subject_id=about)


def user_view(user: UserModel, locked: bool = False) -> dict[str, Any]:
    return {"id": user.user_id, "first_name": user.first_name, "last_name": user.last_name,
            "email": user.email, "dni": user.dni, "role": user.role, "status": user.status,
            "totp_enabled": bool(user.totp_enabled), "locked": locked,
            "last_login_at": user.last_login_at, "created_at": user.created_at,
            "pending_email": user.pending_email}


def _with_locks(found: list[UserModel]) -> list[dict[str, Any]]:
    """One BatchGetItem of the page's lockout counters marks the locked accounts."""
    if not found:
        return []
    until = admin_queries.locked_until([login_failures.counter_id(u.user_id) for u in found])
    now = clock.iso_instant(clock.utc_now())
    return [user_view(u, until.get(login_failures.counter_id(u.user_id), "") > now)
            for u in found]


def _exact(search: rules.UserSearch) -> list[UserModel]:
    user = users.find_by_email(search.value) if search.kind == "email" \
        else users.find_by_dni(search.value)
    if user is None or (search.role is not None and user.role != search.role.value):
        return []
    return [user]


def _paged(search: rules.UserSearch, page: PageQuery) -> Page[UserModel]:
    roles = [role.value for role in ([search.role] if search.role else rules.SEARCH_ROLE_ORDER)]
    if search.kind == "dni_start":
        return users.by_roles_with_dni_start(roles, search.value, page.limit, page.cursor)
    if search.kind == "email_part":
        return users.by_roles_with_email_part(roles, search.value, page.limit, page.cursor)
    return users.by_roles(roles, search.value, page.limit, page.cursor)


def list_users(query: UserListQuery) -> dict[str, Any]:
    """``role`` → its ``by_role`` partition; without it the four partitions in turn (staff
    first). ``q`` (its kind is the domain's): a complete e-mail or DNI is an exact index lookup;
    a surname prefix the partitions' range key; a DNI's start or part of an e-mail a filter on
    the partitions, whose page may hold fewer users than ``limit`` and still go on."""
    search = query.search
    if search.kind in ("email", "dni"):
        return {"items": _with_locks(_exact(search)), "next_cursor": None}
    page = _paged(search, query.page)
    return {"items": _with_locks(page.items), "next_cursor": page.next_cursor}


def _target(user_id: str) -> UserModel:
    user = users.get(user_id) if rules.valid_id(user_id) else None
    if user is None:
        raise NotFound(rules.NOT_FOUND_USER, code="user_not_found")
    return user


def get_user(user_id: str) -> dict[str, Any]:
    return _with_locks([_target(user_id)])[0]


def invitation_link(token: str) -> str:
    """The site's reset page sets the first password from an invitation token too."""
    return f"{settings().site_url.rstrip('/')}/restablecer?token={quote(token)}"


def create_staff(principal: Principal, identity: StaffIdentity, role: Role,
                 context: RequestContext) -> dict[str, Any]:
    """A staff account in ``invited`` state and an e-mail whose single-use link (72 h) sets the
    password; only a super_admin creates admins and super_admins."""
    first_name, last_name, email = identity.first_name, identity.last_name, identity.email
    try:
        rules.require_power_over(principal.role, role)
    except DomainError:
        _audit(principal, context, "admin.user_create", f"email:{email}", "denied",
               role=role.value)
        raise
    now = clock.iso_instant(clock.utc_now())
    user = UserModel(user_id=str(uuid.uuid4()), email=email, role=role.value,
                     first_name=first_name, last_name=last_name,
                     sort_name=f"{last_name} {first_name}".lower(), status=INVITED,
                     totp_enabled=False, created_at=now, updated_at=now)
    users.create(user)
    token = one_time_tokens.issue(Purpose.INVITATION, user, rules.INVITATION_LIFETIME)
    hours = int(rules.INVITATION_LIFETIME.total_seconds() // 3600)
    send_email(admin_emails.invitation(email, first_name, role.value, invitation_link(token),
                                       hours))
    _audit(principal, context, "admin.user_create", user, role=role.value)
    return user_view(user)


def _ensure_not_last_super_admin(user: UserModel, role: Role, status: str) -> None:
    """The count is a ``by_role`` COUNT Query of active super_admins."""
    current = parse_role(user.role) or Role.MEMBER
    if rules.removes_super_admin(current, user.status, role, status) and \
            users.count_active(Role.SUPER_ADMIN.value) <= 1:
        raise rules.last_admin()


def change_access(principal: Principal, user_id: str, change: AccessChange,
                  context: RequestContext) -> dict[str, Any]:
    """``{role?, active?}`` on the version read; the user's sessions end when either changes
    (a session carries the role it was started with)."""
    user = _target(user_id)
    current = parse_role(user.role) or Role.MEMBER
    try:
        rules.check_access_change(principal.user_id, principal.role, user.user_id, current,
                                  change)
    except DomainError as error:
        _audit(principal, context, "admin.user_update", user, "denied",
               reason=error.code)
        raise
    role = change.role or current
    status = rules.new_status(user.status, change.active, bool(user.password_hash))
    if role == current and status == user.status:
        return user_view(user)
    _ensure_not_last_super_admin(user, role, status)
    before = (user.role, user.status)
    users.update_access(user, role=role.value, status=status,
                        now=clock.iso_instant(clock.utc_now()),
                        actor=(principal.user_id, principal.role.value))
    ended = sessions.end_all_sessions(user.user_id)
    send_email(admin_emails.access_changed(user.email, user.first_name, role.value,
                                           status != INACTIVE))
    _audit(principal, context, "admin.user_update", user,
           role_before=before[0], role=role.value, status_before=before[1], status=status,
           sessions_ended=ended)
    return user_view(user)


def _refuse_audited(principal: Principal, context: RequestContext, action: str,
                    user: UserModel, *, self_allowed: bool = False) -> None:
    """Raise (and audit as ``denied``) unless the principal may act on ``user``: an admin's or a
    super_admin's account only by a super_admin, one's own only where ``self_allowed``."""
    try:
        if user.user_id == principal.user_id and not self_allowed:
            raise rules.cannot_change_self()
        rules.require_power_over(principal.role, parse_role(user.role) or Role.MEMBER)
    except DomainError as error:
        _audit(principal, context, action, user, "denied", reason=error.code)
        raise


def unlock(principal: Principal, user_id: str, context: RequestContext) -> None:
    """Forget the failed sign-ins and any lock; the user is told by e-mail."""
    user = _target(user_id)
    _refuse_audited(principal, context, "admin.user_unlock", user, self_allowed=True)
    lockout.clear(user)
    users.rotate_stamp(user, clock.iso_instant(clock.utc_now()))
    send_email(admin_emails.account_unlocked(user.email, user.first_name))
    _audit(principal, context, "admin.user_unlock", user)


def send_password_reset(principal: Principal, user_id: str, context: RequestContext) -> None:
    """E-mail the user a reset link (1 hour): staff have no «¿Olvidaste tu contraseña?» link, so
    an admin who has checked who is asking sends one. With 2FA on, the reset still asks for a
    code (a lost phone: reset TOTP first). An admin's or super_admin's only by a super_admin."""
    user = _target(user_id)
    _refuse_audited(principal, context, "admin.user_password_reset", user)
    if user.status != ACTIVE:
        raise Conflict("La cuenta no está activa: no puede restablecer su contraseña.",
                       code="user_not_active")
    token = one_time_tokens.issue_reset(user, rules.RESET_BY_ADMIN_LIFETIME, {"via": "admin"})
    minutes = int(rules.RESET_BY_ADMIN_LIFETIME.total_seconds() // 60)
    link = f"{settings().site_url.rstrip('/')}/restablecer?token={quote(token)}"
    send_email(admin_emails.password_reset_by_admin(user.email, user.first_name, link, minutes,
                                                    second_factor=bool(user.totp_enabled)))
    _audit(principal, context, "admin.user_password_reset", user,
           role=user.role)


def reset_totp(principal: Principal, user_id: str, context: RequestContext) -> None:
    """TOTP off and its secrets gone, every session ended: the user enrols again (staff meet
    the enrolment gate at their next sign-in). An admin's or super_admin's only by a
    super_admin; one's own through Configuración."""
    user = _target(user_id)
    _refuse_audited(principal, context, "admin.user_reset_totp", user)
    users.disable_totp(user, clock.iso_instant(clock.utc_now()))
    ended = sessions.end_all_sessions(user.user_id)
    send_email(admin_emails.totp_reset(user.email, user.first_name))
    _audit(principal, context, "admin.user_reset_totp", user,
           sessions_ended=ended, role=user.role)


# --- staff tools (issue 17): invitations, a member's e-mail ---------------------------------


def _invited(principal: Principal, user_id: str, context: RequestContext,
             action: str) -> UserModel:
    """The invited account the principal may act on, else its refusal (audited)."""
    user = _target(user_id)
    _refuse_audited(principal, context, action, user)
    try:
        rules.require_invited(user.status)
    except DomainError as error:
        _audit(principal, context, action, user, "denied", reason=error.code)
        raise
    return user


def resend_invitation(principal: Principal, user_id: str,
                      context: RequestContext) -> dict[str, Any]:
    """An invitation not yet accepted (expired or not) gets a new link, 72 hours from now; the
    new stamp ends every earlier link. Admins' invitations only by a super_admin."""
    action = "admin.invitation_resent"
    user = _invited(principal, user_id, context, action)
    if not users.renew_invitation(user, clock.iso_instant(clock.utc_now())):
        raise rules.invitation_not_pending()  # accepted between the read and the write
    token = one_time_tokens.issue(Purpose.INVITATION, user, rules.INVITATION_LIFETIME)
    hours = int(rules.INVITATION_LIFETIME.total_seconds() // 3600)
    send_email(admin_emails.invitation(user.email, user.first_name, user.role,
                                       invitation_link(token), hours))
    _audit(principal, context, action, user, role=user.role)
    return user_view(user)


def revoke_invitation(principal: Principal, user_id: str, context: RequestContext) -> None:
    """The invited account is deleted with its e-mail claim: its links stop working and the
    address is free for a new invitation. Admins' invitations only by a super_admin."""
    action = "admin.invitation_revoked"
    user = _invited(principal, user_id, context, action)
    if not users.remove_invitation(user):
        raise rules.invitation_not_pending()
    _audit(principal, context, action, user, role=user.role,
           email=mask_email(user.email))


def correct_member_email(principal: Principal, user_id: str, email: str,
                         context: RequestContext) -> dict[str, Any]:
    """An admin sets a new e-mail for a member (a mistyped one): it waits as the account's
    pending e-mail for the confirmation link sent to it (``profile.confirm_email``, as a change
    asked in Configuración), and the current address is told with a «no fui yo» link. An
    address another account holds is the admin's 409 ``email_taken``."""
    action = "admin.member_email_change_requested"
    user = _target(user_id)
    try:
        rules.check_member_email_correction(parse_role(user.role), user.status, user.email,
                                            email)
        if users.email_is_claimed(email):
            raise rules.email_taken()
    except DomainError as error:
        _audit(principal, context, action, user, "denied", reason=error.code)
        raise
    change_id = email_revert.new_change_id()
    users.set_pending_email(user, email, clock.iso_instant(clock.utc_now()), change_id,
                            authenticator_fingerprint(user.totp_secret_encrypted))
    _send_email_correction(user, email, change_id)
    _audit(principal, context, action, user, new_email=mask_email(email))
    return user_view(user)


def _send_email_correction(user: UserModel, email: str, change_id: str) -> None:
    token = one_time_tokens.issue(Purpose.EMAIL_CHANGE, user, EMAIL_CHANGE_LIFETIME,
                                  {"email": email})
    hours = int(EMAIL_CHANGE_LIFETIME.total_seconds() // 3600)
    send_email(admin_emails.member_email_confirmation(
        email, user.first_name, profile.email_confirmation_link(token), hours))
    send_email(admin_emails.member_email_correction_notice(
        user.email, user.first_name, mask_email(email),
        email_revert.link_for(user, user.email, email, change_id,
                              user.email_change_authenticator)))
