"""Versions of the terms of use (issue 18): the manual's text is version 1.0 (``terms.py``, its
one home); an admin publishes later versions, each with its effective date, a summary of the
changes and the full text. A member whose accepted version is older than the one in force must
accept it before doing anything else (``permissions.ALLOWED_BEFORE_TERMS_ACCEPTANCE``).

Labels are two or three dot-separated numbers (``1.1``, ``2.0``, ``2.0.1``) compared as numbers,
so ``1.10`` comes after ``1.9``; ``1.1`` and ``1.1.0`` are the same version."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib.domain.auth.terms import TERMS_VERSION, terms_text
from chalicelib.domain.shared.errors import Conflict, InvalidInput
from chalicelib.domain.shared.input_fields import (
    FieldProblem,
    Fields,
    iso_date,
    present,
    refuse_read_only_fields,
    required,
    text_value,
)
from chalicelib.domain.shared.permissions import Role

MANUAL_VERSION = TERMS_VERSION
MANUAL_EFFECTIVE_ON = date(2026, 3, 1)
MANUAL_SUMMARY = "Versión inicial de los términos y condiciones de uso."
SUMMARY_MAX = 2000
TEXT_MIN, TEXT_MAX = 100, 60000
_LABEL = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3}){1,2}")
ACCEPTANCE_REQUIRED = ("Actualizamos nuestros términos y condiciones. Léelos y acéptalos para "
                       "continuar.")

Version = tuple[int, int, int]


def parse_version(label: str) -> Version:
    """``"1.1"`` → ``(1, 1, 0)``; raises FieldProblem for anything else."""
    if not isinstance(label, str) or not _LABEL.fullmatch(label.strip()):
        raise FieldProblem("Indica la versión como números separados por puntos (ej. 1.1 o 2.0).")
    parts = [int(part) for part in label.strip().split(".")]
    return (parts[0], parts[1], parts[2] if len(parts) == 3 else 0)


def version_key(label: str) -> str:
    """A key that sorts like the versions: ``"1.10"`` → ``"001.010.000"``."""
    return ".".join(f"{part:03d}" for part in parse_version(label))


def is_older(accepted: str | None, current: str) -> bool:
    """True when ``accepted`` comes before ``current``. An account without a stored version
    registered before versions were recorded, when the registration form's 1.0 was the only
    one; an unreadable stored label is treated the same way."""
    try:
        mine = parse_version(accepted or MANUAL_VERSION)
    except FieldProblem:
        mine = parse_version(MANUAL_VERSION)
    return mine < parse_version(current)


@dataclass(frozen=True)
class TermsPointer:
    """The last published version and the one in force when it was published: a version whose
    effective date has not come yet leaves the previous one in force until then."""

    latest: str
    effective_on: date
    in_force_before: str


def version_in_force(pointer: TermsPointer | None, today: date) -> str:
    if pointer is None:
        return MANUAL_VERSION
    return pointer.latest if pointer.effective_on <= today else pointer.in_force_before


def acceptance_pending(role: Role, accepted: str | None, in_force: str) -> bool:
    """Members accept each new version; staff work under their employment terms."""
    return role == Role.MEMBER and is_older(accepted, in_force)


@dataclass(frozen=True)
class Publication:
    version: str
    effective_on: date
    summary: str
    text: str


def _full_text(value: Any) -> str:
    """The text keeps its paragraphs (blank lines); each line's spaces are tidied."""
    required(value)
    if not isinstance(value, str):
        raise FieldProblem("Debe ser un texto.")
    lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(text) < TEXT_MIN:
        raise FieldProblem(f"Debe tener al menos {TEXT_MIN} caracteres.")
    if len(text) > TEXT_MAX:
        raise FieldProblem(f"Admite como máximo {TEXT_MAX} caracteres.")
    return text


def _effective_date(value: Any, today: date) -> date:
    day = iso_date(value)
    if day < today:
        raise FieldProblem("La fecha de vigencia no puede ser anterior a hoy.")
    return day


def parse_publication(body: Mapping[str, Any], today: date) -> Publication:
    refuse_read_only_fields(body, ("published_at", "published_by"))
    fields = Fields()
    label = fields.take("version", parse_version, body.get("version"))
    effective_on = fields.take("effective_on", _effective_date, body.get("effective_on"), today)
    summary = fields.take("summary", text_value, body.get("summary"), min_length=10,
                          max_length=SUMMARY_MAX)
    text = fields.take("text", _full_text, body.get("text"))
    fields.raise_if_any()
    present(label)
    return Publication(version=str(body["version"]).strip(), effective_on=present(effective_on),
                       summary=present(summary), text=present(text))


def check_publishable(publication: Publication, pointer: TermsPointer | None,
                      today: date) -> TermsPointer:
    """The pointer after publishing ``publication``: the same version again is a 409, an older
    one a 400; a version still waiting for its effective date blocks the next one (409)."""
    latest = pointer.latest if pointer else MANUAL_VERSION
    if parse_version(publication.version) == parse_version(latest):
        raise Conflict(f"La versión {latest} ya fue publicada y no se puede modificar.",
                       code="terms_version_exists")
    if parse_version(publication.version) < parse_version(latest):
        raise InvalidInput("Revisa los datos ingresados.", fields={
            "version": f"La versión debe ser posterior a la {latest}."})
    if pointer is not None and pointer.effective_on > today:
        raise Conflict(f"La versión {latest} aún no entra en vigencia; publica la siguiente "
                       "después de esa fecha.", code="terms_version_scheduled")
    return TermsPointer(latest=publication.version, effective_on=publication.effective_on,
                        in_force_before=version_in_force(pointer, today))


def manual_version_view() -> dict[str, Any]:
    return {"version": MANUAL_VERSION, "effective_on": MANUAL_EFFECTIVE_ON.isoformat(),
            "summary": MANUAL_SUMMARY, "text": terms_text(), "published_at": None,
            "published_by": None}


def parse_acceptance(body: Mapping[str, Any]) -> str:
    """``{"version": "1.1"}``: the version the member read (it must still be the one in force)."""
    fields = Fields()
    fields.take("version", parse_version, body.get("version"))
    fields.raise_if_any()
    return str(body["version"]).strip()
