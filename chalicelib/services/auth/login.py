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
    Credentials,
    LoginRequest,
    TotpLoginRequest,
    read_credentials,
    read_login_code,
)
from chalicelib.domain.auth.sessions import may_remember
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import (
    AccountLocked,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
)
from chalicelib.domain.shared.permissions import ACTIVE, PENDING_ACTIVATION, parse_role
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.domain.shared.tokens import new_token, token_hash
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
from chalicelib.store.auth import login_failures, signins, users
from chalicelib.store.auth import one_time_tokens as store_tokens
from chalicelib.store.auth import sign_in as sign_in_reads
from chalicelib.store.shared import round_trips
from chalicelib.store.shared.models import UserModel
from chalicelib.store.shared.round_trips import Write

SIGNIN_COUNT_LIFETIME = timedelta(days=3)
"""How long the dashboard's per-day sign-in count (store.auth.signins) is kept."""
MAX_PASSWORD_INPUT = 1024
"""Longer inputs are never a valid password (the policy stops at 128) and are not hashed."""
CHALLENGE_SEPARATOR = "."
"""Between the account's id and the random part of a login challenge (neither uses it)."""
MAX_USER_ID = 64


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


def _check_password(user: UserModel, password: str, context: RequestContext,
                    window: login_failures.Read) -> Attempt:
    """Raise unless the password is right and the account may sign in; the attempt's place in
    the lockout window is taken before the password is looked at. A locked account (or a full
    window) and the failure that locks it answer the wrong password's 401, after the same
    argon2 work: the lock is told only to the owner's mailbox, so no answer says which
    e-mails have an account."""
    try:
        attempt = lockout.reserve_attempt(user, context, "auth.login", window)
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


