"""Two-step verification (manual 2.2): set-up, confirmation (which gives the ten backup codes),
disabling, new backup codes, and the one check every code goes through (current or previous
step, each step once per user; or an unused backup code)."""

from __future__ import annotations

import io
from typing import Any

from chalicelib.domain.auth import emails as identity_emails
from chalicelib.domain.auth import totp as rules
from chalicelib.domain.auth.backup_codes import looks_like_backup_code
from chalicelib.domain.auth.identity import INVALID_CODE
from chalicelib.domain.auth.requests import StepUpProof, TotpConfirmation
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated
from chalicelib.domain.shared.permissions import ACTIVE, STAFF_ROLES, parse_role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.domain.shared.tokens import same_secret
from chalicelib.services.auth import backup_codes, sessions, step_up
from chalicelib.services.shared import audit
from chalicelib.services.shared.notifications import send_email
from chalicelib.store.auth import secrets, users
from chalicelib.store.auth import sessions as session_store
from chalicelib.store.shared.models import UserModel


def _totp(secret: str) -> Any:
    import pyotp

    return pyotp.TOTP(secret, digits=rules.DIGITS, interval=rules.STEP_SECONDS)


def matching_step(secret: str, code: object) -> int | None:
    """The step (current, else previous) whose code ``code`` is; None when neither."""
    digits = rules.normalize_code(code)
    if digits is None:
        return None
    otp = _totp(secret)
    for step in rules.acceptable_steps(clock.utc_now()):
        if same_secret(str(otp.at(rules.step_start(step))), digits):
            return step
    return None


def use_code(user: UserModel, code: object) -> bool:
    """True when ``code`` is the user's current or previous code and its step was never used
    before; the step is then spent by a conditional write, so a replay (even concurrent) fails."""
    if not user.totp_enabled or not user.totp_secret_encrypted:
        return False
    secret = secrets.decrypt_for_user(user.totp_secret_encrypted, user.user_id)
    step = matching_step(secret, code)
    if step is None or not rules.is_fresh(step, user.totp_last_step):
        return False
    return users.claim_totp_step(user, step)


def use_code_or_backup(user: UserModel, code: object, context: RequestContext) -> bool:
    """Wherever a current code is asked, an unused backup code works too (once). The two never
    look alike (six digits, ten characters), so a code is checked as one or the other."""
    if looks_like_backup_code(code):
        return backup_codes.use(user, code, context)
    return use_code(user, code)


def _signed_in_user(principal: Principal) -> UserModel:
    user = users.get(principal.user_id)
    if user is None or user.status != ACTIVE:
        raise NotAuthenticated()
    return user


def _audit(action: str, outcome: str, principal: Principal, context: RequestContext,
           **details: object) -> None:
    audit.record(action=action, outcome=outcome, context=context, principal=principal,
                 target=f"user:{principal.user_id}", details=dict(details))


def qr_svg(uri: str) -> str:
    """The otpauth URI as a standalone SVG QR code (black on white, for any phone camera)."""
    import segno

    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=5, border=4, dark="#000000",
                                    light="#ffffff", xmldecl=False, svgns=True, nl=False,
                                    title="Código QR para tu aplicación de autenticación")
    return buffer.getvalue().decode("utf-8")


def start_setup(principal: Principal, proof: StepUpProof,
                context: RequestContext) -> dict[str, str]:
    """A new secret, shown once, stored encrypted as pending until a code confirms it. Needs
    the ``current_password`` (step-up): only its owner learns the secret that confirms."""
    import pyotp

    user = _signed_in_user(principal)
    if user.totp_enabled:
        raise Conflict("La autenticación en dos pasos ya está activa.",
                       code="totp_already_enabled")
    step_up.require(user, proof, context, "totp.setup_started")
    secret = pyotp.random_base32()
    users.set_pending_totp_secret(user, secrets.encrypt_for_user(secret, user.user_id),
                                  clock.iso_instant(clock.utc_now()))
    uri = _totp(secret).provisioning_uri(name=user.email, issuer_name=rules.ISSUER)
    _audit("totp.setup_started", "success", principal, context)
    return {"secret": secret, "otpauth_uri": uri, "qr_svg": qr_svg(uri)}


