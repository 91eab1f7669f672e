"""Sign-up against the member registry and activation by e-mailed link (manual 2.1.2)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from urllib.parse import quote

from chalicelib.domain import clock, identity_emails
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.identity import (
    ACTIVATION_LIFETIME,
    ALREADY_REGISTERED,
    INVALID_TOKEN,
    NOT_MEMBER,
    PENDING_ACTIVATION,
    Purpose,
    refuse_protected_fields,
)
from chalicelib.domain.permissions import Role
from chalicelib.domain.principal import RequestContext
from chalicelib.domain.registration import RegistrationForm, matches_registry, parse_registration
from chalicelib.domain.terms import TERMS_VERSION
from chalicelib.services import (
    audit,
    mail_cooldown,
    one_time_tokens,
    password_policy,
    passwords,
)
from chalicelib.services.notifications import send_email
from chalicelib.settings import settings
from chalicelib.store import registry, users
from chalicelib.store.models import UserModel


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


def register(body: dict[str, Any], context: RequestContext) -> dict[str, Any]:
    """Create a ``pending_activation`` account for an active registry member and e-mail the
    activation link. One account per DNI and per e-mail (409 ``already_registered``)."""
    now = clock.utc_now()
    form = parse_registration(body, clock.lima_today(now), password_policy.judge)
    member = registry.get(form.dni)
    if member is None or not matches_registry(member.status, member.birth_date, form):
        audit.record(action="registration.submitted", outcome="failure", context=context,
                     target=f"dni:{form.dni}", details={"reason": "dni_not_member"})
        raise InvalidInput(NOT_MEMBER, code="dni_not_member", fields={"dni": NOT_MEMBER})
    user = _new_member(form, now)
    try:
        users.create(user)
    except Conflict as error:
        audit.record(action="registration.submitted", outcome="failure", context=context,
                     target=f"dni:{form.dni}", details={"reason": "already_registered"})
        raise Conflict(ALREADY_REGISTERED, code="already_registered") from error
    send_activation(user)
    audit.record(action="registration.submitted", outcome="success", context=context,
                 actor_id=user.user_id, role=user.role, target=f"user:{user.user_id}",
                 details={"terms_version": TERMS_VERSION})
    return {"status": PENDING_ACTIVATION, "email": user.email,
            "message": "Registro exitoso. Te enviamos un correo para activar tu cuenta."}


def _new_member(form: RegistrationForm, now: datetime) -> UserModel:
    stamp = clock.iso_instant(now)
    return UserModel(
        user_id=str(uuid.uuid4()), email=form.email, dni=form.dni, role=Role.MEMBER.value,
        first_name=form.first_name, last_name=form.last_name,
        sort_name=f"{form.last_name} {form.first_name}".lower(), status=PENDING_ACTIVATION,
        password_hash=passwords.hash_password(form.password), totp_enabled=False,
        terms_version=TERMS_VERSION, terms_accepted_at=stamp, created_at=stamp, updated_at=stamp,
    )


def activate(body: dict[str, Any], context: RequestContext) -> dict[str, str]:
    """Use the e-mailed ``token`` once: the account becomes ``active``; any other case is 400
    ``invalid_token`` (unknown, used, expired, or the account is not pending)."""
    refuse_protected_fields(body)
    record = one_time_tokens.peek(body.get("token"), Purpose.ACTIVATION)
    user = one_time_tokens.holder(record)
    if record is None or user is None or not one_time_tokens.redeem(record) \
            or not users.activate(user, clock.iso_instant(clock.utc_now())):
        audit.record(action="registration.activated", outcome="failure", context=context,
                     details={"reason": "invalid_token"})
        raise InvalidInput(INVALID_TOKEN, code="invalid_token")
    audit.record(action="registration.activated", outcome="success", context=context,
                 actor_id=user.user_id, role=user.role, target=f"user:{user.user_id}")
    return {"status": "active",
            "message": "Tu cuenta quedó activada. Ya puedes iniciar sesión."}
