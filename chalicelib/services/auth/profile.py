"""Configuración (manual 2.4.11): the user's own data, e-mail change by link, password change."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from chalicelib.domain.auth import emails as identity_emails
from chalicelib.domain.auth.identity import (
    EMAIL_CHANGE_LIFETIME,
    EMAIL_UNAVAILABLE,
    INVALID_TOKEN,
    Purpose,
    authenticator_fingerprint,
    mask_email,
    refuse_registry_name_changes,
)
from chalicelib.domain.auth.requests import LinkToken, PasswordChange, ProfileChanges
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import Conflict, InvalidInput, NotAuthenticated
from chalicelib.domain.shared.permissions import ACTIVE, Role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.auth import (
    email_revert,
    one_time_tokens,
    password_policy,
    passwords,
    sessions,
    step_up,
)
from chalicelib.services.shared import audit, mail_cooldown
from chalicelib.services.shared.notifications import send_email
from chalicelib.settings import settings
from chalicelib.store.auth import users
from chalicelib.store.shared.models import UserModel


def email_confirmation_link(token: str) -> str:
    return f"{settings().site_url.rstrip('/')}/confirmar-correo?token={quote(token)}"


def _user(principal: Principal) -> UserModel:
    user = users.get(principal.user_id)
    if user is None or user.status != ACTIVE:
        raise NotAuthenticated()
    return user


def _audit(action: str, outcome: str, user: UserModel, context: RequestContext,
           **details: object) -> None:
    audit.record(action=action, outcome=outcome, context=context, actor_id=user.user_id,
                 role=user.role, target=f"user:{user.user_id}", details=dict(details))


def _view(user: UserModel) -> dict[str, Any]:
    return {**sessions.user_summary(user), "pending_email": user.pending_email,
            "terms_version": user.terms_version, "terms_accepted_at": user.terms_accepted_at,
            "last_login_at": user.last_login_at, "created_at": user.created_at}


def get_profile(principal: Principal) -> dict[str, Any]:
    return _view(_user(principal))


def update_profile(principal: Principal, changes: ProfileChanges,
                   context: RequestContext) -> dict[str, Any]:
    """A staff member's names change at once (a member's are the registry's); a new e-mail is
    only pending until confirmed by link, and asking for one needs the step-up
    (``current_password``, and ``code`` with 2FA on)."""
    names, email = changes.names, changes.email
    user = _user(principal)
    if user.role == Role.MEMBER.value:
        refuse_registry_name_changes(names, {"first_name": user.first_name,
                                             "last_name": user.last_name})
    if email and email != user.email:
        step_up.require(user, changes.proof, context, "profile.email_change_requested")
    now = clock.iso_instant(clock.utc_now())
    first = names.get("first_name", user.first_name)
    last = names.get("last_name", user.last_name)
    if (first, last) != (user.first_name, user.last_name):
        users.update_names(user, first, last, now)
        _audit("profile.updated", "success", user, context, fields=",".join(sorted(names)))
    sent = _request_email_change(user, email, context) if email else False
    return {**_view(user), "email_confirmation_sent": sent}


def _request_email_change(user: UserModel, email: str, context: RequestContext) -> bool:
    now = clock.iso_instant(clock.utc_now())
    if email == user.email:
        if user.pending_email:  # asking for the current address again cancels the change
            users.set_pending_email(user, None, now)
        return False
    if users.email_is_claimed(email):
        _audit("profile.email_change_requested", "failure", user, context, reason="taken")
        raise Conflict(EMAIL_UNAVAILABLE, code="email_unavailable",
                       fields={"email": EMAIL_UNAVAILABLE})
    change_id = email_revert.new_change_id()
    users.set_pending_email(user, email, now, change_id,
                            authenticator_fingerprint(user.totp_secret_encrypted))
    token = one_time_tokens.issue(Purpose.EMAIL_CHANGE, user, EMAIL_CHANGE_LIFETIME,
                                  {"email": email})
    if mail_cooldown.allows("email_change", user.user_id, email):
        send_email(identity_emails.email_change_confirmation(email,
                                                             email_confirmation_link(token)))
    send_email(identity_emails.email_change_requested_notice(
        user.email, user.first_name, mask_email(email),
        email_revert.link_for(user, user.email, email, change_id,
                              user.email_change_authenticator)))
    _audit("profile.email_change_requested", "success", user, context,
           new_email=mask_email(email))
    return True


def confirm_email(link: LinkToken, context: RequestContext,
                  cookie_token: str | None = None) -> dict[str, Any]:
    """The ``token`` of the link sent to the new mailbox makes it the login e-mail (if still
    free and still the pending one); the old address gets a notice. Every session of the user
    ends but the one of ``cookie_token`` (when it is the user's), re-issued under the new
    security stamp."""
    record = one_time_tokens.peek(link.token, Purpose.EMAIL_CHANGE)
    user = one_time_tokens.holder(record)
    new_email = str(record.payload.get("email", "")) if record else ""
    if record is None or user is None or user.status != ACTIVE \
            or user.pending_email != new_email or not one_time_tokens.redeem(record):
        audit.record(action="profile.email_changed", outcome="failure", context=context,
                     details={"reason": "invalid_token"})
        raise InvalidInput(INVALID_TOKEN, code="invalid_token")
    old_email, authenticator = user.email, user.email_change_authenticator
    if not users.change_email(user, new_email, clock.iso_instant(clock.utc_now())):
        _audit("profile.email_changed", "failure", user, context, reason="taken")
        raise Conflict(EMAIL_UNAVAILABLE, code="email_unavailable")
    sessions.reissue_after_change(user, sessions.own_session_id(cookie_token, user.user_id))
    undo = email_revert.link_for(user, old_email, new_email, user.email_change_id,
                                 authenticator) \
        if user.email_change_id else None  # a change asked for before «no fui yo» existed
    send_email(identity_emails.email_changed_notice(old_email, user.first_name,
                                                    mask_email(new_email), undo))
    _audit("profile.email_changed", "success", user, context, new_email=mask_email(new_email))
    return {"email": new_email, "message": "Tu correo electrónico fue actualizado."}


def change_password(principal: Principal, change: PasswordChange,
                    context: RequestContext) -> None:
    """The current password is required (a wrong one counts towards lockout); the new one
    follows the policy; every other session of the user ends at once."""
    user = _user(principal)
    step_up.require(user, change.proof, context, "auth.password_changed")
    new_password = password_policy.check_new_password(
        change.new_password, change.confirmation,
        password_policy.personal_info(user), password_field="new_password",  # noqa: S106
        confirmation_field="new_password_confirmation")
    users.set_password(user, passwords.hash_password(new_password),
                       clock.iso_instant(clock.utc_now()))
    ended = sessions.reissue_after_change(user, principal.session_id)
    send_email(identity_emails.password_changed(user.email, user.first_name, by_reset=False))
    _audit("auth.password_changed", "success", user, context, sessions_ended=ended)


def request_email_change(user: UserModel, email: str, context: RequestContext) -> bool:
    """Activation's use of the e-mail change: the login e-mail typed at registration (when it
    differs from the one on file) waits, pending, for its confirmation link like any new one.
    Conflict when the address is taken."""
    return _request_email_change(user, email, context)
