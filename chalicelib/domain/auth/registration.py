"""Self-service registration (manual 2.1.2; issue 14, finding 1): what a valid request carries,
how it is matched against the registry (padrón), the per-DNI failure pause and the office
registration codes.

The request is checked for syntax only and always answers the same: the match, the account and
the mails happen later in the notifier, so nothing in the answer or its time tells a stranger
whether a DNI is a member, a birth date is right or an account exists.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from chalicelib.domain.auth import identity
from chalicelib.domain.auth.password_policy import Judge, PersonalInfo, check_password
from chalicelib.domain.shared.clock import parse_instant
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import refuse_read_only_fields

TERMS_REQUIRED = "Debes aceptar los términos y condiciones de uso."
ACCEPTED_MESSAGE = ("Si los datos coinciden, enviaremos las instrucciones al correo registrado en "
                    "la cooperativa.")
"""The one answer to every well-formed registration, whatever the DNI, date or account."""

DEFAULT_ACTIVATION_LIFETIME_HOURS = int(identity.ACTIVATION_LIFETIME.total_seconds() // 3600)
"""A pending account lives as long as its activation link, unless the stage says otherwise."""


def pending_expired(status: str, expires_at: str | None, created_at: str,
                    lifetime: timedelta, now: datetime) -> bool:
    """Whether an account pending activation is past its expiry: the instant stored with it,
    or (an account from before it was stored) its creation plus ``lifetime``."""
    if status != "pending_activation":
        return False
    deadline = parse_instant(expires_at) if expires_at else parse_instant(created_at) + lifetime
    return now >= deadline


RESEND_MESSAGE = ("Si hay una cuenta pendiente de activación con esos datos, te enviaremos un "
                  "nuevo enlace de activación. El enlace anterior deja de funcionar.")
"""The one answer to every well-formed request for a new activation link."""

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(hours=24)
PAUSE_DURATION = timedelta(hours=24)
COUNTER_LIFETIME = FAILURE_WINDOW + PAUSE_DURATION
"""How long a DNI's failure counter is worth keeping; DynamoDB's TTL removes it then."""

CODE_LIFETIME = timedelta(hours=72)
"""An office registration code works for three days after staff issue it."""
CODE_LENGTH = 10
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I/L: read aloud or copied from paper without doubt (31 symbols, ~49 bits)."""
CODE_PROBLEM = "El código de registro tiene 10 letras y números, como lo entregó la oficina."


class Mismatch(StrEnum):
    """Why an attempt opened no account; audited, never answered."""

    DNI_NOT_MEMBER = "dni_not_member"
    INACTIVE_MEMBER = "inactive_member"
    BIRTH_DATE = "birth_date_mismatch"
    INVALID_CODE = "invalid_code"


@dataclass(frozen=True)
class RegistrationForm:
    dni: str
    birth_date: date
    email: str
    """The login e-mail the caller typed: used only once its mailbox is proven."""
    password: str
    registration_code: str | None
    """The office's code, normalized (upper case, no spaces or hyphens), if one was typed."""


def parse_registration(body: dict[str, Any], today: date, judge: Judge) -> RegistrationForm:
    """Every field checked at once: one 400 lists every problem, in Spanish, by field. Names
    are not asked: the account takes them from the registry."""
    refuse_read_only_fields(body, identity.PROTECTED_FIELDS)
    dni, dni_problem = identity.clean_dni(body.get("dni"))
    born, born_problem = identity.clean_birth_date(body.get("birth_date"), today)
    email, email_problem = identity.clean_email(body.get("email"))
    code, code_problem = clean_code(body.get("registration_code"))
    problems = {field: problem for field, problem in (
        ("dni", dni_problem), ("birth_date", born_problem), ("email", email_problem),
        ("registration_code", code_problem)) if problem}
    if body.get("accept_terms") is not True:
        problems["accept_terms"] = TERMS_REQUIRED
    info = PersonalInfo(dni=dni or _text(body.get("dni")), first_name="", last_name="",
                        email=email or _text(body.get("email")))
    password = body.get("password")
    problems.update(check_password(password, body.get("password_confirmation"), info,
                                   judge).as_fields("password", "password_confirmation"))
    if problems or dni is None or born is None or email is None or not isinstance(password, str):
        raise InvalidInput(fields=problems)
    return RegistrationForm(dni=dni, birth_date=born, email=email, password=password,
                            registration_code=code)


def clean_code(value: object) -> tuple[str | None, str | None]:
    """``(code, problem)``: absent or empty is no code; else 10 symbols of the alphabet, typed
    in any case, with or without the hyphen and spaces it is shown with."""
    if value is None or value == "":
        return None, None
    if not isinstance(value, str):
        return None, CODE_PROBLEM
    code = "".join(value.split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or any(symbol not in CODE_ALPHABET for symbol in code):
        return None, CODE_PROBLEM
    return code, None


def registry_mismatch(status: str | None, birth_date_on_file: str | None,
                      birth_date: str) -> Mismatch | None:
    """Only an active member of the padrón whose birth date matches may open an account."""
    if status is None:
        return Mismatch.DNI_NOT_MEMBER
    if status != "active":
        return Mismatch.INACTIVE_MEMBER
    if birth_date_on_file != birth_date:
        return Mismatch.BIRTH_DATE
    return None


# --- the per-DNI pause ----------------------------------------------------------------------
# A fixed window opens at a DNI's first failure; the fifth failure in it pauses the DNI's
# self-registration for a day, right data included, so birth dates cannot be tried at leisure
# from many addresses.


def window_cutoff(now: datetime) -> datetime:
    """A failure window that started at or before this instant is over."""
    return now - FAILURE_WINDOW


def pauses_now(failures_in_window: int) -> bool:
    """Exactly the failure that reaches the limit pauses (and tells the member, once)."""
    return failures_in_window == MAX_FAILURES


def paused_until(paused_at: datetime) -> datetime:
    return paused_at + PAUSE_DURATION


def is_paused(until: datetime | None, now: datetime) -> bool:
    return until is not None and now < until


# --- office registration codes --------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def shown_code(code: str) -> str:
    """``ABCDE-FGHJK``: easier to read out and type; the hyphen is optional when typed."""
    return f"{code[:5]}-{code[5:]}"


def code_hash(dni: str, code: str) -> str:
    """What is stored and queued: SHA-256 bound to the DNI. A keyed or slow hash is not needed:
    a code lives 72 hours, works once, and five wrong ones pause the DNI; its 49 bits are out of
    reach of online guessing, and the table alone gives no account (the birth date is needed
    too)."""
    return hashlib.sha256(f"registration-code:{dni}:{code}".encode()).hexdigest()


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
