"""Configuración (manual 2.4.11): own data, e-mail change by link, password change, sessions,
terms of use."""

from __future__ import annotations

from types import SimpleNamespace

import pyotp

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.auth import users
from chalicelib.store.shared.models import AuditModel, UniqueKeyModel
from tests.functional.builders import (
    DEFAULT_PASSWORD,
    FrozenClock,
    a_user,
    mails_to,
    signed_in,
    token_in_link,
    totp_code,
)

NEW_PASSWORD = "Otra-Frase-Segura-48"
STEP_UP = {"current_password": DEFAULT_PASSWORD}


def login(api, email, password=DEFAULT_PASSWORD):
    return api.post("/api/auth/login", {"email": email, "password": password})


def test_the_profile_shows_the_users_own_data(api):
    member = a_user(Role.MEMBER, email="socia@example.pe", first_name="Rosa")
    signed_in(api, member)
    body = api.get("/api/auth/profile").json
    assert body["id"] == member.user_id and body["dni"] == member.dni
    assert body["first_name"] == "Rosa" and body["email"] == "socia@example.pe"
    assert body["pending_email"] is None and body["totp_enabled"] is False


def test_a_staff_member_updates_their_own_names(api):
    operator = a_user(Role.OPERATOR, first_name="Rosa", totp_secret=pyotp.random_base32())
    signed_in(api, operator)
    answer = api.put("/api/auth/profile", {"first_name": "  Rosa   María ",
                                           "last_name": "Huamán Soto"})
    assert answer.status == 200
    assert answer.json["first_name"] == "Rosa María"
    stored = users.get(operator.user_id)
    assert (stored.first_name, stored.last_name) == ("Rosa María", "Huamán Soto")
    assert stored.sort_name == "huamán soto rosa maría"
    assert api.get("/api/auth/session").json["user"]["first_name"] == "Rosa María"
    assert "profile.updated" in [r.action for r in AuditModel.by_actor.query(operator.user_id)]


def test_a_members_names_are_the_registrys_and_cannot_be_retyped(api):
    """What PDFs print as the holder and what staff see is the padrón's name (issue 14): a
    member who types another name is refused and the names stay; sending the same names back (as
    the Configuración form does with an e-mail change) is not a change."""
    member = a_user(Role.MEMBER, first_name="Rosa", last_name="Huamán Torres")
    signed_in(api, member)
    answer = api.put("/api/auth/profile", {"first_name": "Pedro", "last_name": "Huamán Torres"})
    assert answer.status == 400 and answer.error_code == "names_from_registry"
    assert set(answer.json["error"]["fields"]) == {"first_name"}
    assert "padrón" in answer.json["error"]["message"]
    stored = users.get(member.user_id)
    assert (stored.first_name, stored.last_name) == ("Rosa", "Huamán Torres")
    same = api.put("/api/auth/profile", {"first_name": "Rosa", "last_name": "Huamán Torres"})
    assert same.status == 200


def test_the_dni_cannot_be_changed(api):
    member = a_user(Role.MEMBER)
    signed_in(api, member)
    answer = api.put("/api/auth/profile", {"first_name": "Rosa", "dni": "12345678"})
    assert answer.status == 400
    assert answer.error_code == "dni_immutable"
    assert answer.json["error"]["message"] == "El DNI no puede ser modificado"
    assert users.get(member.user_id).dni == member.dni
    assert users.get(member.user_id).first_name == member.first_name


def test_role_status_and_totp_cannot_be_set_through_the_profile(api):
    member = a_user(Role.MEMBER)
    signed_in(api, member)
    answer = api.put("/api/auth/profile", {"first_name": "Rosa", "role": "super_admin",
                                           "totp_enabled": True, "status": "active"})
    assert answer.status == 400 and answer.error_code == "read_only_field"
    assert set(answer.json["error"]["fields"]) == {"role", "totp_enabled", "status"}
    stored = users.get(member.user_id)
    assert stored.role == "member" and stored.totp_enabled is False
    assert stored.first_name == member.first_name


def test_invalid_names_and_emails_are_named(api):
    signed_in(api, a_user(Role.MEMBER))
    answer = api.put("/api/auth/profile", {"first_name": "", "last_name": "x" * 101,
                                           "email": "no-es-correo"})
    assert answer.status == 400
    assert set(answer.json["error"]["fields"]) == {"first_name", "last_name", "email"}


