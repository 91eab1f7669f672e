"""Use cases of server-side sessions: start, authenticate each request, end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chalicelib.domain.auth import sessions as rules
from chalicelib.domain.auth.identity import LEGACY_STAMP
from chalicelib.domain.shared.clock import iso_instant, parse_instant, utc_now
from chalicelib.domain.shared.errors import NotAuthenticated
from chalicelib.domain.shared.permissions import Role, parse_role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.domain.shared.tokens import new_token, token_hash
from chalicelib.store.auth import sessions as session_store
from chalicelib.store.auth import users
from chalicelib.store.shared.models import SessionModel, UserModel

SESSION_COOKIE = "__Host-coopac_session"
"""``__Host-``: browsers keep it only when Secure, Path=/ and without Domain (the handlers set it
so), so no subdomain and no plain-http page can set or shadow the session."""


@dataclass(frozen=True)
class StartedSession:
    token: str
    expires_at: datetime
    max_age_seconds: int | None
    """Cookie lifetime: set only for remembered sessions; others die with the browser."""


def start_session(*, user_id: str, role: Role, dni: str | None, totp_enabled: bool,
                  remember: bool, context: RequestContext, security_stamp: str,
                  now: datetime | None = None) -> StartedSession:
    """A fresh random token at every login; only its hash is stored, with the user's security
    stamp of the moment."""
    now = now or utc_now()
    token = new_token()
    remember = remember and rules.may_remember(role)
    staff = rules.is_staff(role)
    expires_at = rules.expires_at(now, now, remember, staff)
    session_store.put(SessionModel(
        token_hash=token_hash(token),
        user_id=user_id,
        role=role.value,
        dni=dni,
        totp_enabled=totp_enabled,
        remember=remember,
        created_at=iso_instant(now),
        last_seen_at=iso_instant(now),
        ip=context.ip[:64],
        user_agent=context.user_agent[:300],
        expires_at=rules.absolute_expiry(now, remember, staff),
        security_stamp=security_stamp,
    ))
    max_age = int(rules.REMEMBERED_LIFETIME.total_seconds()) if remember else None
    return StartedSession(token=token, expires_at=expires_at, max_age_seconds=max_age)


def authenticate(token: str | None, now: datetime | None = None) -> tuple[Principal, datetime]:
    """The principal of a live session and when it expires; two GetItems (the session, its
    user), one write a minute at most.

    Raises NotAuthenticated for a missing, unknown, ended or expired session, and for one whose
    security stamp is no longer its user's (a credential change since, made elsewhere).
    """
    if not token or len(token) > 200:
        raise NotAuthenticated()
    now = now or utc_now()
    session = session_store.get(token_hash(token))
    if session is None:
        raise NotAuthenticated()
    created_at = parse_instant(session.created_at)
    last_seen_at = parse_instant(session.last_seen_at)
    remember, staff = bool(session.remember), rules.is_staff(session.role)
    if rules.is_expired(created_at, last_seen_at, remember, now, staff):
        session_store.delete(session.token_hash)
        raise NotAuthenticated("Tu sesión expiró. Vuelve a iniciar sesión.", code="session_expired")
    role = parse_role(session.role)
    if role is None or not _stamp_is_current(session):
        raise NotAuthenticated()
    if rules.needs_touch(last_seen_at, now):
        last_seen_at = now
        session_store.touch(session, now, rules.absolute_expiry(created_at, remember, staff))
    principal = Principal(
        user_id=session.user_id,
        role=role,
        dni=session.dni,
        totp_enabled=bool(session.totp_enabled),
        session_id=session.token_hash,
    )
    return principal, rules.expires_at(created_at, last_seen_at, remember, staff)


def _stamp_is_current(session: SessionModel) -> bool:
    """Both reads are strongly consistent: a change made a moment ago ends the session now."""
    user = users.get(session.user_id)
    return user is not None and \
        (session.security_stamp or LEGACY_STAMP) == users.security_stamp(user)


def reissue_after_change(user: UserModel, keep_session_id: str | None) -> int:
    """After a credential change (the user's stamp is new): the session that made it carries
    the new stamp, every other session of the user ends; returns how many ended."""
    if keep_session_id is not None:
        session_store.set_stamp(keep_session_id, users.security_stamp(user))
    return session_store.delete_all_of_user(user.user_id, except_token_hash=keep_session_id)


def own_session_id(token: str | None, user_id: str) -> str | None:
    """The id of the session ``token`` names when it is a session of ``user_id``, else None."""
    if not token or len(token) > 200:
        return None
    session = session_store.get(token_hash(token))
    return session.token_hash if session is not None and session.user_id == user_id else None


def end_session(principal: Principal) -> None:
    session_store.delete(principal.session_id)


def end_all_sessions(user_id: str, keep_session_id: str | None = None) -> int:
    """Logout everywhere (password change/reset, deactivation); returns how many ended."""
    return session_store.delete_all_of_user(user_id, except_token_hash=keep_session_id)


def end_session_by_token(token: str | None) -> None:
    """End the session a cookie carries, if any (a new login replaces the browser's old one)."""
    if token and len(token) <= 200:
        session_store.delete(token_hash(token))
