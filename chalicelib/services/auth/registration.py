"""Sign-up against the member registry and activation by e-mailed link (manual 2.1.2; issue 14,
finding 1).

The request checks syntax, counts against the address throttle, hashes the password (always:
the same cost for everyone) and queues a job; it answers the same 202 to every well-formed
request. The notifier does the rest (``services.auth.registration_jobs``): the registry match, the
account (names from the registry) and the activation link, sent only to the e-mail on file, or,
with an office code, to the login e-mail typed. A typed login e-mail that differs from the one
on file becomes a pending e-mail change at activation, confirmed from its own mailbox.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from chalicelib.domain.auth import emails as identity_emails
from chalicelib.domain.auth.identity import ACTIVATION_LIFETIME, INVALID_TOKEN, Purpose
from chalicelib.domain.auth.registration import (
    ACCEPTED_MESSAGE,
    RESEND_MESSAGE,
    RegistrationForm,
    code_hash,
)
from chalicelib.domain.auth.registration_requests import ActivationRequest, ResendRequest
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import Conflict, InvalidInput
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.services.auth import (
    address_throttle,
    one_time_tokens,
    passwords,
    pending_accounts,
)
from chalicelib.services.shared import audit, mail_cooldown
from chalicelib.services.shared.notifications import queue_job, send_email
from chalicelib.settings import settings
from chalicelib.store.auth import users
from chalicelib.store.shared.models import UserModel

REGISTRATION_JOB = "registration"
"""The notifier's job that matches the registry, opens the account and mails the link."""
RESEND_JOB = "activation_resend"
"""The notifier's job that looks the pending account up and mails it a fresh link."""


def activation_link(token: str) -> str:
    return f"{settings().site_url.rstrip('/')}/activar?token={quote(token)}"


def send_activation(user: UserModel) -> None:
    """A new single-use link, valid 24 hours (earlier links stay valid until they expire)."""
    token = one_time_tokens.issue(Purpose.ACTIVATION, user, ACTIVATION_LIFETIME)
    send_email(identity_emails.activation(user.email, activation_link(token)))


def resend_activation(user: UserModel) -> None:
    """At a sign-in of a pending account: a new link, within the mail cooldowns (one per address
    every two minutes, five an hour)."""
    if mail_cooldown.allows("activation", user.user_id, user.email):
        send_activation(user)


def register(form: RegistrationForm, now: datetime, context: RequestContext) -> dict[str, Any]:
    """202 ``ACCEPTED_MESSAGE`` for every well-formed request (``form`` as the handler parsed
    it at ``now``; a 400 there lists the field problems): the same answer and the same store
    work (the address throttle's read and write, one queued job) whatever the DNI, birth date
    or account. Only the password's hash is queued."""
    address_throttle.ensure_allowed(context)
    address_throttle.register_failure(context, "registration.submitted")
    code = form.registration_code
    queue_job(REGISTRATION_JOB, dni=form.dni, birth_date=form.birth_date.isoformat(),
              email=form.email, password_hash=passwords.hash_password(form.password),
              code_hash=code_hash(form.dni, code) if code else "",
              requested_at=clock.iso_instant(now), ip=context.ip,
              user_agent=context.user_agent, source_ip=context.source_ip)
    return {"message": ACCEPTED_MESSAGE}


def ask_for_new_link(request: ResendRequest, context: RequestContext) -> dict[str, Any]:
    """202 ``RESEND_MESSAGE`` for every well-formed request, under the address throttle (every
    request counts against the address, as ``forgot`` and ``register``): the request only
    queues what was typed; the notifier looks the account up (``activation_resend``)."""
    address_throttle.ensure_allowed(context)
    address_throttle.register_failure(context, "registration.activation_resent")
    queue_job(RESEND_JOB, dni=request.dni, email=request.email or "", ip=context.ip,
              user_agent=context.user_agent, source_ip=context.source_ip)
    return {"message": RESEND_MESSAGE}


def activate(request: ActivationRequest, context: RequestContext) -> dict[str, Any]:
    """Use the e-mailed ``token`` once: the account becomes ``active``; any other case is 400
    ``invalid_token`` (unknown, used, expired, or the account is not pending). A login e-mail
    asked at registration that differs from the one on file is then sent its confirmation link
    (``email_confirmation_sent``); until confirmed, the login is the e-mail on file."""
    record = one_time_tokens.peek(request.token, Purpose.ACTIVATION)
    user = pending_accounts.release_if_expired(one_time_tokens.holder(record), context)
    if record is None or user is None or not one_time_tokens.redeem(record) \
            or not users.activate(user, clock.iso_instant(clock.utc_now())):
        audit.record(action="registration.activated", outcome="failure", context=context,
                     details={"reason": "invalid_token"})
        raise InvalidInput(INVALID_TOKEN, code="invalid_token")
    audit.record(action="registration.activated", outcome="success", context=context,
                 actor_id=user.user_id, role=user.role, target=f"user:{user.user_id}")
    requested = user.pending_email  # the login e-mail typed at registration, if it differs
    sent = _ask_to_confirm(user, requested, context) if requested else False
    message = ("Tu cuenta quedó activada. Ya puedes iniciar sesión con el correo registrado en "
               "la cooperativa." + (" Te enviamos un enlace al correo que indicaste para usarlo "
                                    "en su lugar." if sent else ""))
    return {"status": "active", "email_confirmation_sent": sent, "message": message}


def _ask_to_confirm(user: UserModel, email: str, context: RequestContext) -> bool:
    """The login e-mail typed at registration, as a pending e-mail change (the profile's flow):
    it is used only once confirmed from its own mailbox. Taken meanwhile: not sent, audited.
    The profile's services are imported here, so the sign-in that imports this module for its
    activation resend does not load them."""
    from chalicelib.services.auth import profile

    try:
        return profile.request_email_change(user, email, context)
    except Conflict:
        return False
