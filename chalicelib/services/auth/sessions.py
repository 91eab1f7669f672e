"""Server-side sessions: start one, authenticate each request, end one or all; what the
signed-in user sees of their session (``GET /api/auth/session``) and of their other sessions
(Configuración: list them, end one on another device)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.domain.auth import sessions as rules
from chalicelib.domain.auth.identity import LEGACY_STAMP, public_session_id
from chalicelib.domain.auth.terms_versions import acceptance_pending
from chalicelib.domain.shared.clock import iso_instant, lima_today, parse_instant, utc_now
from chalicelib.domain.shared.errors import NotAuthenticated, NotFound
from chalicelib.domain.shared.permissions import Role, menu_for, parse_role, totp_required
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.domain.shared.tokens import new_token, token_hash
from chalicelib.services.auth import terms
from chalicelib.services.shared import audit
from chalicelib.store.auth import sessions as session_store
from chalicelib.store.auth import users
from chalicelib.store.shared.models import SessionModel, UserModel
from chalicelib.store.shared.round_trips import Write

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
    started, session = _new_session(user_id=user_id, role=role, dni=dni,
                                    totp_enabled=totp_enabled, remember=remember,
                                    context=context, security_stamp=security_stamp, now=now)
    session_store.put(session)
    return started


def start_session_write(*, user_id: str, role: Role, dni: str | None, totp_enabled: bool,
                        remember: bool, context: RequestContext, security_stamp: str,
                        now: datetime) -> tuple[StartedSession, Write]:
    """``start_session`` as part of a sign-in's transaction: the session to answer, and the
    write that stores it."""
    started, session = _new_session(user_id=user_id, role=role, dni=dni,
                                    totp_enabled=totp_enabled, remember=remember,
                                    context=context, security_stamp=security_stamp, now=now)
    return started, session_store.put_write(session)


def end_session_write(token: str | None) -> Write | None:
    """``end_session_by_token`` as part of a sign-in's transaction; None without a token."""
    if token and len(token) <= 200:
        return session_store.delete_write(token_hash(token))
    return None


def _new_session(*, user_id: str, role: Role, dni: str | None, totp_enabled: bool,
                 remember: bool, context: RequestContext, security_stamp: str,
                 now: datetime | None) -> tuple[StartedSession, SessionModel]:
    now = now or utc_now()
    token = new_token()
    remember = remember and rules.may_remember(role)
    staff = rules.is_staff(role)
    expires_at = rules.expires_at(now, now, remember, staff)
    session = SessionModel(
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
    )
    max_age = int(rules.REMEMBERED_LIFETIME.total_seconds()) if remember else None
    return StartedSession(token=token, expires_at=expires_at, max_age_seconds=max_age), session


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
    user = _user_with_current_stamp(session)
    if role is None or user is None:
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
        remember=remember,
        terms_pending=_terms_pending(role, user, now),
    )
    return principal, rules.expires_at(created_at, last_seen_at, remember, staff)


def _user_with_current_stamp(session: SessionModel) -> UserModel | None:
    """Both reads are strongly consistent: a change made a moment ago ends the session now."""
    user = users.get(session.user_id)
    current = user is not None and \
        (session.security_stamp or LEGACY_STAMP) == users.security_stamp(user)
    return user if current else None


def _terms_pending(role: Role, user: UserModel, now: datetime) -> bool:
    """A member's request also reads the terms' pointer (one GetItem): one who has not accepted
    the version in force reaches only the session and the acceptance until they do."""
    if role != Role.MEMBER:
        return False
    return acceptance_pending(role, user.terms_version, terms.version_in_force(lima_today(now)))


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


def end_session(principal: Principal, context: RequestContext) -> None:
    """Logout: the caller's session ends, and the audit says so."""
    session_store.delete(principal.session_id)
    audit.record(action="auth.logout", outcome="success", context=context, principal=principal)


