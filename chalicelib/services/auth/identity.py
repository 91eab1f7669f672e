"""What the signed-in user sees of their own account (``GET /api/auth/session``), and the
public terms of use."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.domain.auth.password_policy import PersonalInfo
from chalicelib.domain.auth.terms import (
    TERMS_CLAUSES,
    TERMS_INTRO,
    TERMS_TITLE,
    TERMS_UPDATED,
    TERMS_VERSION,
    terms_text,
)
from chalicelib.domain.shared.clock import iso_instant
from chalicelib.domain.shared.errors import NotAuthenticated
from chalicelib.domain.shared.permissions import Role, menu_for, parse_role, totp_required
from chalicelib.domain.shared.principal import Principal
from chalicelib.store.auth import users
from chalicelib.store.shared.models import UserModel


def session_view(principal: Principal, expires_at: datetime | None) -> dict[str, Any]:
    user = users.get(principal.user_id)
    if user is None or user.status != "active":
        raise NotAuthenticated()
    return {
        "user": user_summary(user, principal.role),
        "menu": menu_for(principal.role),
        "expires_at": iso_instant(expires_at) if expires_at else None,
    }


def user_summary(user: UserModel, role: Role | None = None) -> dict[str, Any]:
    """The ``user`` object of the session and login answers."""
    role = role or parse_role(user.role) or Role.MEMBER
    return {
        "id": user.user_id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "dni": user.dni,
        "email": user.email,
        "role": role.value,
        "totp_enabled": bool(user.totp_enabled),
        "totp_required": totp_required(role, bool(user.totp_enabled)),
    }


def personal_info(user: UserModel) -> PersonalInfo:
    """What a new password of ``user`` must not contain."""
    return PersonalInfo(dni=user.dni, first_name=user.first_name, last_name=user.last_name,
                        email=user.email)


def terms() -> dict[str, Any]:
    """The terms of use (manual 2.4.11 D), as accepted at registration."""
    return {"version": TERMS_VERSION, "updated": TERMS_UPDATED, "title": TERMS_TITLE,
            "text": terms_text(), "intro": TERMS_INTRO,
            "clauses": [{"title": title, "text": text} for title, text in TERMS_CLAUSES]}
