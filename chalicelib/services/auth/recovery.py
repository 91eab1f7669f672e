"""Password recovery (manual 2.2.4, issue 14 finding 4).

``forgot`` only queues the address typed and answers the same 202 for every address; the
notifier looks the account up and e-mails it. A member's active account gets a single-use reset
link (15 minutes). With 2FA on, the link is one factor only: the reset also needs a current TOTP
code or an unused backup code in the same request (a wrong one counts towards the lockout and
leaves the link usable), so a phished code or a read mailbox alone never becomes the account.
Staff (operator, admin, super_admin) get no link: their mail tells them to ask an
administrator, who can unlock the account or reset its 2FA (services.admin.users). Every reset
ends all sessions, clears the lockout and e-mails a notice.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from chalicelib.domain.auth import emails as identity_emails
from chalicelib.domain.auth.identity import (
    CODE_MISSING,
    INVALID_CODE,
    INVALID_TOKEN,
    RESET_BY_LINK_LIFETIME,
    Purpose,
)
from chalicelib.domain.auth.lockout import Attempt
from chalicelib.domain.auth.requests import ForgotRequest, ResetRequest
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.permissions import ACTIVE, INVITED, STAFF_ROLES, parse_role
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.services.auth import (
    address_throttle,
    lockout,
    one_time_tokens,
    password_policy,
    passwords,
    sessions,
    totp,
)
from chalicelib.services.shared import audit, mail_cooldown
from chalicelib.services.shared.notifications import queue_job, send_email
from chalicelib.settings import settings
from chalicelib.store.auth import users
from chalicelib.store.shared.models import UserModel

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


def forgot(request: ForgotRequest, context: RequestContext) -> tuple[int, dict[str, Any]]:
    """``(202, body)`` for every address, under the address throttle (every request counts
    against the address). The request only queues the address typed: the notifier looks the
    account up and e-mails it (``send_forgot_instructions``), so the answer and its time are
    the same for every address. No code ever buys a reset token here."""
    address_throttle.ensure_allowed(context)
    address_throttle.register_failure(context, "auth.password_forgot")
    queue_job(FORGOT_JOB, email=request.email or "", ip=context.ip, user_agent=context.user_agent,
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


def _email_instructions(user: UserModel | None, context: RequestContext) -> None:
    action = "auth.password_forgot"
    if user is None or user.status != ACTIVE:
        _audit("failure", context, user, action, reason="no_active_account")
        return
    if not mail_cooldown.allows("password_reset", user.user_id, user.email):
        _audit("failure", context, user, action, reason="mail_cooldown")
        return
    if parse_role(user.role) in STAFF_ROLES:
        send_email(identity_emails.password_reset_by_admin_only(user.email, user.first_name))
        _audit("failure", context, user, action, reason="staff_recover_through_admin")
        return
    token = one_time_tokens.issue_reset(user, RESET_BY_LINK_LIFETIME, {"via": "email"})
    minutes = int(RESET_BY_LINK_LIFETIME.total_seconds() // 60)
    send_email(identity_emails.password_reset_link(
        user.email, user.first_name, reset_link(token), minutes,
        second_factor=bool(user.totp_enabled)))
    _audit("success", context, user, action, via="email", two_factor=bool(user.totp_enabled))


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


def _live_token(token: str | None, context: RequestContext,
                ) -> tuple[one_time_tokens.TokenRecord, UserModel]:
    """The reset (or invitation) token's record and its holder, else 400 ``invalid_token``."""
    record = one_time_tokens.peek(token, Purpose.PASSWORD_RESET) or \
        one_time_tokens.peek(token, Purpose.INVITATION)
    user = one_time_tokens.holder(record)
    if record is None or user is None or user.status != _STATUS_FOR[record.purpose]:
        _audit("failure", context, user, "auth.password_reset", reason="invalid_token")
        raise InvalidInput(INVALID_TOKEN, code="invalid_token",
                           fields={"reset_token": INVALID_TOKEN})
    return record, user


def _needs_second_factor(record: one_time_tokens.TokenRecord, user: UserModel) -> bool:
    return record.purpose is Purpose.PASSWORD_RESET and bool(user.totp_enabled)


def _require_code_present(code: str | None) -> None:
    """Told only to who holds a live link of a 2FA account: the site then asks for the code."""
    if code is None or not code.strip():
        raise InvalidInput(CODE_MISSING, code="code_required", fields={"code": CODE_MISSING})


def _check_second_factor(user: UserModel, code: str | None,
                         context: RequestContext) -> Attempt:
    """A current TOTP code or an unused backup code, in the lockout's window like any code
    (423 once locked: only the link's holder, the mailbox owner, gets this far)."""
    attempt = lockout.reserve_attempt(user, context, "auth.password_reset")
    if not totp.use_code_or_backup(user, code, context):
        _audit("failure", context, user, "auth.password_reset", reason="invalid_code")
        lockout.register_failure(user, context, attempt)
        raise InvalidInput(INVALID_CODE, code="invalid_code", fields={"code": INVALID_CODE})
    return attempt


def reset(request: ResetRequest, context: RequestContext) -> None:
    """Set a new password with a live reset token (and, with 2FA on, a current code or a backup
    code); the policy applies; all sessions end. The token is spent only when all holds."""
    record, user = _live_token(request.reset_token, context)
    if _needs_second_factor(record, user):
        _require_code_present(request.code)
    password = password_policy.check_new_password(
        request.password, request.confirmation, password_policy.personal_info(user))
    attempt = _check_second_factor(user, request.code, context) \
        if _needs_second_factor(record, user) else None
    if not one_time_tokens.redeem(record):
        if attempt is not None:
            lockout.release(user, attempt)
        raise InvalidInput(INVALID_TOKEN, code="invalid_token",
                           fields={"reset_token": INVALID_TOKEN})
    if record.purpose is Purpose.INVITATION:
        _accept_invitation(user, password, context)
        return
    _set_new_password(user, password, context, record)


def _set_new_password(user: UserModel, password: str, context: RequestContext,
                      record: one_time_tokens.TokenRecord) -> None:
    users.set_password(user, passwords.hash_password(password), clock.iso_instant(clock.utc_now()))
    ended = sessions.end_all_sessions(user.user_id)
    lockout.clear(user)
    send_email(identity_emails.password_changed(user.email, user.first_name, by_reset=True))
    _audit("success", context, user, "auth.password_reset", via=record.payload.get("via", "-"),
           two_factor=bool(user.totp_enabled), sessions_ended=ended)
