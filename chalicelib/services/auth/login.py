"""Sign-in (manual 2.1.3, 2.2.3): e-mail and password, then the TOTP code when 2FA is on.

An unknown e-mail and a wrong password get the same 401 and cost the same argon2 verification.
Failures of either step add to one lockout counter per account; only a complete sign-in resets
it (so knowing the password does not buy more TOTP guesses).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, NoReturn

from chalicelib.domain.auth.identity import (
    INVALID_CHALLENGE,
    INVALID_CODE,
    INVALID_CREDENTIALS,
    LOGIN_CHALLENGE_LIFETIME,
    NOT_ACTIVATED,
    Purpose,
    unknown_email_subject,
)
from chalicelib.domain.auth.lockout import Attempt
from chalicelib.domain.auth.requests import (
    LoginRequest,
    TotpLoginRequest,
    read_credentials,
    read_login_code,
)
from chalicelib.domain.auth.sessions import may_remember
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import AccountLocked, Forbidden, NotAuthenticated
from chalicelib.domain.shared.permissions import ACTIVE, PENDING_ACTIVATION, parse_role
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.domain.shared.tokens import token_hash
from chalicelib.services.auth import (
    address_throttle,
    lockout,
    new_sign_in_alert,
    one_time_tokens,
    passwords,
    registration,
    sessions,
    totp,
)
from chalicelib.services.auth.sessions import StartedSession
from chalicelib.services.shared import audit
from chalicelib.store.auth import signins, users
from chalicelib.store.shared.models import UserModel

SIGNIN_COUNT_LIFETIME = timedelta(days=3)
"""How long the dashboard's per-day sign-in count (store.auth.signins) is kept."""
MAX_PASSWORD_INPUT = 1024
"""Longer inputs are never a valid password (the policy stops at 128) and are not hashed."""


@dataclass(frozen=True)
class LoginOutcome:
    body: dict[str, Any]
    session: StartedSession | None = None
    """Set when the sign-in is complete: the handler turns it into the cookie."""
    browser_id: str | None = None
    """Set with ``session``: the browser's id for its long-lived cookie (the new sign-in
    alert's, ``domain.auth.new_sign_in``), renewed at every complete sign-in."""


def _invalid_credentials() -> NotAuthenticated:
    return NotAuthenticated(INVALID_CREDENTIALS, code="invalid_credentials")


def _audit_user(user: UserModel, action: str, outcome: str, context: RequestContext,
                **details: object) -> None:
    audit.record(action=action, outcome=outcome, context=context, actor_id=user.user_id,
                 role=user.role, target=f"user:{user.user_id}", details=dict(details))


def _password_matches(user: UserModel, password: str) -> bool:
    if not user.password_hash or len(password) > MAX_PASSWORD_INPUT:
        passwords.burn_time_like_a_verification(password[:MAX_PASSWORD_INPUT])
        return False
    if not passwords.verify_password(user.password_hash, password):
        return False
    if passwords.needs_rehash(user.password_hash):
        users.rehash_password(user, passwords.hash_password(password))
    return True


def _check_password(user: UserModel, password: str, context: RequestContext) -> Attempt:
    """Raise unless the password is right and the account may sign in; the attempt's place in
    the lockout window is taken before the password is looked at. A locked account (or a full
    window) and the failure that locks it answer the wrong password's 401, after the same
    argon2 work: the lock is told only to the owner's mailbox, so no answer says which
    e-mails have an account."""
    try:
        attempt = lockout.reserve_attempt(user, context, "auth.login")
    except AccountLocked:
        passwords.burn_time_like_a_verification(password[:MAX_PASSWORD_INPUT])
        raise _invalid_credentials() from None
    if not _password_matches(user, password):
        _audit_user(user, "auth.login", "failure", context, reason="wrong_password")
        with suppress(AccountLocked):  # locked now: e-mailed and audited, answered as any 401
            lockout.register_failure(user, context, attempt)
        raise _invalid_credentials()
    if user.status != ACTIVE or parse_role(user.role) is None:
        lockout.release(user, attempt)  # the right password is no failure
        _refuse_account(user, context)
    return attempt


def _refuse_account(user: UserModel, context: RequestContext) -> None:
    if user.status == PENDING_ACTIVATION:
        # Only the holder of the right password learns this, and the link goes to the mailbox.
        registration.resend_activation(user)
        _audit_user(user, "auth.login", "failure", context, reason="not_activated")
        raise Forbidden(NOT_ACTIVATED, code="account_not_activated")
    _audit_user(user, "auth.login", "failure", context, reason="inactive")
    raise _invalid_credentials()


def _refuse_unknown_email(email: str | None, password: str, context: RequestContext) -> NoReturn:
    """The wrong password's work for an e-mail without an account: a place in a lockout window
    of its own (keyed by the address's hash), the same argon2 verification and audit record,
    the lock when it fills; so neither the answer, its time nor its DynamoDB calls tell."""
    subject = unknown_email_subject(email or "-")
    attempt = lockout.reserve_for_unknown_email(subject)
    passwords.burn_time_like_a_verification(password[:MAX_PASSWORD_INPUT])
    audit.record(action="auth.login", outcome="failure", context=context,
                 target=f"email:{(email or '-')[:100]}",
                 details={"reason": "unknown_email", "locked": attempt is None})
    if attempt is not None:
        lockout.register_unknown_email_failure(subject, context, attempt)
    raise _invalid_credentials()