def test_a_new_email_is_used_only_after_confirming_it_by_link(api, another_api, outbox):
    member = a_user(Role.MEMBER, email="antes@example.pe")
    signed_in(api, member)
    answer = api.put("/api/auth/profile", {"email": "Despues@Example.pe", **STEP_UP})
    assert answer.status == 200
    assert answer.json["email"] == "antes@example.pe"
    assert answer.json["pending_email"] == "despues@example.pe"
    assert answer.json["email_confirmation_sent"] is True
    assert login(another_api, "despues@example.pe").status == 401
    assert login(another_api, "antes@example.pe").status == 200

    [mail] = mails_to(outbox, "despues@example.pe")
    token = token_in_link(mail["text"], "confirmar-correo")
    confirmed = another_api.post("/api/auth/profile/email/confirm", {"token": token})
    assert confirmed.status == 200 and confirmed.json["email"] == "despues@example.pe"
    assert login(another_api, "despues@example.pe").status == 200
    assert login(another_api, "antes@example.pe").status == 401
    assert UniqueKeyModel.count("email#antes@example.pe") == 0
    assert UniqueKeyModel.get("email#despues@example.pe").owner_id == member.user_id
    asked, notice = mails_to(outbox, "antes@example.pe")  # «no fui yo» at both steps
    assert "solicitó" in asked["subject"] and "cambiado" in notice["subject"]
    again = another_api.post("/api/auth/profile/email/confirm", {"token": token})
    assert again.status == 400 and again.error_code == "invalid_token"


def test_the_confirmation_mail_to_an_unverified_address_carries_no_text_of_the_caller(
        api, outbox, time_machine):
    """Only staff may retype their names (a member's are the registry's): even theirs never
    reach a mail to an address nobody has confirmed."""
    clock = FrozenClock(time_machine)
    secret = pyotp.random_base32()
    signed_in(api, a_user(Role.OPERATOR, email="antes@example.pe", totp_secret=secret))
    answer = api.put("/api/auth/profile", {"first_name": "Gane Premio Llame Ya",
                                           "email": "cualquiera@example.pe", **STEP_UP,
                                           "code": totp_code(secret, clock.now)})
    assert answer.status == 200 and answer.json["email_confirmation_sent"] is True
    [mail] = mails_to(outbox, "cualquiera@example.pe")
    assert "Premio" not in mail["text"] and "Premio" not in mail["html"]
    assert "/confirmar-correo?token=" in mail["text"]


def test_one_confirmation_mail_per_address_every_two_minutes_whoever_asks(
        api, another_api, outbox, time_machine):
    clock = FrozenClock(time_machine)
    for browser in (api, another_api, api):
        signed_in(browser, a_user(Role.MEMBER))
        answer = browser.put("/api/auth/profile", {"email": "victima@example.pe",
                                                   "current_password": DEFAULT_PASSWORD})
        assert answer.status == 200 and answer.json["pending_email"] == "victima@example.pe"
    assert len(mails_to(outbox, "victima@example.pe")) == 1
    clock.advance(minutes=2)
    signed_in(api, a_user(Role.MEMBER))
    api.put("/api/auth/profile", {"email": "victima@example.pe",
                                  "current_password": DEFAULT_PASSWORD})
    assert len(mails_to(outbox, "victima@example.pe")) == 2


def test_an_email_of_another_account_cannot_be_taken(api, outbox):
    a_user(Role.MEMBER, email="ocupado@example.pe")
    member = a_user(Role.MEMBER)
    signed_in(api, member)
    answer = api.put("/api/auth/profile", {"email": "ocupado@example.pe", **STEP_UP})
    assert answer.status == 409 and answer.error_code == "email_unavailable"
    assert users.get(member.user_id).pending_email is None
    assert mails_to(outbox, "ocupado@example.pe") == []


def test_an_address_claimed_before_confirmation_is_refused_at_confirmation(api, outbox):
    member = a_user(Role.MEMBER, email="antes@example.pe")
    signed_in(api, member)
    api.put("/api/auth/profile", {"email": "disputado@example.pe", **STEP_UP})
    token = token_in_link(mails_to(outbox, "disputado@example.pe")[0]["text"],
                          "confirmar-correo")
    a_user(Role.MEMBER, email="disputado@example.pe")
    answer = api.post("/api/auth/profile/email/confirm", {"token": token})
    assert answer.status == 409
    assert users.get(member.user_id).email == "antes@example.pe"


def test_a_later_request_supersedes_an_earlier_pending_email(api, outbox):
    member = a_user(Role.MEMBER, email="antes@example.pe")
    signed_in(api, member)
    api.put("/api/auth/profile", {"email": "primero@example.pe", **STEP_UP})
    api.put("/api/auth/profile", {"email": "segundo@example.pe", **STEP_UP})
    first = token_in_link(mails_to(outbox, "primero@example.pe")[0]["text"], "confirmar-correo")
    assert api.post("/api/auth/profile/email/confirm", {"token": first}).status == 400
    assert users.get(member.user_id).email == "antes@example.pe"


def test_the_email_confirmation_link_expires(api, outbox, time_machine):
    clock = FrozenClock(time_machine)
    member = a_user(Role.MEMBER, email="antes@example.pe")
    signed_in(api, member)
    api.put("/api/auth/profile", {"email": "despues@example.pe", **STEP_UP})
    token = token_in_link(mails_to(outbox, "despues@example.pe")[0]["text"], "confirmar-correo")
    clock.advance(hours=24, seconds=1)
    assert api.post("/api/auth/profile/email/confirm", {"token": token}).status == 400