def confirm(principal: Principal, confirmation: TotpConfirmation,
            context: RequestContext) -> dict[str, Any]:
    """Activate the pending secret with a valid ``code`` (the step-up happened at set-up: only
    who gave the password saw the secret), with ten backup codes answered this once; the
    user's other sessions end, this one is re-issued under the new security stamp and passes
    the staff enrolment gate from now on."""
    user = _signed_in_user(principal)
    if user.totp_enabled:
        raise Conflict("La autenticación en dos pasos ya está activa.",
                       code="totp_already_enabled")
    if not user.totp_pending_secret_encrypted:
        raise Conflict("Primero genera el código QR con «Activar 2FA ahora».",
                       code="totp_setup_missing")
    secret = secrets.decrypt_for_user(user.totp_pending_secret_encrypted, user.user_id)
    step = matching_step(secret, confirmation.code)
    codes, hashes = backup_codes.fresh_codes(user)
    if step is None or not rules.is_fresh(step, user.totp_last_step) \
            or not users.enable_totp(user, step, clock.iso_instant(clock.utc_now()), hashes):
        _audit("totp.enabled", "failure", principal, context, reason="invalid_code")
        raise InvalidInput(INVALID_CODE, code="invalid_code", fields={"code": INVALID_CODE})
    ended = sessions.reissue_after_change(user, principal.session_id)
    session_store.set_totp_enabled(user.user_id, True)
    send_email(identity_emails.totp_enabled(user.email, user.first_name))
    _audit("totp.enabled", "success", principal, context, sessions_ended=ended)
    return {"totp_enabled": True, "backup_codes": codes}


def disable(principal: Principal, proof: StepUpProof,
            context: RequestContext) -> dict[str, bool]:
    """Needs the ``current_password`` (``password`` is still read) and a current ``code``
    (step-up); ends the user's other sessions. Staff must keep TOTP: only an admin's reset
    removes theirs."""
    user = _signed_in_user(principal)
    if parse_role(user.role) in STAFF_ROLES:
        raise Forbidden("El personal de la cooperativa debe mantener activa la autenticación "
                        "en dos pasos.", code="totp_required_for_staff")
    if not user.totp_enabled:
        raise Conflict("La autenticación en dos pasos no está activa.", code="totp_not_enabled")
    step_up.require(user, proof, context, "totp.disabled")
    users.disable_totp(user, clock.iso_instant(clock.utc_now()))
    sessions.reissue_after_change(user, principal.session_id)
    session_store.set_totp_enabled(user.user_id, False)
    send_email(identity_emails.totp_disabled(user.email, user.first_name))
    _audit("totp.disabled", "success", principal, context)
    return {"totp_enabled": False}



def backup_code_status(principal: Principal) -> dict[str, int]:
    """How many backup codes are left (never the codes)."""
    return {"remaining": backup_codes.remaining(_signed_in_user(principal))}


def regenerate_backup_codes(principal: Principal, proof: StepUpProof,
                            context: RequestContext) -> dict[str, Any]:
    """Ten new backup codes, answered this once, in place of every earlier one. Needs the
    ``current_password`` and a current ``code`` (step-up): a stolen session cannot mint
    codes."""
    user = _signed_in_user(principal)
    if not user.totp_enabled:
        raise Conflict("La autenticación en dos pasos no está activa.", code="totp_not_enabled")
    step_up.require(user, proof, context, "totp.backup_codes_regenerated")
    codes = backup_codes.replace(user)
    send_email(identity_emails.backup_codes_regenerated(user.email, user.first_name))
    _audit("totp.backup_codes_regenerated", "success", principal, context)
    return {"backup_codes": codes, "remaining": len(codes)}