def _refuse_unknown_email(email: str | None, password: str, context: RequestContext,
                          window: login_failures.Read | None = None) -> NoReturn:
    """The wrong password's work for an e-mail without an account: a place in a lockout window
    of its own (keyed by the address's hash), the same argon2 verification and audit record,
    the lock when it fills; so neither the answer, its time nor its DynamoDB calls tell."""
    subject = unknown_email_subject(email or "-")
    attempt = lockout.reserve_for_unknown_email(subject, window)
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
    fields are judged (``read_credentials``). ``browser_id`` is the browser cookie's value.

    Issue 19: a complete sign-in is four DynamoDB calls: the e-mail index (Query); the account,
    the address's failures, the lockout window, the browser's mark and the day's sign-in mark
    (one BatchGetItem); the attempt's place (one conditional write); and one transaction that
    clears the window, stamps the account, starts the session, marks the browser (and the
    alert's link), counts the day's sign-in and writes the audit record."""
    with address_throttle.credential_attempt(context, "auth.login", checked_inside=True):
        return _sign_in(request, context, replaced_token, browser_id)


def _credentials(request: LoginRequest, context: RequestContext) -> Credentials:
    """``read_credentials``, after the address's throttle when the fields are refused (so a
    throttled address gets its 429 first, as before the reads were batched)."""
    try:
        return read_credentials(request)
    except InvalidInput:
        address_throttle.ensure_allowed(context)
        raise


def _sign_in(request: LoginRequest, context: RequestContext,
             replaced_token: str | None, browser_id: str | None) -> LoginOutcome:
    credentials = _credentials(request, context)
    email, password = credentials.email, credentials.password
    browser = new_sign_in_alert.browser_of(browser_id)
    user_id = users.id_by_email(email) if email else users.NO_ACCOUNT_ID
    subject = user_id if user_id != users.NO_ACCOUNT_ID else unknown_email_subject(email or "-")
    read = _read(user_id, subject, context, browser)
    address_throttle.refuse_if_throttled(read.address_failures)
    user = read.user if read.user is not None and email \
        and read.user.email == email.strip().lower() else None
    if user is None:
        _refuse_unknown_email(email, password, context, read.lockout)
    attempt = _check_password(user, password, context, read.lockout)
    if user.totp_enabled:
        return _challenge(user, request.remember, context, attempt)
    return _complete(user, read, request.remember, context, replaced_token, browser)


def _read(user_id: str, lockout_subject: str, context: RequestContext, browser: str,
          challenge_hash: str | None = None) -> sign_in_reads.SignInRead:
    return sign_in_reads.read(sign_in_reads.Keys(
        user_id=user_id, lockout_subject=lockout_subject,
        address_counter=address_throttle.counter_id(context),
        browser_hash=new_sign_in_alert.browser_key(browser), day=clock.lima_today(),
        challenge_hash=challenge_hash))


def _challenge(user: UserModel, remember: bool, context: RequestContext,
               attempt: Attempt) -> LoginOutcome:
    """The password was right and TOTP is on: the attempt's place is given back (only the
    complete sign-in forgets the failures), the challenge is kept and the step audited, in one
    transaction. The challenge starts with the account's id, so the TOTP step reads the
    account with its other reads (its hash, not the id, is what the store keeps)."""
    challenge, kept = one_time_tokens.prepare(
        Purpose.LOGIN_CHALLENGE, user, LOGIN_CHALLENGE_LIFETIME, {"remember": remember},
        token=f"{user.user_id}{CHALLENGE_SEPARATOR}{new_token()}")
    writes = [kept, audit.write(action="auth.login", outcome="success", context=context,
                                actor_id=user.user_id, role=user.role,
                                target=f"user:{user.user_id}",
                                details={"stage": "password", "next": "totp"})]
    try:
        round_trips.commit([lockout.release_write(user, attempt), *writes])
    except round_trips.Cancelled as cancelled:
        if cancelled.failed != {login_failures.RELEASE}:
            raise
        round_trips.commit(writes)  # the window is gone already: nothing to give back
    return LoginOutcome(body={"requires_totp": True, "challenge": challenge,
                              "expires_in": int(LOGIN_CHALLENGE_LIFETIME.total_seconds())})


def sign_in_with_code(request: TotpLoginRequest, context: RequestContext,
                      replaced_token: str | None = None,
                      browser_id: str | None = None) -> LoginOutcome:
    """Second step: a valid challenge and a fresh code complete the sign-in; a wrong code is a
    failure for lockout (the challenge stays usable until it expires or succeeds) and for the
    address's throttle, which is consulted before the request's fields are judged
    (``read_login_code``).

    Issue 19: four DynamoDB calls with a current code: the challenge, the account (its id
    starts the challenge), the address's failures, the lockout window and the browser's and
    day's marks in one BatchGetItem; the attempt's place; the code's step (one conditional
    write); and the transaction of ``_complete``, which also uses the challenge up."""
    with address_throttle.credential_attempt(context, "auth.login_totp", checked_inside=True):
        return _sign_in_with_code(request, context, replaced_token, browser_id)


def _login_code(request: TotpLoginRequest, context: RequestContext) -> str:
    try:
        return read_login_code(request)
    except InvalidInput:
        address_throttle.ensure_allowed(context)
        raise


def _challenge_read(request: TotpLoginRequest, context: RequestContext,
                    browser: str) -> sign_in_reads.SignInRead:
    """The reads of the TOTP step, keyed by the account id the challenge starts with (a
    challenge without one reads no account here, and its holder is read apart)."""
    challenge = request.challenge
    user_id, separator, _ = (challenge or "").partition(CHALLENGE_SEPARATOR)
    user_id = user_id if separator and len(user_id) <= MAX_USER_ID else users.NO_ACCOUNT_ID
    return _read(user_id, user_id, context, browser,
                 token_hash(challenge) if challenge and one_time_tokens.is_token_text(challenge)
                 else None)


def _invalid_challenge(context: RequestContext) -> NotAuthenticated:
    audit.record(action="auth.login_totp", outcome="failure", context=context,
                 details={"reason": "invalid_challenge"})
    return NotAuthenticated(INVALID_CHALLENGE, code="invalid_challenge")


def _sign_in_with_code(request: TotpLoginRequest, context: RequestContext,
                       replaced_token: str | None, browser_id: str | None) -> LoginOutcome:
    code = _login_code(request, context)
    browser = new_sign_in_alert.browser_of(browser_id)
    read = _challenge_read(request, context, browser)
    address_throttle.refuse_if_throttled(read.address_failures)
    record = one_time_tokens.record_of(read.challenge, Purpose.LOGIN_CHALLENGE)
    user = one_time_tokens.holder(record, read.user)
    if record is None or user is None or user.status != ACTIVE or not user.totp_enabled:
        raise _invalid_challenge(context)
    attempt = lockout.reserve_attempt(user, context, "auth.login_totp", read.lockout)
    if not totp.use_code_or_backup(user, code, context):
        _audit_user(user, "auth.login_totp", "failure", context, reason="invalid_code")
        lockout.register_failure(user, context, attempt)
        raise NotAuthenticated(INVALID_CODE, code="invalid_code")
    if read.user is not user:  # a challenge without the account's id: read apart
        read = _read(user.user_id, user.user_id, context, browser)
    try:
        return _complete(user, read, record.payload.get("remember") is True, context,
                         replaced_token, browser, stage="totp",
                         also=(one_time_tokens.redeem_write(record),))
    except round_trips.Cancelled as cancelled:
        if store_tokens.CONSUME not in cancelled.failed:
            raise
        lockout.release(user, attempt)
        raise NotAuthenticated(INVALID_CHALLENGE, code="invalid_challenge") from None


def _complete(user: UserModel, read: sign_in_reads.SignInRead, remember: bool,
              context: RequestContext, replaced_token: str | None, browser: str, *,
              stage: str = "password", also: tuple[Write, ...] = ()) -> LoginOutcome:
    """A new session (new random token) for a fully authenticated user, in one transaction with
    the failure counter's reset (this attempt's place included), the account's last sign-in,
    the day's count, the browser's mark for the new sign-in alert and the audit record; the
    answer is the same whether the browser was known or not."""
    role = parse_role(user.role)
    if role is None:  # pragma: no cover - roles are validated when written
        raise _invalid_credentials()
    remember = remember and may_remember(role)  # staff sessions are never remembered
    now = clock.utc_now()
    started, session = sessions.start_session_write(
        user_id=user.user_id, role=role, dni=user.dni, totp_enabled=bool(user.totp_enabled),
        remember=remember, context=context, security_stamp=users.security_stamp(user), now=now)
    noted = new_sign_in_alert.note_browser(user, browser, token_hash(started.token), context,
                                           first_sign_in=user.last_login_at is None,
                                           previous=read.known_browser)
    writes = [*also, lockout.clear_write(user), session, *noted.writes,
              users.record_login_write(user, clock.iso_instant(now)),
              *_ended(replaced_token),
              audit.write(action="auth.login_totp" if stage == "totp" else "auth.login",
                          outcome="success", context=context, actor_id=user.user_id,
                          role=user.role, target=f"user:{user.user_id}",
                          details={"remember": remember,
                                   "new_sign_in_alert": noted.alerted})]
    _commit_counted(writes, None if read.counted_today else signins.count_write(
        clock.lima_today(now), user.user_id, now + SIGNIN_COUNT_LIFETIME))
    new_sign_in_alert.send(noted, user.user_id)
    return LoginOutcome(body={"requires_totp": False, "user": sessions.user_summary(user, role),
                              "expires_at": clock.iso_instant(started.expires_at)},
                        session=started, browser_id=noted.browser_id)


def _ended(replaced_token: str | None) -> tuple[Write, ...]:
    """The browser's previous session ends with the new one's start."""
    ended = sessions.end_session_write(replaced_token)
    return (ended,) if ended is not None else ()


def _commit_counted(writes: list[Write], count: Write | None) -> None:
    """The sign-in's transaction, with the day's count when the reads found the account not
    counted yet; counted meanwhile (another sign-in of the same moment), without it."""
    try:
        round_trips.commit([*writes, count] if count is not None else writes)
    except round_trips.Cancelled as cancelled:
        if cancelled.failed != {signins.COUNT}:
            raise
        round_trips.commit(writes)
