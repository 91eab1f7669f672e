"""The caller of a request, as established from the server-side session."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.shared.permissions import Role


@dataclass(frozen=True)
class RequestContext:
    """Where a request came from; written into audit records.

    ``ip`` is the viewer's address as CloudFront saw it (domain.shared.edge.viewer_ip), or ``-``
    when
    unknown; ``source_ip`` is API Gateway's own source address (CloudFront's edge when deployed),
    which the address throttle counts when the viewer's address is unknown."""

    ip: str
    user_agent: str
    source_ip: str = "-"

    @property
    def throttle_address(self) -> str:
        return self.ip if self.ip != "-" else self.source_ip


@dataclass(frozen=True)
class Principal:
    user_id: str
    role: Role
    dni: str | None
    totp_enabled: bool
    session_id: str
    """Hash of the session token: identifies the session without being the secret."""
    remember: bool = False
    """A member's «Recordarme» session: no idle timeout (``domain.auth.sessions``)."""
    terms_pending: bool = False
    """A member who has not accepted the terms in force yet (``domain.auth.terms_versions``)."""


ANONYMOUS_ACTOR = "anonymous"
