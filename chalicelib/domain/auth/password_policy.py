"""Password rules (docs/design/ARCHITECTURE.md "Passwords"; manual 2.1.1).

8 to 128 characters, equal to its confirmation, not common or breached, and not containing the
user's own DNI, names or e-mail. No composition rules. Deciding what is "common" needs the
frequency lists of zxcvbn, so the caller passes that judgement in as a ``Judge``; everything
else here is plain Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

MIN_LENGTH = 8
MAX_LENGTH = 128
MIN_PERSONAL_WORD = 3
"""Names shorter than this (``Li``, ``Ed``) are too likely to appear by chance to be refused."""

TOO_SHORT = f"La contraseña debe tener al menos {MIN_LENGTH} caracteres."
TOO_LONG = f"La contraseña no puede tener más de {MAX_LENGTH} caracteres."
MISMATCH = "Las contraseñas no coinciden."
REQUIRED = "Ingresa una contraseña."
COMMON = ("Esta contraseña es muy común o fácil de adivinar y aparece en listas de contraseñas "
          "filtradas. Elige otra; una frase que te resulte familiar es una buena opción.")
PERSONAL = "La contraseña no debe contener tu DNI, tus nombres ni tu correo electrónico."



class Verdict(StrEnum):
    COMMON = "common"
    PERSONAL = "personal"


Judge = Callable[[str, Sequence[str]], Verdict | None]
"""``(password, personal_words) -> Verdict | None``: a list-backed opinion (None: acceptable)."""


@dataclass(frozen=True)
class PersonalInfo:
    """What the user told us about themselves; a password must not contain it."""

    dni: str | None
    first_name: str
    last_name: str
    email: str


@dataclass(frozen=True)
class PasswordProblems:
    """Spanish messages for the password field and for its confirmation (``None`` when fine)."""

    password: str | None = None
    confirmation: str | None = None

    @property
    def ok(self) -> bool:
        return self.password is None and self.confirmation is None

    def as_fields(self, password_field: str, confirmation_field: str) -> dict[str, str]:
        fields = {}
        if self.password:
            fields[password_field] = self.password
        if self.confirmation:
            fields[confirmation_field] = self.confirmation
        return fields


def fold(text: str) -> str:
    """Lower case without accents: ``María`` and ``maria`` are the same word to a guesser."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def personal_words(info: PersonalInfo) -> list[str]:
    """The DNI, each name of at least three letters and the e-mail's local part, folded."""
    words: list[str] = []
    if info.dni:
        words.append(info.dni)
    for name in (info.first_name, info.last_name):
        words.extend(part for part in re.split(r"[^\w]+|_", fold(name))
                     if len(part) >= MIN_PERSONAL_WORD)
    local_part = fold(info.email).split("@", 1)[0]
    if len(local_part) >= MIN_PERSONAL_WORD:
        words.append(local_part)
    return list(dict.fromkeys(words))


def contains_personal_word(password: str, words: Sequence[str]) -> bool:
    folded = fold(password)
    return any(word and word in folded for word in words)


def length_problem(password: str) -> str | None:
    if not password:
        return REQUIRED
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    return None


def check_password(password: object, confirmation: object, info: PersonalInfo,
                   judge: Judge) -> PasswordProblems:
    """Judge a new password against every rule; the first failed rule gives the message."""
    if not isinstance(password, str):
        return PasswordProblems(password=REQUIRED)
    confirmation_problem = None if confirmation == password else MISMATCH
    problem = length_problem(password)
    if problem is None:
        words = personal_words(info)
        verdict = Verdict.PERSONAL if contains_personal_word(password, words) \
            else judge(password, words)
        problem = {Verdict.PERSONAL: PERSONAL, Verdict.COMMON: COMMON}.get(verdict) \
            if verdict else None
    return PasswordProblems(password=problem, confirmation=confirmation_problem)
