"""The user's own sessions in Configuración: see them and end one (another device)."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.auth import sessions as rules
from chalicelib.domain.auth.identity import public_session_id
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import NotFound
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.shared import audit
from chalicelib.store.auth import sessions as session_store
from chalicelib.store.shared.models import SessionModel


def _expires_at(session: SessionModel) -> Any:
    return rules.expires_at(clock.parse_instant(session.created_at),
                            clock.parse_instant(session.last_seen_at), bool(session.remember),
                            rules.is_staff(session.role))


def _live_sessions(user_id: str) -> list[SessionModel]:
    now = clock.utc_now()
    return [s for s in session_store.of_user(user_id) if _expires_at(s) > now]


def list_sessions(principal: Principal) -> dict[str, Any]:
    """Index ``by_user``, newest first; expired sessions TTL has not removed yet are left out.
    The ``id`` is derived from the token's hash: it can end a session, never open one."""
    items = [{
        "id": public_session_id(s.token_hash),
        "created_at": s.created_at,
        "last_seen_at": s.last_seen_at,
        "expires_at": clock.iso_instant(_expires_at(s)),
        "ip": s.ip,
        "user_agent": s.user_agent,
        "remember": bool(s.remember),
        "current": s.token_hash == principal.session_id,
    } for s in _live_sessions(principal.user_id)]
    return {"items": items, "next_cursor": None}


def end_session(principal: Principal, session_id: str, context: RequestContext) -> bool:
    """End one of the caller's sessions by its ``id`` (404 for any other id); True when it was
    the current one (the handler then clears the cookie)."""
    for session in session_store.of_user(principal.user_id):
        if public_session_id(session.token_hash) == session_id:
            session_store.delete(session.token_hash)
            audit.record(action="auth.session_ended", outcome="success", context=context,
                         principal=principal, target=f"user:{principal.user_id}",
                         details={"session": session_id})
            return session.token_hash == principal.session_id
    raise NotFound("La sesión no existe o ya terminó.")
