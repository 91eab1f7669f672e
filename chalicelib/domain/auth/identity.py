"""Identity rules shared by registration, login, recovery and the profile.

Field formats (names, DNI, e-mail, birth date), the lifetimes of single-use tokens, the fields a
request body may never set, and the Spanish messages of the identity errors.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import (
    OWNERSHIP_FIELDS,
    is_iso_date_text,
    normalize_email,
)

NAME_MAX = 100
_DNI = re.compile(r"[0-9]{8}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")



class Purpose(StrEnum):
    """What a single-use token is good for; a token of one purpose never serves another."""

    ACTIVATION = "activation"
    LOGIN_CHALLENGE = "login_challenge"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose, not a secret
    EMAIL_CHANGE = "email_change"
    EMAIL_CHANGE_REVERT = "email_change_revert"
    """«No fui yo»: the old address undoes an e-mail change (asked for or confirmed)."""
    INVITATION = "invitation"
    """A staff member's first password (admin's invitation, 72 h); redeemed by the reset route."""
    END_SESSION = "end_session"
    """«¿No fuiste tú? Cierra esa sesión»: the new sign-in alert ends the session it names."""


ACTIVATION_LIFETIME = timedelta(hours=24)
LOGIN_CHALLENGE_LIFETIME = timedelta(minutes=5)
RESET_BY_LINK_LIFETIME = timedelta(minutes=15)
EMAIL_CHANGE_LIFETIME = timedelta(hours=24)
EMAIL_REVERT_LIFETIME = timedelta(days=7)
"""How long the old address may undo an e-mail change («no fui yo»)."""

LEGACY_STAMP = "legacy"
"""The security stamp of a user, session or token written before stamps existed: they all
match one another until the user's first credential change gives the user a random one."""

PROTECTED_FIELDS = OWNERSHIP_FIELDS | frozenset({
    "id", "user_id", "role", "status", "active", "totp_enabled", "totp_secret",
    "totp_secret_encrypted", "totp_pending_secret_encrypted", "totp_last_step", "password_hash",
    "pending_email", "email_verified", "terms_version", "terms_accepted_at", "created_at",
    "updated_at", "last_login_at", "sort_name", "version", "is_admin", "permissions",
    "security_stamp", "latest_reset", "email_change_id",
})
"""Attributes only the server sets. A body that names one is refused (400 ``read_only_field``,
``input_fields.refuse_read_only_fields``), never half-obeyed."""

# --- messages ------------------------------------------------------------------------------

INVALID_CREDENTIALS = ("Correo electrónico o contraseña incorrectos. Tras cinco intentos fallidos "
                       "la cuenta se bloquea 15 minutos y te avisamos por correo.")
"""The one answer to an unknown e-mail, a wrong password and a locked account
(docs/design/API.md)."""
INVALID_CODE = "El código de verificación no es válido o ya fue usado. Ingresa el código actual."
CODE_MISSING = "Ingresa el código de tu app o un código de respaldo."
"""Where a second factor is asked: the app's current code or one unused backup code."""
INVALID_CHALLENGE = "La verificación expiró o no es válida. Vuelve a iniciar sesión."
INVALID_TOKEN = "El enlace o código no es válido o ya expiró. Solicita uno nuevo."  # noqa: S105
NOT_ACTIVATED = ("Tu cuenta aún no está activada. Te enviamos nuevamente el enlace de activación "
                 "a tu correo electrónico.")
EMAIL_UNAVAILABLE = "No es posible usar ese correo electrónico. Ingresa otro."
DNI_IMMUTABLE = "El DNI no puede ser modificado"
NAMES_FROM_REGISTRY = ("Tus nombres son los del padrón de socios y no pueden cambiarse aquí. Si "
                       "hay un error, acércate a la oficina de la cooperativa.")
STEP_UP_FAILED = ("No pudimos confirmar que eres tú: la contraseña actual o el código de "
                  "verificación no son correctos.")