def end_all_sessions(user_id: str, keep_session_id: str | None = None) -> int:
    """Logout everywhere (password change/reset, deactivation); returns how many ended."""
    return session_store.delete_all_of_user(user_id, except_token_hash=keep_session_id)


def end_session_by_token(token: str | None) -> None:
    """End the session a cookie carries, if any (a new login replaces the browser's old one)."""
    if token and len(token) <= 200:
        session_store.delete(token_hash(token))


# --- what the signed-in user sees ------------------------------------------------------------


def session_view(principal: Principal, expires_at: datetime | None,
                 now: datetime | None = None) -> dict[str, Any]:
    """Asking is itself a request: it slides the idle deadline like any other (the site's
    «Seguir conectado» is this call)."""
    user = users.get(principal.user_id)
    if user is None or user.status != "active":
        raise NotAuthenticated()
    now = now or utc_now()
    return {
        "user": user_summary(user, principal.role),
        "menu": menu_for(principal.role),
        "expires_at": iso_instant(expires_at) if expires_at else None,
        "terms_pending": principal.terms_pending,
        **_idle_info(principal, expires_at, now),
    }


def _idle_info(principal: Principal, expires_at: datetime | None,
               now: datetime) -> dict[str, int | None]:
    """Seconds, not instants: the browser's clock may be off, a duration is not. The touch
    interval is how stale the recorded activity may be (one write a minute), so after any
    request the session lives at least ``idle_timeout_seconds - touch_interval_seconds``."""
    timeout = rules.idle_timeout(principal.remember, rules.is_staff(principal.role))
    return {
        "expires_in_seconds": max(0, int((expires_at - now).total_seconds()))
        if expires_at else None,
        "idle_timeout_seconds": int(timeout.total_seconds()) if timeout else None,
        "touch_interval_seconds": int(rules.TOUCH_INTERVAL.total_seconds()),
    }


def user_summary(user: UserModel, role: Role | None = None) -> dict[str, Any]:
    """The ``user`` object of the session and login answers."""
    role = role or parse_role(user.role) or Role.MEMBER
    return {
        "id": user.user_id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "dni": user.dni,
        "email": user.email,
        "role": role.value,
        "totp_enabled": bool(user.totp_enabled),
        "totp_required": totp_required(role, bool(user.totp_enabled)),
    }


# --- the user's own sessions in Configuración ------------------------------------------------


def _session_expires_at(session: SessionModel) -> datetime:
    return rules.expires_at(parse_instant(session.created_at), parse_instant(session.last_seen_at),
                            bool(session.remember), rules.is_staff(session.role))


def _live_sessions(user_id: str) -> list[SessionModel]:
    now = utc_now()
    return [s for s in session_store.of_user(user_id) if _session_expires_at(s) > now]


def list_sessions(principal: Principal) -> dict[str, Any]:
    """Index ``by_user``, newest first; expired sessions TTL has not removed yet are left out.
    The ``id`` is derived from the token's hash: it can end a session, never open one."""
    items = [{
        "id": public_session_id(s.token_hash),
        "created_at": s.created_at,
        "last_seen_at": s.last_seen_at,
        "expires_at": iso_instant(_session_expires_at(s)),
        "ip": s.ip,
        "user_agent": s.user_agent,
        "remember": bool(s.remember),
        "current": s.token_hash == principal.session_id,
    } for s in _live_sessions(principal.user_id)]
    return {"items": items, "next_cursor": None}


def end_session_by_id(principal: Principal, session_id: str, context: RequestContext) -> bool:
    """End one of the caller's sessions by its listed ``id`` (404 for any other id); True when
    it was the current one (the handler then clears the cookie)."""
    for session in session_store.of_user(principal.user_id):
        if public_session_id(session.token_hash) == session_id:
            session_store.delete(session.token_hash)
            audit.record(action="auth.session_ended", outcome="success", context=context,
                         principal=principal, target=f"user:{principal.user_id}",
                         details={"session": session_id})
            return session.token_hash == principal.session_id
    raise NotFound("La sesión no existe o ya terminó.")
