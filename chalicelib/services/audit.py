"""The audit writer every capability calls for each state change, sign-in and refusal."""

from __future__ import annotations

import logging

from chalicelib.domain.audit import AuditEvent, redact
from chalicelib.domain.clock import utc_now
from chalicelib.domain.principal import ANONYMOUS_ACTOR, Principal, RequestContext
from chalicelib.store import audit_log

logger = logging.getLogger(__name__)


def record(*, action: str, outcome: str, context: RequestContext,
           principal: Principal | None = None, actor_id: str | None = None,
           role: str | None = None, target: str = "-",
           details: dict[str, object] | None = None) -> None:
    """Append one record. The actor is the principal, or an explicit id (a failed login's user)."""
    event = AuditEvent(
        at=utc_now(),
        actor_id=actor_id or (principal.user_id if principal else ANONYMOUS_ACTOR),
        role=role or (principal.role.value if principal else "anonymous"),
        action=action,
        target=target,
        outcome=outcome,
        ip=context.ip,
        user_agent=context.user_agent,
        details=redact(details or {}),
    )
    audit_log.append(event)
    logger.info("audit %s %s %s %s", event.action, event.outcome, event.actor_id, event.target)
