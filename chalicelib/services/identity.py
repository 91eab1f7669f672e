"""What the signed-in user sees of their own account (``GET /api/auth/session``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.domain.clock import iso_instant
from chalicelib.domain.errors import NotAuthenticated
from chalicelib.domain.permissions import menu_for, totp_required
from chalicelib.domain.principal import Principal
from chalicelib.store import users


def session_view(principal: Principal, expires_at: datetime | None) -> dict[str, Any]:
    user = users.get(principal.user_id)
    if user is None or user.status != "active":
        raise NotAuthenticated()
    return {
        "user": {
            "id": user.user_id,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "dni": user.dni,
            "email": user.email,
            "role": principal.role.value,
            "totp_enabled": bool(user.totp_enabled),
            "totp_required": totp_required(principal.role, bool(user.totp_enabled)),
        },
        "menu": menu_for(principal.role),
        "expires_at": iso_instant(expires_at) if expires_at else None,
    }
