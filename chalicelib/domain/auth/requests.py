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

from chalicelib.domain.auth.identity import (
    CODE_MISSING,
    DNI_IMMUTABLE,
    PROTECTED_FIELDS,
    clean_email,
    clean_name,
)
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import normalize_email, refuse_read_only_fields

CURRENT_PASSWORD_FIELD = "current_password"  # noqa: S105 - a field name
LEGACY_PASSWORD_FIELD = "password"  # noqa: S105 - a field name
"""What the 2FA disabling read before ``current_password``: still read when that is absent."""
NAME_FIELDS = ("first_name", "last_name")


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


# --- Configuración: the profile, the password, the e-mail's links -----------------------------


@dataclass(frozen=True)
class ProfileChanges:
    """What a profile update asks for: the names sent (trimmed), the new e-mail (normalized),
    and the step-up a new e-mail needs (judged only when the e-mail is really new)."""

    first_name: str | None
    last_name: str | None
    email: str | None
    proof: StepUpProof

    @property
    def names(self) -> dict[str, str]:
        """The names sent, by field."""
        sent = {"first_name": self.first_name, "last_name": self.last_name}
        return {field: name for field, name in sent.items() if name is not None}


@dataclass(frozen=True)
class PasswordChange:
    proof: StepUpProof
    new_password: object
    confirmation: object
    """The new password and its confirmation as sent: the policy judges them only once the
    step-up holds, so a wrong current password is answered (and counted) first."""


@dataclass(frozen=True)
class LinkToken:
    """The token of an e-mailed link, None when absent or not text: an unknown token's
    audited 400 ``invalid_token``, after the lookup, like any other dead link."""

    token: str | None


def _clean_names(body: Mapping[str, Any], problems: dict[str, str]) -> dict[str, str]:
    names = {}
    for field in NAME_FIELDS:
        if field in body:
            name, problem = clean_name(body[field])
            if problem:
                problems[field] = problem
            elif name:
                names[field] = name
    return names


def parse_profile_changes(body: Mapping[str, Any]) -> ProfileChanges:
    """The DNI is refused first (it never changes here), then server-owned fields, then every
    bad name and e-mail at once."""
    if "dni" in body:
        raise InvalidInput(DNI_IMMUTABLE, code="dni_immutable", fields={"dni": DNI_IMMUTABLE})
    refuse_read_only_fields(body, PROTECTED_FIELDS)
    problems: dict[str, str] = {}
    names = _clean_names(body, problems)
    email = None
    if "email" in body:
        email, problem = clean_email(body["email"])
        if problem:
            problems["email"] = problem
    if problems:
        raise InvalidInput(fields=problems)
    return ProfileChanges(first_name=names.get("first_name"), last_name=names.get("last_name"),
                          email=email, proof=read_step_up_proof(body))


def parse_password_change(body: Mapping[str, Any]) -> PasswordChange:
    refuse_read_only_fields(body, PROTECTED_FIELDS)
    return PasswordChange(proof=read_step_up_proof(body), new_password=body.get("new_password"),
                          confirmation=body.get("new_password_confirmation"))


def parse_link_token(body: Mapping[str, Any]) -> LinkToken:
    """The e-mail change's confirmation link and its «no fui yo» link: ``token``."""
    refuse_read_only_fields(body, PROTECTED_FIELDS)
    return LinkToken(token=_text(body.get("token")))


# --- recovery ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForgotRequest:
    email: str | None
    """The address typed, normalized; None when it is no address at all, which is queued and
    answered like any other (the 202 never tells)."""


@dataclass(frozen=True)
class ResetRequest:
    """A reset (or invitation) link's use, every field as sent: the token is judged by its
    lookup, the code's presence and the new password only after it (only the holder of a live
    link learns that the account has 2FA), and the code after the policy, in the lockout."""

    reset_token: str | None
    password: object
    confirmation: object
    code: str | None
    """None when absent or not text: the ``code_required`` 400 of a 2FA account's link."""


def parse_forgot_request(body: Mapping[str, Any]) -> ForgotRequest:
    """A blank or missing ``email`` is refused here, before the address throttle counts the
    request; a ``code`` sent by an old client is ignored."""
    refuse_read_only_fields(body, PROTECTED_FIELDS)
    raw_email = body.get("email")
    if not isinstance(raw_email, str) or not raw_email.strip():
        raise InvalidInput(fields={"email": "Ingresa tu correo electrónico."})
    return ForgotRequest(email=normalize_email(raw_email))


def parse_reset_request(body: Mapping[str, Any]) -> ResetRequest:
    refuse_read_only_fields(body, PROTECTED_FIELDS)
    return ResetRequest(reset_token=_text(body.get("reset_token")), password=body.get("password"),
                        confirmation=body.get("password_confirmation"),
                        code=_text(body.get("code")))


# --- sign-in ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginRequest:
    """A sign-in's body as sent, refused nothing at the edge: the sign-in judges it with
    ``read_credentials`` inside the address throttle, as it always has, so a throttled address
    is answered 429 before any 400 about its fields."""

    email: object
    password: object
    remember: bool
    fields_sent: frozenset[str]


@dataclass(frozen=True)
class Credentials:
    email: str | None
    """Normalized; None when it is no address, which is refused like an unknown one (the same
    argon2 work and audit record)."""
    password: str


@dataclass(frozen=True)
class TotpLoginRequest:
    """The sign-in's second step as sent, judged like ``LoginRequest`` inside the throttle
    (``read_login_code``); the challenge is judged by its lookup."""

    challenge: str | None
    code: object
    fields_sent: frozenset[str]


def parse_login_request(body: Mapping[str, Any]) -> LoginRequest:
    return LoginRequest(email=body.get("email"), password=body.get("password"),
                        remember=body.get("remember") is True, fields_sent=frozenset(body))


def parse_totp_login_request(body: Mapping[str, Any]) -> TotpLoginRequest:
    return TotpLoginRequest(challenge=_text(body.get("challenge")), code=body.get("code"),
                            fields_sent=frozenset(body))


def read_credentials(request: LoginRequest) -> Credentials:
    """Server-owned fields, then a missing e-mail and password (both named at once)."""
    refuse_read_only_fields(dict.fromkeys(request.fields_sent), PROTECTED_FIELDS)
    email, password = request.email, request.password
    fields = {}
    if not isinstance(email, str) or not email.strip():
        fields["email"] = "Ingresa tu correo electrónico."
    if not isinstance(password, str) or not password:
        fields["password"] = "Ingresa tu contraseña."  # noqa: S105 - a message
    if fields or not isinstance(password, str):
        raise InvalidInput(fields=fields)
    return Credentials(email=normalize_email(email), password=password)


def read_login_code(request: TotpLoginRequest) -> str:
    """Server-owned fields, then a missing code; the code's worth is the service's to judge."""
    refuse_read_only_fields(dict.fromkeys(request.fields_sent), PROTECTED_FIELDS)
    code = request.code
    if not isinstance(code, str) or not code.strip():
        raise InvalidInput(fields={"code": CODE_MISSING})
    return code
