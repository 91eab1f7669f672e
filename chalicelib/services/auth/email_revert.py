"""«No fui yo» (issue 14): the old address of an e-mail change is told when the change is asked
for and when it is confirmed, with a link (7 days, single use) that undoes it.

Undoing cancels the pending change or brings the old e-mail back, gives the user a new security
stamp (every session and every outstanding token ends) and leaves the account without a usable
password: whoever asked for the change knew the password (the step-up asked for it), so it must
not keep working. A reset link goes to the old address at once; ``forgot`` works later too.

A link names the change it was issued for (``email_change_id``, a new one at each request), not
the stamp: a password change made by whoever took the account does not end the owner's way
back, while a later change, or this one's undoing, does.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from chalicelib.domain.auth import emails as identity_emails
from chalicelib.domain.auth.identity import (
    EMAIL_REVERT_LIFETIME,
    INVALID_TOKEN,
    RESET_BY_LINK_LIFETIME,
    EmailRevert,
    Purpose,
    authenticator_fingerprint,
    email_revert_kind,
    mask_email,
)
from chalicelib.domain.auth.requests import LinkToken
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import Conflict, InvalidInput
from chalicelib.domain.shared.permissions import ACTIVE
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.domain.shared.tokens import new_token
from chalicelib.services.auth import one_time_tokens, recovery, sessions
from chalicelib.services.shared import audit
from chalicelib.services.shared.notifications import send_email
from chalicelib.settings import settings
from chalicelib.store.auth import users
from chalicelib.store.shared.models import UserModel

REVERTED = ("Deshicimos el cambio de correo y cerramos todas las sesiones de tu cuenta. Tu "
            "contraseña anterior ya no sirve: te enviamos a tu correo un enlace para elegir una "
            "nueva.")
ADDRESS_TAKEN = ("No pudimos devolver tu cuenta a tu correo anterior porque ya está en uso. "
                 "Comunícate con la oficina de la cooperativa.")


def revert_link(token: str) -> str:
    return f"{settings().site_url.rstrip('/')}/no-fui-yo?token={quote(token)}"


def new_change_id() -> str:
    """The id of a new e-mail change, stored on the user with its pending e-mail."""
    return new_token()


def link_for(user: UserModel, old_email: str, new_email: str, change_id: str,
             authenticator: str | None) -> str:
    """A «no fui yo» link for the change ``old_email`` → ``new_email``, for the old address;
    ``authenticator`` is the fingerprint of the one the account had when the change was asked
    for (None for a change asked for before fingerprints were kept)."""
    payload = {"old_email": old_email, "new_email": new_email, "change": change_id}
    if authenticator:
        payload["authenticator"] = authenticator
    token = one_time_tokens.issue(Purpose.EMAIL_CHANGE_REVERT, user, EMAIL_REVERT_LIFETIME,
                                  payload)
    return revert_link(token)


def revert(link: LinkToken, context: RequestContext) -> dict[str, Any]:
    """Undo the change the link's ``token`` names, once; 400 ``invalid_token`` when it is
    unknown, used, expired or no longer applies; 409 when the old address is someone else's."""
    record = one_time_tokens.peek(link.token, Purpose.EMAIL_CHANGE_REVERT)
    user = users.get(record.user_id) if record else None
    kind = email_revert_kind(record.payload, user.email, user.pending_email,
                             user.email_change_id) if record and user else None
    if record is None or user is None or kind is None or user.status != ACTIVE \
            or not one_time_tokens.redeem(record):
        audit.record(action="profile.email_change_reverted", outcome="failure", context=context,
                     actor_id=user.user_id if user else None,
                     details={"reason": "invalid_token"})
        raise InvalidInput(INVALID_TOKEN, code="invalid_token", fields={"token": INVALID_TOKEN})
    old_email, new_email = str(record.payload["old_email"]), str(record.payload["new_email"])
    foreign = _enrolled_since(user, record.payload)
    _undo(user, kind, old_email, new_email, str(record.payload["change"]), context)
    if foreign:
        users.disable_totp(user, clock.iso_instant(clock.utc_now()))
    ended = sessions.end_all_sessions(user.user_id)
    _send_reset_link(user)
    _audit(user, "success", context, undone=kind.value, sessions_ended=ended,
           new_email=mask_email(new_email), authenticator_removed=foreign)
    return {"email": mask_email(user.email), "message": REVERTED}


def _enrolled_since(user: UserModel, payload: dict[str, Any]) -> bool:
    """Whether the account's authenticator is not the one it had when the change was asked for:
    enrolled by whoever took the account, it would otherwise guard the owner's reset."""
    then = payload.get("authenticator")
    return bool(user.totp_enabled) and isinstance(then, str) \
        and authenticator_fingerprint(user.totp_secret_encrypted) != then


def _undo(user: UserModel, kind: EmailRevert, old_email: str, new_email: str, change_id: str,
          context: RequestContext) -> None:
    now = clock.iso_instant(clock.utc_now())
    done = users.restore_email(user, old_email, new_email, change_id, now) \
        if kind is EmailRevert.RESTORE_OLD \
        else users.cancel_email_change(user, old_email, change_id, now)
    if not done:
        _audit(user, "failure", context, reason="changed_meanwhile", undone=kind.value)
        raise Conflict(ADDRESS_TAKEN, code="email_unavailable")


def _send_reset_link(user: UserModel) -> None:
    """Issued after the undo, under the new stamp, to the (old) address the account is on."""
    token = one_time_tokens.issue_reset(user, RESET_BY_LINK_LIFETIME, {"via": "email_revert"})
    minutes = int(RESET_BY_LINK_LIFETIME.total_seconds() // 60)
    send_email(identity_emails.email_change_reverted(user.email, user.first_name,
                                                     recovery.reset_link(token), minutes))


def _audit(user: UserModel, outcome: str, context: RequestContext, **details: object) -> None:
    audit.record(action="profile.email_change_reverted", outcome=outcome, context=context,
                 actor_id=user.user_id, role=user.role, target=f"user:{user.user_id}",
                 details=dict(details))
