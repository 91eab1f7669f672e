"""Lockout after repeated failures (domain.lockout): the shared counter of password and TOTP
failures per account, the 423 answer, the e-mail when it locks and its audit record."""

from __future__ import annotations

from chalicelib.domain import clock, identity_emails
from chalicelib.domain import lockout as rules
from chalicelib.domain.errors import AccountLocked
from chalicelib.domain.principal import RequestContext
from chalicelib.services import audit
from chalicelib.services.notifications import send_email
from chalicelib.store import login_failures
from chalicelib.store.models import UserModel


def ensure_not_locked(user: UserModel, context: RequestContext, action: str) -> bool:
    """Raise AccountLocked (423 with Retry-After) while the account is locked, even before the
    password is looked at; the refused attempt is audited. Returns whether recent failures are
    on record (so a successful sign-in knows whether there is a counter to clear)."""
    counter = login_failures.get(user.user_id)
    if counter is None or not counter.locked_until:
        return counter is not None
    now = clock.utc_now()
    until = clock.parse_instant(counter.locked_until)
    if rules.is_locked(until, now):
        audit.record(action=action, outcome="failure", context=context, actor_id=user.user_id,
                     role=user.role, target=f"user:{user.user_id}",
                     details={"reason": "locked"})
        raise AccountLocked(retry_after_seconds=rules.retry_after_seconds(until, now))
    return True


def register_failure(user: UserModel, context: RequestContext) -> None:
    """Count one failed password or TOTP attempt; the failure that reaches the limit locks the
    account, e-mails its owner (once) and answers 423 at once."""
    now = clock.utc_now()
    count = login_failures.add_failure(user.user_id, now, rules.window_cutoff(now),
                                       now + rules.COUNTER_LIFETIME)
    if not rules.locks_now(count):
        return
    until = rules.locked_until(now)
    login_failures.lock(user.user_id, until, until + rules.COUNTER_LIFETIME)
    minutes = int(rules.LOCK_DURATION.total_seconds() // 60)
    send_email(identity_emails.account_locked(user.email, user.first_name, minutes))
    audit.record(action="auth.lockout", outcome="success", context=context,
                 actor_id=user.user_id, role=user.role, target=f"user:{user.user_id}",
                 details={"failures": count, "locked_until": clock.iso_instant(until)})
    raise AccountLocked(retry_after_seconds=rules.retry_after_seconds(until, now))


def clear(user: UserModel) -> None:
    login_failures.clear(user.user_id)
