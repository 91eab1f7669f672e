"""Staff recover only through an administrator (issue 14, finding 4): their «¿Olvidaste tu
contraseña?» sends no link, so an admin who has checked who is asking e-mails them one. The
link works like any reset link: with 2FA on it also needs a current code or a backup code."""

from __future__ import annotations

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import (
    FrozenClock,
    a_user,
    mails_to,
    signed_in,
    token_in_link,
    totp_code,
)

SECRET = "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"
NEW_PASSWORD = "Frase-De-Paso-Nueva-77"


@pytest.fixture
def clock(time_machine):
    return FrozenClock(time_machine)


def reset(api, token, code=None):
    return api.post("/api/auth/password/reset", {
        "reset_token": token, "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD,
        **({"code": code} if code else {})})


def test_an_admin_mails_an_operator_a_reset_link_that_still_asks_for_the_code(
        api, another_api, outbox, clock):
    operator = a_user(Role.OPERATOR, totp_secret=SECRET, email="op@coopac.pe")
    acting = a_user(Role.ADMIN, totp_secret=SECRET)
    signed_in(api, acting)
    assert api.post(f"/api/admin/users/{operator.user_id}/password-reset").status == 204
    [mail] = mails_to(outbox, "op@coopac.pe")
    assert "administrador" in mail["text"] and "60 minutos" in mail["text"]
    token = token_in_link(mail["text"], "restablecer")
    assert reset(another_api, token).error_code == "code_required"
    assert reset(another_api, token, totp_code(SECRET, clock.now)).status == 204
    login = another_api.post("/api/auth/login", {"email": "op@coopac.pe",
                                                 "password": NEW_PASSWORD})
    assert login.json["requires_totp"] is True
    [record] = AuditModel.by_action.query("admin.user_password_reset")
    assert record.outcome == "success" and record.actor_id == acting.user_id
    assert record.target == f"user:{operator.user_id}"


def test_only_a_super_admin_sends_one_to_an_admin_and_nobody_to_themselves(api, outbox, clock):
    acting = a_user(Role.ADMIN, totp_secret=SECRET)
    signed_in(api, acting)
    refused = api.post(f"/api/admin/users/{a_user(Role.ADMIN).user_id}/password-reset")
    assert refused.status == 403 and refused.error_code == "super_admin_required"
    refused = api.post(f"/api/admin/users/{acting.user_id}/password-reset")
    assert refused.status == 409 and refused.error_code == "cannot_change_self"
    denied = list(AuditModel.by_action.query("admin.user_password_reset"))
    assert [r.outcome for r in denied] == ["denied", "denied"]
    top = a_user(Role.SUPER_ADMIN, totp_secret=SECRET)
    signed_in(api, top)
    other_admin = a_user(Role.ADMIN, totp_secret=SECRET, email="adm@coopac.pe")
    assert api.post(f"/api/admin/users/{other_admin.user_id}/password-reset").status == 204
    assert mails_to(outbox, "adm@coopac.pe")


def test_an_account_that_is_not_active_gets_no_link(api, outbox, clock):
    invited = a_user(Role.OPERATOR, email="nuevo@coopac.pe", status="invited")
    signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))
    answer = api.post(f"/api/admin/users/{invited.user_id}/password-reset")
    assert answer.status == 409 and answer.error_code == "user_not_active"
    assert mails_to(outbox, "nuevo@coopac.pe") == []
