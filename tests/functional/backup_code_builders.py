"""A member enrolled in TOTP through the API, with the ten backup codes the enrolment showed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import UserModel
from tests.functional.builders import DEFAULT_PASSWORD, a_user, signed_in, totp_code


@dataclass
class Enrolled:
    user: UserModel
    secret: str
    codes: list[str]


def enrolled_with_backup_codes(api: Any, clock: Any, email: str = "socia@example.pe",
                               role: Role = Role.MEMBER) -> Enrolled:
    """Set-up and confirm as the site does; ``api`` stays signed in; the clock moves on one
    step so the next code of the app is fresh."""
    user = a_user(role, email=email)
    signed_in(api, user)
    secret = api.post("/api/auth/totp/setup", {"current_password": DEFAULT_PASSWORD}
                      ).json["secret"]
    answer = api.post("/api/auth/totp/confirm", {"code": totp_code(secret, clock.now)})
    assert answer.status == 200, answer.json
    clock.advance(seconds=30)
    return Enrolled(user=user, secret=secret, codes=answer.json["backup_codes"])