def sign_in(request: LoginRequest, context: RequestContext,
            replaced_token: str | None = None, browser_id: str | None = None) -> LoginOutcome:
    """Check e-mail and password; with TOTP on, answer a 5-minute challenge instead of a
    session. An address that failed too often is refused first (429), before the request's
    fields are judged (``read_credentials``). ``browser_id`` is the browser cookie's value."""
    with address_throttle.credential_attempt(context, "auth.login"):
        return _sign_in(request, context, replaced_token, browser_id)


def _sign_in(request: LoginRequest, context: RequestContext,
             replaced_token: str | None, browser_id: str | None) -> LoginOutcome:
    credentials = read_credentials(request)
    email, password = credentials.email, credentials.password
    user = users.find_by_email(email) if email else None
    if user is None:
        _refuse_unknown_email(email, password, context)
    attempt = _check_password(user, password, context)
    if user.totp_enabled:
        lockout.release(user, attempt)  # only the complete sign-in forgets the failures
        challenge = one_time_tokens.issue(Purpose.LOGIN_CHALLENGE, user,
                                          LOGIN_CHALLENGE_LIFETIME, {"remember": request.remember})
        _audit_user(user, "auth.login", "success", context, stage="password", next="totp")
        return LoginOutcome(body={"requires_totp": True, "challenge": challenge,
                                  "expires_in": int(LOGIN_CHALLENGE_LIFETIME.total_seconds())})
    return _complete(user, request.remember, context, replaced_token, browser_id)


def sign_in_with_code(request: TotpLoginRequest, context: RequestContext,
                      replaced_token: str | None = None,
                      browser_id: str | None = None) -> LoginOutcome:
    """Second step: a valid challenge and a fresh code complete the sign-in; a wrong code is a
    failure for lockout (the challenge stays usable until it expires or succeeds) and for the
    address's throttle, which is consulted before the request's fields are judged
    (``read_login_code``)."""
    with address_throttle.credential_attempt(context, "auth.login_totp"):
        return _sign_in_with_code(request, context, replaced_token, browser_id)


def _sign_in_with_code(request: TotpLoginRequest, context: RequestContext,
                       replaced_token: str | None, browser_id: str | None) -> LoginOutcome:
    code = read_login_code(request)
    record = one_time_tokens.peek(request.challenge, Purpose.LOGIN_CHALLENGE)
    user = one_time_tokens.holder(record)
    if record is None or user is None or user.status != ACTIVE or not user.totp_enabled:
        audit.record(action="auth.login_totp", outcome="failure", context=context,
                     details={"reason": "invalid_challenge"})
        raise NotAuthenticated(INVALID_CHALLENGE, code="invalid_challenge")
    attempt = lockout.reserve_attempt(user, context, "auth.login_totp")
    if not totp.use_code_or_backup(user, code, context):
        _audit_user(user, "auth.login_totp", "failure", context, reason="invalid_code")
        lockout.register_failure(user, context, attempt)
        raise NotAuthenticated(INVALID_CODE, code="invalid_code")
    if not one_time_tokens.redeem(record):
        lockout.release(user, attempt)
        raise NotAuthenticated(INVALID_CHALLENGE, code="invalid_challenge")
    return _complete(user, record.payload.get("remember") is True, context, replaced_token,
                     browser_id, stage="totp")


def _complete(user: UserModel, remember: bool, context: RequestContext,
              replaced_token: str | None, browser_id: str | None, *,
              stage: str = "password") -> LoginOutcome:
    """A new session (new random token) for a fully authenticated user; the failure counter
    (this attempt's place included) is reset. The browser is noted for the new sign-in alert;
    the answer is the same whether it was known or not."""
    role = parse_role(user.role)
    if role is None:  # pragma: no cover - roles are validated when written
        raise _invalid_credentials()
    remember = remember and may_remember(role)  # staff sessions are never remembered
    lockout.clear(user)
    first_sign_in = user.last_login_at is None
    users.record_login(user, clock.iso_instant(clock.utc_now()))
    signins.count_once(clock.lima_today(), user.user_id, clock.utc_now() + SIGNIN_COUNT_LIFETIME)
    sessions.end_session_by_token(replaced_token)
    started = sessions.start_session(user_id=user.user_id, role=role, dni=user.dni,
                                     totp_enabled=bool(user.totp_enabled), remember=remember,
                                     context=context, security_stamp=users.security_stamp(user))
    browser = new_sign_in_alert.note_browser(user, browser_id, token_hash(started.token),
                                             context, first_sign_in=first_sign_in)
    _audit_user(user, "auth.login_totp" if stage == "totp" else "auth.login", "success",
                context, remember=remember, new_sign_in_alert=browser.alerted)
    return LoginOutcome(body={"requires_totp": False, "user": sessions.user_summary(user, role),
                              "expires_at": clock.iso_instant(started.expires_at)},
                        session=started, browser_id=browser.browser_id)
