"""The caller of a request, as established from the server-side session."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.permissions import Role


@dataclass(frozen=True)
class RequestContext:
    """Where a request came from; written into audit records."""

    ip: str
    user_agent: str


@dataclass(frozen=True)
class Principal:
    user_id: str
    role: Role
    dni: str | None
    totp_enabled: bool
    session_id: str
    """Hash of the session token: identifies the session without being the secret."""


ANONYMOUS_ACTOR = "anonymous"
