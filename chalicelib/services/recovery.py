"""Password recovery (manual 2.2.4).

With 2FA on: e-mail + current TOTP code → a reset token (10 minutes) answered at once. Without
2FA: the e-mail alone → 202 and, if it belongs to an active account without 2FA, a single-use
link (15 minutes) by e-mail. The 202 answer never depends on the account: an account with 2FA
asked without a code gets an e-mail explaining to use the code (no link), an unknown e-mail
gets nothing. Every reset ends all sessions, clears the lockout and e-mails a notice.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from chalicelib.domain import clock, identity_emails
from chalicelib.domain.errors import AccountLocked, InvalidInput, NotAuthenticated
from chalicelib.domain.identity import (
    ACTIVE,
    INVALID_CODE,
    INVALID_TOKEN,
    INVITED,
    RESET_BY_LINK_LIFETIME,
    RESET_BY_TOTP_LIFETIME,
    Purpose,
    normalize_email,
    refuse_protected_fields,
)
from chalicelib.domain.principal import RequestContext
from chalicelib.services import (
    address_throttle,
    audit,
    identity,
    lockout,
    mail_cooldown,
    one_time_tokens,
    password_policy,
    passwords,
    sessions,
    totp,
)
from chalicelib.services.notifications import queue_job, send_email
from chalicelib.settings import settings
from chalicelib.store import users
from chalicelib.store.models import UserModel

ACCEPTED_MESSAGE = ("Si el correo corresponde a una cuenta, te enviaremos las instrucciones para "
                    "restablecer tu contraseña. Revisa tu bandeja de entrada.")


def reset_link(token: str) -> str:
    return f"{settings().site_url.rstrip('/')}/restablecer?token={quote(token)}"


def _audit(outcome: str, context: RequestContext, user: UserModel | None, action: str,
           **details: object) -> None:
    audit.record(action=action, outcome=outcome, context=context,
                 actor_id=user.user_id if user else None, role=user.role if user else None,
                 target=f"user:{user.user_id}" if user else "-", details=dict(details))


FORGOT_JOB = "password_forgot"
"""The notifier's job that looks the account up and sends the instructions."""


def forgot(body: dict[str, Any], context: RequestContext) -> tuple[int, dict[str, Any]]:
    """``(status, body)``: 200 with a reset token for a valid TOTP code, else 202. Both are under
    the address throttle (every request without a code counts against the address). Without a
    code the request only queues the address typed: the notifier looks the account up and
    e-mails it (``send_forgot_instructions``), so the answer and its time are the same for
    every address."""
    refuse_protected_fields(body)
    raw_email, code = body.get("email"), body.get("code")
    if not isinstance(raw_email, str) or not raw_email.strip():
        raise InvalidInput(fields={"email": "Ingresa tu correo electrónico."})
    email = normalize_email(raw_email)
    if code not in (None, ""):
        with address_throttle.credential_attempt(context, "auth.password_forgot"):
            user = users.find_by_email(email) if email else None
            try:
                return 200, _token_for_code(user, code, context)
            except AccountLocked:  # as for an unknown e-mail: only the mailbox learns of a lock
                raise NotAuthenticated(INVALID_CODE, code="invalid_code") from None
    address_throttle.ensure_allowed(context)
    address_throttle.register_failure(context, "auth.password_forgot")
    queue_job(FORGOT_JOB, email=email or "", ip=context.ip, user_agent=context.user_agent,
              source_ip=context.source_ip)
    return 202, {"message": ACCEPTED_MESSAGE}


def send_forgot_instructions(job: dict[str, Any]) -> None:
    """The notifier's half of ``forgot``: find the account and e-mail it (within the mail
    cooldowns), audited with the request's context."""
    context = RequestContext(ip=str(job.get("ip") or "-"),
                             user_agent=str(job.get("user_agent") or "-"),
                             source_ip=str(job.get("source_ip") or "-"))
    email = str(job.get("email") or "")
    _email_instructions(users.find_by_email(email) if email else None, context)


