"""The sign-up form (manual 2.1.2): what a valid request carries, and the registry match rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib.domain import identity
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.password_policy import Judge, PersonalInfo, check_password

TERMS_REQUIRED = "Debes aceptar los términos y condiciones de uso."


@dataclass(frozen=True)
class RegistrationForm:
    first_name: str
    last_name: str
    dni: str
    birth_date: date
    email: str
    password: str


def parse_registration(body: dict[str, Any], today: date,
                       judge: Judge) -> RegistrationForm:
    """Every field checked at once: one 400 lists every problem, in Spanish, by field."""
    identity.refuse_protected_fields(body)
    first_name, first_problem = identity.clean_name(body.get("first_name"))
    last_name, last_problem = identity.clean_name(body.get("last_name"))
    dni, dni_problem = identity.clean_dni(body.get("dni"))
    born, born_problem = identity.clean_birth_date(body.get("birth_date"), today)
    email, email_problem = identity.clean_email(body.get("email"))
    problems = {field: problem for field, problem in (
        ("first_name", first_problem), ("last_name", last_problem), ("dni", dni_problem),
        ("birth_date", born_problem), ("email", email_problem)) if problem}
    if body.get("accept_terms") is not True:
        problems["accept_terms"] = TERMS_REQUIRED
    info = PersonalInfo(dni=dni or _text(body.get("dni")), first_name=first_name or "",
                        last_name=last_name or "", email=email or _text(body.get("email")))
    password = body.get("password")
    problems.update(check_password(password, body.get("password_confirmation"), info,
                                   judge).as_fields("password", "password_confirmation"))
    if (problems or first_name is None or last_name is None or dni is None or born is None
            or email is None or not isinstance(password, str)):
        raise InvalidInput(fields=problems)
    return RegistrationForm(first_name=first_name, last_name=last_name, dni=dni, birth_date=born,
                            email=email, password=password)


def matches_registry(registry_status: str | None, registry_birth_date: str | None,
                     form: RegistrationForm) -> bool:
    """Only an active member of the padrón whose birth date matches may open an account."""
    return registry_status == "active" and registry_birth_date == form.birth_date.isoformat()


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
