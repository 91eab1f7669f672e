"""The audit writer every capability calls for each state change, sign-in and refusal.

Refusals are budgeted per principal (domain.shared.refusal_audit): past the window's budget the
first
one leaves a notice and the rest are only counted, so nobody can flood the log by being refused.
Every record, suppressed or not, still reaches the function's log.
"""

from __future__ import annotations

import logging

from chalicelib.domain.shared import refusal_audit
from chalicelib.domain.shared.audit import AuditEvent, redact
from chalicelib.domain.shared.clock import utc_now
from chalicelib.domain.shared.principal import ANONYMOUS_ACTOR, Principal, RequestContext
from chalicelib.store.shared import audit_log, refusal_counts
from chalicelib.store.shared.round_trips import Write

logger = logging.getLogger(__name__)


def record(*, action: str, outcome: str, context: RequestContext,
           principal: Principal | None = None, actor_id: str | None = None,
           role: str | None = None, target: str = "-",
           details: dict[str, object] | None = None, subject_id: str | None = None) -> None:
    """Append one record. The actor is the principal, or an explicit id (a failed login's user).
    ``subject_id`` is the member the record is about when someone else acts on their case or
    account (index ``by_subject``, their «Mis datos»); left out when it is the actor."""
    event = _event(action=action, outcome=outcome, context=context, principal=principal,
                   actor_id=actor_id, role=role, target=target, details=details,
                   subject_id=subject_id)
    if refusal_audit.is_budgeted(action, outcome):
        _record_refusal(event, context, principal)
    else:
        audit_log.append(event)
    logger.info("audit %s %s %s %s", event.action, event.outcome, event.actor_id, event.target)


def write(*, action: str, outcome: str, context: RequestContext, actor_id: str | None = None,
          role: str | None = None, target: str = "-",
          details: dict[str, object] | None = None) -> Write:
    """``record``'s record as part of the transaction of what it records (issue 19: a sign-in
    writes its session, its counters and its record at once). Only for records the refusal
    budget never holds back (``refusal_audit.is_budgeted``)."""
    if refusal_audit.is_budgeted(action, outcome):
        raise ValueError(f"{action} {outcome} is budgeted: record it with record()")
    event = _event(action=action, outcome=outcome, context=context, principal=None,
                   actor_id=actor_id, role=role, target=target, details=details,
                   subject_id=None)
    logger.info("audit %s %s %s %s", event.action, event.outcome, event.actor_id, event.target)
    return audit_log.append_write(event)


def _event(*, action: str, outcome: str, context: RequestContext, principal: Principal | None,
           actor_id: str | None, role: str | None, target: str,
           details: dict[str, object] | None, subject_id: str | None) -> AuditEvent:
    actor = actor_id or (principal.user_id if principal else ANONYMOUS_ACTOR)
    return AuditEvent(
        at=utc_now(),
        actor_id=actor,
        role=role or (principal.role.value if principal else "anonymous"),
        action=action,
        target=target,
        outcome=outcome,
        ip=context.ip,
        user_agent=context.user_agent,
        details=redact(details or {}),
        subject_id=subject_id if subject_id and subject_id != actor else None,
    )


def _record_refusal(event: AuditEvent, context: RequestContext,
                    principal: Principal | None) -> None:
    """Count the refusal against its principal's window, then record it, note the suppression
    (the first past the budget) or leave it counted only."""
    who = refusal_audit.principal_key(principal.user_id if principal else None,
                                      context.throttle_address)
    start = refusal_audit.window_start(event.at)
    number = refusal_counts.count(refusal_audit.counter_id(who, start),
                                  start + refusal_audit.COUNTER_LIFETIME)
    disposition = refusal_audit.disposition(number)
    if disposition is refusal_audit.Disposition.RECORD:
        audit_log.append(event)
    elif disposition is refusal_audit.Disposition.NOTE_SUPPRESSION:
        audit_log.append(refusal_audit.suppression_notice(event, who, start))
        logger.warning("audit: refusals of %s past %d in the window from %s are counted only",
                       who, refusal_audit.BUDGET, start.isoformat())
