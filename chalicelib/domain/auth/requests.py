"""The auth routes' requests, parsed at the HTTP edge into typed values.

Each parse refuses what a body may never carry (server-owned fields: 400 ``read_only_field``)
and the field problems the route has always answered before looking anything up. The proofs a
request carries (a password, a TOTP or backup code, a token) are only picked out here, never
judged: the services judge them where they always have (after the lockout's reservation, under
the address throttle, after the token's lookup), so a missing or malformed proof costs, counts
and is audited exactly like a wrong one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.auth.identity import PROTECTED_FIELDS
from chalicelib.domain.shared.input_fields import refuse_read_only_fields

CURRENT_PASSWORD_FIELD = "current_password"  # noqa: S105 - a field name
LEGACY_PASSWORD_FIELD = "password"  # noqa: S105 - a field name
"""What the 2FA disabling read before ``current_password``: still read when that is absent."""


def _text(value: object) -> str | None:
    """``value`` when it is non-empty text, else None (absent, not text or empty)."""
    return value if isinstance(value, str) and value else None


@dataclass(frozen=True)
class StepUpProof:
    """The current password and code a credential change carries (``services.auth.step_up``),
    None when absent or not text; step-up judges them after taking the lockout's place, so a
    missing one is refused, counted and audited like a wrong one."""

    password: str | None
    code: str | None


@dataclass(frozen=True)
class TotpConfirmation:
    code: str | None
    """None when absent or not text: the same audited ``invalid_code`` as a wrong code, after
    the set-up's state is checked."""


def read_step_up_proof(body: Mapping[str, Any],
                       password_field: str = CURRENT_PASSWORD_FIELD) -> StepUpProof:
    """The proof's fields of a body whose other fields its route's parse has checked."""
    return StepUpProof(password=_text(body.get(password_field)), code=_text(body.get("code")))


def parse_step_up_request(body: Mapping[str, Any]) -> StepUpProof:
    """A change whose only input is the step-up (2FA set-up, new backup codes)."""
    refuse_read_only_fields(body, PROTECTED_FIELDS)
    return read_step_up_proof(body)


def parse_totp_disable_request(body: Mapping[str, Any]) -> StepUpProof:
    """The step-up of 2FA disabling: ``current_password``, else the older ``password``."""
    refuse_read_only_fields(body, PROTECTED_FIELDS)
    field = CURRENT_PASSWORD_FIELD if CURRENT_PASSWORD_FIELD in body else LEGACY_PASSWORD_FIELD
    return read_step_up_proof(body, field)


def parse_totp_confirmation(body: Mapping[str, Any]) -> TotpConfirmation:
    refuse_read_only_fields(body, PROTECTED_FIELDS)
    return TotpConfirmation(code=_text(body.get("code")))
