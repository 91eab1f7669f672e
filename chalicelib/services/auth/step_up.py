"""Step-up for credential changes (issue 14): enrolling or disabling TOTP, changing the e-mail,
changing the password and new backup codes need the current password, and a current TOTP code
(or an unused backup code) when 2FA is on, in the same request as the change, so a stolen
session alone never becomes the account.

A refusal is one 403 ``step_up_failed`` whatever was wrong (the answer does not tell a right
password from a wrong one); it counts towards the account's lockout and is audited.
"""

from __future__ import annotations

from chalicelib.domain.auth.identity import STEP_UP_FAILED
from chalicelib.domain.auth.requests import StepUpProof
from chalicelib.domain.shared.errors import Forbidden
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.services.auth import lockout, passwords, totp
from chalicelib.services.shared import audit
from chalicelib.store.shared.models import UserModel

MAX_PASSWORD_INPUT = 1024
"""Longer inputs are never a valid password (the policy stops at 128) and are not hashed."""


def _failure(user: UserModel, proof: StepUpProof, context: RequestContext) -> str | None:
    """Why the proof fails (``wrong_password``, ``invalid_code``), None when it holds. The code
    (a current one or an unused backup code) is looked at, and spent, only after the password
    is right; a missing password or code is simply a wrong one."""
    password = proof.password
    if password is None or len(password) > MAX_PASSWORD_INPUT or not user.password_hash \
            or not passwords.verify_password(user.password_hash, password):
        return "wrong_password"
    if user.totp_enabled and not totp.use_code_or_backup(user, proof.code, context):
        return "invalid_code"
    return None


def require(user: UserModel, proof: StepUpProof, context: RequestContext, action: str) -> None:
    """Raise 403 ``step_up_failed`` unless ``proof`` shows the signed-in user is the account's
    owner; ``action`` names the change in the audit and lockout records. The check takes its
    place in the lockout window first (423 when none is left), before the proof is looked at."""
    attempt = lockout.reserve_attempt(user, context, action)
    reason = _failure(user, proof, context)
    if reason is None:
        lockout.release(user, attempt)
        return
    audit.record(action=action, outcome="failure", context=context, actor_id=user.user_id,
                 role=user.role, target=f"user:{user.user_id}",
                 details={"reason": "step_up_failed", "failed": reason})
    lockout.register_failure(user, context, attempt)
    raise Forbidden(STEP_UP_FAILED, code="step_up_failed")
