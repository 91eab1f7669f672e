"""The registration routes' requests, parsed at the HTTP edge into typed values: a sign-up
(``RegistrationForm``, ``domain.auth.registration``), an activation and a staff member's
request for an office registration code. Each refuses server-owned fields first (400
``read_only_field``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib.domain.auth.identity import PROTECTED_FIELDS, clean_dni
from chalicelib.domain.auth.password_policy import Judge
from chalicelib.domain.auth.registration import RegistrationForm, parse_registration
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import normalize_email, refuse_read_only_fields

NOT_AN_ACTIVE_MEMBER = ("El DNI no corresponde a un socio activo del padrón. Verifica el número o "
                        "la importación del padrón.")


@dataclass(frozen=True)
class ActivationRequest:
    token: str | None
    """None when absent or not text: the same audited ``invalid_token`` as an unknown one."""


@dataclass(frozen=True)
class ResendRequest:
    """A request for a fresh activation link: the DNI and the e-mail typed at registration
    (the one on file or the login e-mail asked for); both must match a pending account."""

    dni: str
    email: str | None
    """Normalized; None when it is no address at all, queued and answered like any other."""


@dataclass(frozen=True)
class RegistrationCodeRequest:
    dni: str


def parse_registration_request(data: Mapping[str, Any], today: date,
                               judge: Judge) -> RegistrationForm:
    """``today`` is Lima's (no birth date on or after it); ``judge`` weighs the password."""
    return parse_registration(dict(data), today, judge)


def parse_activation_request(data: Mapping[str, Any]) -> ActivationRequest:
    """Only picks the token out: it is judged where its lookup is audited."""
    refuse_read_only_fields(data, PROTECTED_FIELDS)
    token = data.get("token")
    return ActivationRequest(token=token if isinstance(token, str) else None)


def parse_registration_code_request(data: Mapping[str, Any]) -> RegistrationCodeRequest:
    refuse_read_only_fields(data, PROTECTED_FIELDS)
    dni, problem = clean_dni(data.get("dni"))
    if dni is None:
        raise InvalidInput(fields={"dni": problem or NOT_AN_ACTIVE_MEMBER})
    return RegistrationCodeRequest(dni=dni)


def parse_resend_request(data: Mapping[str, Any]) -> ResendRequest:
    """A DNI that is not 8 digits or a blank e-mail is a 400 here, before the address throttle
    counts the request: syntax only, which tells nothing about any account."""
    refuse_read_only_fields(data, PROTECTED_FIELDS)
    dni, problem = clean_dni(data.get("dni"))
    raw_email = data.get("email")
    problems = {"dni": problem} if dni is None and problem else {}
    if not isinstance(raw_email, str) or not raw_email.strip():
        problems["email"] = "Ingresa tu correo electrónico."
    if problems or dni is None or not isinstance(raw_email, str):
        raise InvalidInput(fields=problems)
    return ResendRequest(dni=dni, email=normalize_email(raw_email))
