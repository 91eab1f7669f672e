"""auth capability: login, TOTP, sessions, recovery, profile (``/api/auth``)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.handlers.http import ApiRequest, Reply, endpoint, expired_session_cookie
from chalicelib.services import audit, identity, sessions

blueprint = Blueprint(__name__)


@endpoint(blueprint, "/session", methods=["GET"], permission="session.read")
def current_session(request: ApiRequest) -> dict[str, Any]:
    return identity.session_view(request.signed_in, request.session_expires_at)


@endpoint(blueprint, "/logout", methods=["POST"], permission="session.logout")
def logout(request: ApiRequest) -> Reply:
    sessions.end_session(request.signed_in)
    audit.record(action="auth.logout", outcome="success", context=request.context,
                 principal=request.signed_in)
    return Reply(status=204, headers={"Set-Cookie": expired_session_cookie()})