def _token_for_code(user: UserModel | None, code: object, context: RequestContext,
                    ) -> dict[str, Any]:
    """An unknown account and a wrong code get the same 401; a wrong code for an existing
    account counts towards its lockout."""
    action = "auth.password_forgot"
    if user is None or user.status != ACTIVE or not user.totp_enabled:
        _audit("failure", context, user, action, reason="no_totp_account")
        if user is not None:
            lockout.count_failure(user, context)
        raise NotAuthenticated(INVALID_CODE, code="invalid_code")
    attempt = lockout.reserve_attempt(user, context, action)
    if not totp.use_code(user, code):
        _audit("failure", context, user, action, reason="invalid_code")
        lockout.register_failure(user, context, attempt)
        raise NotAuthenticated(INVALID_CODE, code="invalid_code")
    lockout.release(user, attempt)  # the reset itself forgets the failures
    token = one_time_tokens.issue_reset(user, RESET_BY_TOTP_LIFETIME, {"via": "totp"})
    _audit("success", context, user, action, via="totp")
    return {"reset_token": token, "expires_in": int(RESET_BY_TOTP_LIFETIME.total_seconds())}


def _email_instructions(user: UserModel | None, context: RequestContext) -> None:
    action = "auth.password_forgot"
    if user is None or user.status != ACTIVE:
        _audit("failure", context, user, action, reason="no_active_account")
        return
    if not mail_cooldown.allows("password_reset", user.user_id, user.email):
        _audit("failure", context, user, action, reason="mail_cooldown")
        return
    if user.totp_enabled:
        send_email(identity_emails.password_reset_needs_totp(user.email, user.first_name))
        _audit("failure", context, user, action, reason="totp_required")
        return
    token = one_time_tokens.issue_reset(user, RESET_BY_LINK_LIFETIME, {"via": "email"})
    minutes = int(RESET_BY_LINK_LIFETIME.total_seconds() // 60)
    send_email(identity_emails.password_reset_link(user.email, user.first_name,
                                                   reset_link(token), minutes))
    _audit("success", context, user, action, via="email")


_STATUS_FOR = {Purpose.PASSWORD_RESET: ACTIVE, Purpose.INVITATION: INVITED}
"""A reset link works for an active account; an invitation link for an invited one."""


def _accept_invitation(user: UserModel, password: str, context: RequestContext) -> None:
    """The invited staff member's first password: the account becomes active (the next login
    leads to TOTP enrolment, the gate of every staff account without it)."""
    if not users.accept_invitation(user, passwords.hash_password(password),
                                   clock.iso_instant(clock.utc_now())):
        raise InvalidInput(INVALID_TOKEN, code="invalid_token",
                           fields={"reset_token": INVALID_TOKEN})
    _audit("success", context, user, "auth.invitation_accepted")


def reset(body: dict[str, Any], context: RequestContext) -> None:
    """Set a new password with a live reset token; the policy applies; all sessions end."""
    refuse_protected_fields(body)
    record = one_time_tokens.peek(body.get("reset_token"), Purpose.PASSWORD_RESET) or \
        one_time_tokens.peek(body.get("reset_token"), Purpose.INVITATION)
    user = one_time_tokens.holder(record)
    if record is None or user is None or user.status != _STATUS_FOR[record.purpose]:
        _audit("failure", context, user, "auth.password_reset", reason="invalid_token")
        raise InvalidInput(INVALID_TOKEN, code="invalid_token",
                           fields={"reset_token": INVALID_TOKEN})
    password = password_policy.check_new_password(
        body.get("password"), body.get("password_confirmation"), identity.personal_info(user))
    if not one_time_tokens.redeem(record):
        raise InvalidInput(INVALID_TOKEN, code="invalid_token",
                           fields={"reset_token": INVALID_TOKEN})
    if record.purpose is Purpose.INVITATION:
        _accept_invitation(user, password, context)
        return
    users.set_password(user, passwords.hash_password(password), clock.iso_instant(clock.utc_now()))
    ended = sessions.end_all_sessions(user.user_id)
    lockout.clear(user)
    send_email(identity_emails.password_changed(user.email, user.first_name, by_reset=True))
    _audit("success", context, user, "auth.password_reset", via=record.payload.get("via", "-"),
           sessions_ended=ended)