def refuse_registry_name_changes(names: dict[str, str], current: dict[str, str]) -> None:
    """A member's names are the padrón's (issue 14): they are what PDFs print as the holder and
    what staff see, so a member may send them back unchanged but never retype them."""
    changed = sorted(field for field, value in names.items() if value != current.get(field))
    if changed:
        raise InvalidInput(NAMES_FROM_REGISTRY, code="names_from_registry",
                           fields=dict.fromkeys(changed, NAMES_FROM_REGISTRY))


def clean_name(value: object) -> tuple[str | None, str | None]:
    """``(name, problem)``: trimmed, required, at most 100 characters, no control characters."""
    if not isinstance(value, str) or not value.strip():
        return None, "Este campo es obligatorio."
    name = " ".join(value.split())
    if len(name) > NAME_MAX:
        return None, f"Ingresa como máximo {NAME_MAX} caracteres."
    if _CONTROL.search(name):
        return None, "Contiene caracteres no válidos."
    return name, None


def clean_email(value: object) -> tuple[str | None, str | None]:
    email = normalize_email(value)
    return (email, None) if email else (None, "Ingresa un correo electrónico válido.")


def clean_dni(value: object) -> tuple[str | None, str | None]:
    if isinstance(value, str) and _DNI.fullmatch(value.strip()):
        return value.strip(), None
    return None, "El DNI debe tener 8 dígitos, sin puntos ni espacios."


def clean_birth_date(value: object, today: date) -> tuple[date | None, str | None]:
    problem = "Ingresa una fecha válida con el formato AAAA-MM-DD."
    if not isinstance(value, str) or not is_iso_date_text(value.strip()):
        return None, problem
    try:
        born = date.fromisoformat(value.strip())
    except ValueError:
        return None, problem
    if born >= today or born.year < 1900:
        return None, "La fecha de nacimiento no es válida."
    return born, None


class EmailRevert(StrEnum):
    """What a «no fui yo» link undoes, from the account as it is now."""

    CANCEL_PENDING = "pending"
    """The change was asked for, not confirmed: the pending e-mail is dropped."""
    RESTORE_OLD = "confirmed"
    """The change was confirmed: the old e-mail becomes the login e-mail again."""


def email_revert_kind(payload: dict[str, Any], email: str, pending_email: str | None,
                      email_change_id: str | None) -> EmailRevert | None:
    """What the link of ``payload`` (``old_email``, ``new_email``, ``change``) undoes on an
    account with this ``email``, ``pending_email`` and ``email_change_id``; None when it no
    longer applies: a later change (another id), an undone one (no id), or a state the link
    did not see (the new address still pending while the account uses another one)."""
    old, new, change = (payload.get(k) for k in ("old_email", "new_email", "change"))
    if not (isinstance(change, str) and change and change == email_change_id):
        return None
    if email == new and new:
        return EmailRevert.RESTORE_OLD
    if email == old and pending_email in (new, None):
        return EmailRevert.CANCEL_PENDING
    return None


def authenticator_fingerprint(encrypted_totp_secret: str | None) -> str:
    """Names the authenticator an account has (``none`` without one) without holding its
    secret: an e-mail change remembers it, and its undoing removes any other."""
    if not encrypted_totp_secret:
        return "none"
    return hashlib.sha256(f"authenticator:{encrypted_totp_secret}".encode()).hexdigest()[:32]


def unknown_email_subject(email: str) -> str:
    """The lockout counter's subject for an e-mail without an account: a hash of the normalized
    address (the counters never hold a typed address), in the same window rules as an account."""
    digest = hashlib.sha256(f"unknown-email:{email.strip().lower()}".encode()).hexdigest()
    return f"unknown-email#{digest[:32]}"


def public_session_id(token_hash: str) -> str:
    """A short identifier of a session to show and end it by: neither the token nor its key."""
    return hashlib.sha256(f"session-id:{token_hash}".encode()).hexdigest()[:20]


def mask_email(email: str) -> str:
    """``a***@example.pe``: enough for the owner to recognise, not to read it off a notice."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"
