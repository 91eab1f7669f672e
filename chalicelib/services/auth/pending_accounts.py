"""Accounts pending activation expire (issue 17): a mistyped e-mail must not hold a DNI and an
e-mail for ever. Each pending account carries its expiry (``ACTIVATION_LIFETIME_HOURS`` after
its last link); there is no sweep (no Scan): the next registration or resend that meets an
expired one removes it with its claims, audited as the system, and goes on as if it had never
been there."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.domain.auth import registration as rules
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.services.shared import audit
from chalicelib.settings import settings
from chalicelib.store.auth import users
from chalicelib.store.shared.models import UserModel

EXPIRED_ACTION = "registration.expired"
SYSTEM_ACTOR = "sistema"


def lifetime() -> timedelta:
    return timedelta(hours=settings().activation_lifetime_hours)


def new_expiry() -> str:
    """The expiry of a pending account whose link is sent now."""
    return clock.iso_instant(clock.utc_now() + lifetime())


def release_if_expired(user: UserModel | None, context: RequestContext) -> UserModel | None:
    """The account as it stands: None when there is none, or it was pending past its expiry and
    is now removed with its claims; when the removal's conditions fail (activated or renewed
    meanwhile), the account read again."""
    if user is None or not rules.pending_expired(user.status, user.activation_expires_at,
                                                 user.created_at, lifetime(), clock.utc_now()):
        return user
    if not users.remove_expired_pending(user):
        return users.get(user.user_id)
    audit.record(action=EXPIRED_ACTION, outcome="success", context=context,
                 actor_id=SYSTEM_ACTOR, role="system", target=f"user:{user.user_id}",
                 details={"reason": "activation_expired", "dni": user.dni or "-"})
    return None
