"""The notifier's half of «¿No te llegó el correo de activación?» (``registration.
ask_for_new_link`` queued it): a fresh activation link for an account still pending
activation whose DNI and e-mail match, and no other. The caller's answer never depends on it.

A new security stamp first: every earlier activation link of the account dies, so only the
newest one works; the account's expiry moves to a full lifetime from now. An expired account
is removed instead (``pending_accounts``), and nothing is sent. Sent to the account's own
login e-mail (the one on file, or the office code's), never to an address typed here; within
the mail cooldowns. Audited as ``registration.activation_resent`` with its reason."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.shared import clock
from chalicelib.domain.shared.permissions import PENDING_ACTIVATION
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.services.auth import pending_accounts
from chalicelib.services.auth.registration import send_activation
from chalicelib.services.shared import audit, mail_cooldown
from chalicelib.store.auth import users
from chalicelib.store.shared.models import UserModel

ACTION = "registration.activation_resent"


def resend_activation_link(job: dict[str, Any]) -> None:
    context = RequestContext(ip=str(job.get("ip") or "-"),
                             user_agent=str(job.get("user_agent") or "-"),
                             source_ip=str(job.get("source_ip") or "-"))
    dni, email = str(job.get("dni") or ""), str(job.get("email") or "")
    user = pending_accounts.release_if_expired(users.find_by_dni(dni) if dni else None,
                                               context)
    if user is None or not _matches(user, email):
        _audit(context, "failure", "no_pending_account", dni, user=None)
        return
    if not mail_cooldown.allows("activation", user.user_id, user.email):
        _audit(context, "failure", "mail_cooldown", dni, user)
        return
    if not users.renew_activation(user, pending_accounts.new_expiry(),
                                  clock.iso_instant(clock.utc_now())):
        _audit(context, "failure", "no_pending_account", dni, user=None)
        return
    send_activation(user)
    _audit(context, "success", "sent", dni, user)


def _matches(user: UserModel, email: str) -> bool:
    """Pending activation, and the e-mail typed is its login or the one asked for."""
    return user.status == PENDING_ACTIVATION and bool(email) \
        and email in (user.email, user.pending_email)


def _audit(context: RequestContext, outcome: str, reason: str, dni: str,
           user: UserModel | None) -> None:
    audit.record(action=ACTION, outcome=outcome, context=context,
                 actor_id=user.user_id if user else None, role=user.role if user else None,
                 target=f"user:{user.user_id}" if user else f"dni:{dni}",
                 details={"reason": reason})