def test_a_profile_edit_needs_a_session_and_the_csrf_header(api):
    assert api.put("/api/auth/profile", {"first_name": "Rosa"}).status == 401
    signed_in(api, a_user(Role.MEMBER))
    answer = api.put("/api/auth/profile", {"first_name": "Rosa"}, csrf=False)
    assert answer.status == 403 and answer.error_code == "csrf_header_missing"


# --- password change ------------------------------------------------------------------------


def change(api, current=DEFAULT_PASSWORD, new=NEW_PASSWORD, confirmation=None):
    return api.post("/api/auth/password", {
        "current_password": current, "new_password": new,
        "new_password_confirmation": new if confirmation is None else confirmation})


def test_a_password_change_ends_the_other_sessions_at_once(api, another_api, outbox):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    signed_in(api, member)
    signed_in(another_api, member)
    assert change(api).status == 204
    assert another_api.get("/api/auth/session").status == 401
    assert api.get("/api/auth/session").status == 200
    assert login(another_api, "socia@example.pe", NEW_PASSWORD).status == 200
    [notice] = mails_to(outbox, "socia@example.pe")
    assert "actualizada" in notice["subject"]
    assert "auth.password_changed" in [r.action for r in
                                       AuditModel.by_actor.query(member.user_id)]


def test_a_wrong_current_password_is_refused_and_counts_towards_lockout(api, another_api):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    signed_in(api, member)
    answers = [change(api, current="no-es-la-clave") for _ in range(5)]
    assert [a.status for a in answers] == [403, 403, 403, 403, 423]
    assert answers[0].error_code == "step_up_failed"
    assert login(another_api, "socia@example.pe").status == 401  # locked: answered as any 401


def test_the_new_password_follows_the_policy(api):
    signed_in(api, a_user(Role.MEMBER, first_name="Rosa", last_name="Huamán"))
    assert "new_password" in change(api, new="qwertyuiop").json["error"]["fields"]
    assert "new_password" in change(api, new="rosa-huaman-1990").json["error"]["fields"]
    mismatch = change(api, confirmation="otra")
    assert set(mismatch.json["error"]["fields"]) == {"new_password_confirmation"}


# --- sessions -------------------------------------------------------------------------------


def test_the_user_sees_their_sessions_and_which_is_current(api, another_api):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    login(api, "socia@example.pe")
    login(another_api, "socia@example.pe")
    signed_in(SimpleNamespace(cookie=None), a_user(Role.MEMBER))  # someone else's session
    body = api.get("/api/auth/sessions").json
    assert body["next_cursor"] is None
    assert len(body["items"]) == 2
    assert sorted(item["current"] for item in body["items"]) == [False, True]
    item = body["items"][0]
    assert {"id", "created_at", "last_seen_at", "ip", "user_agent", "current"} <= set(item)
    assert item["user_agent"] == "pytest"
    assert api.cookie not in str(body) and member.user_id not in item["id"]


def test_the_user_ends_another_session(api, another_api):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    signed_in(api, member)
    signed_in(another_api, member)
    other = next(i for i in api.get("/api/auth/sessions").json["items"] if not i["current"])
    answer = api.delete(f"/api/auth/sessions/{other['id']}")
    assert answer.status == 204 and "Set-Cookie" not in answer.headers
    assert another_api.get("/api/auth/session").status == 401
    assert api.get("/api/auth/session").status == 200
    assert api.delete(f"/api/auth/sessions/{other['id']}").status == 404


def test_a_session_of_another_user_is_not_found(api, another_api):
    signed_in(api, a_user(Role.MEMBER))
    signed_in(another_api, a_user(Role.MEMBER))
    theirs = another_api.get("/api/auth/sessions").json["items"][0]["id"]
    answer = api.delete(f"/api/auth/sessions/{theirs}")
    assert answer.status == 404
    assert another_api.get("/api/auth/session").status == 200


def test_ending_the_current_session_clears_the_cookie(api):
    signed_in(api, a_user(Role.MEMBER))
    current = api.get("/api/auth/sessions").json["items"][0]["id"]
    answer = api.delete(f"/api/auth/sessions/{current}")
    assert answer.status == 204 and "Max-Age=0" in answer.headers["Set-Cookie"]
    assert api.get("/api/auth/session").status == 401


# --- terms ----------------------------------------------------------------------------------


def test_the_terms_of_use_are_public_with_their_version(api):
    answer = api.get("/api/auth/terms")
    assert answer.status == 200
    body = answer.json
    assert body["version"] == "1.0" and body["updated"] == "Marzo 2026"
    assert body["title"] == "Términos y condiciones de uso"
    assert body["text"].startswith("Al acceder y utilizar la aplicación de la Cooperativa")
    assert "8. Ley aplicable" in body["text"] and len(body["clauses"]) == 8
