"""The «nuevo inicio de sesión» alert (issue 18): a complete sign-in from a browser the account
has not used lately e-mails the account, with a link that ends that session without signing
in (POST /api/auth/sign-in-alert/end-session, the public page /cerrar-sesion)."""

from __future__ import annotations

import json

import pytest

from chalicelib.domain.accounts.alert_preferences import NEW_SIGN_IN
from chalicelib.domain.auth.new_sign_in import BROWSER_COOKIE
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.tokens import new_token
from chalicelib.store.auth import users
from chalicelib.store.shared.models import AuditModel, UserModel
from tests.functional.builders import (
    DEFAULT_PASSWORD,
    ApiClient,
    FrozenClock,
    a_user,
    mails_to,
    set_cookies,
    token_in_link,
    totp_code,
)

EMAIL = "socia@example.pe"
SECRET = "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"
PHONE = ("Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/131.0.0.0 Mobile Safari/537.36")
END = "/api/auth/sign-in-alert/end-session"
ALERT_SUBJECT = "Nuevo inicio de sesión en tu cuenta"


def login(api, email=EMAIL, user_agent="pytest"):
    return api.post("/api/auth/login", {"email": email, "password": DEFAULT_PASSWORD},
                    headers={"User-Agent": user_agent})


def alerts(outbox, email=EMAIL):
    return [m for m in mails_to(outbox, email) if m["subject"] == ALERT_SUBJECT]


def end_links(outbox, email=EMAIL):
    return [token_in_link(m["text"], "cerrar-sesion") for m in alerts(outbox, email)]


@pytest.fixture
def member(api):
    """A member who already signed in once, from ``api``'s browser."""
    user = a_user(Role.MEMBER, email=EMAIL, first_name="Rosa")
    assert login(api).status == 200
    return user


def test_the_first_sign_in_of_an_account_sets_a_long_lived_browser_cookie_and_alerts_no_one(
        api, outbox):
    a_user(Role.MEMBER, email=EMAIL)
    answer = login(api)
    [browser] = [c for c in set_cookies(answer) if c.startswith(f"{BROWSER_COOKIE}=")]
    assert all(flag in browser for flag in ("HttpOnly", "Secure", "SameSite=Lax", "Path=/",
                                            "Max-Age=15552000"))
    assert api.browser and alerts(outbox) == []


def test_a_new_browser_gets_one_e_mail_with_the_time_the_device_and_the_link(
        member, api, another_api, outbox):
    assert login(another_api, user_agent=PHONE).status == 200
    [mail] = alerts(outbox)
    assert "Hola, Rosa:" in mail["text"]
    assert "Chrome en Android 14 (Samsung SM-A546E)" in mail["text"]
    assert "(hora de Lima)" in mail["text"] and "¿No fuiste tú?" in mail["text"]
    assert len(end_links(outbox)) == 1
    flagged = [r.outcome for r in AuditModel.by_action.query("auth.login")
               if r.actor_id == member.user_id
               and json.loads(r.details)["new_sign_in_alert"] == "True"]
    assert flagged == ["success"]


def test_the_same_browser_signs_in_again_without_an_e_mail(member, api, outbox):
    assert login(api).status == 200
    assert login(api).status == 200
    assert alerts(outbox) == []


def test_the_answer_is_the_same_whether_the_browser_was_known_or_not(member, api, another_api):
    known, unknown = login(api), login(another_api)
    assert known.status == unknown.status == 200
    assert sorted(known.json) == sorted(unknown.json)
    assert [c.split("=", 1)[0] for c in set_cookies(known)] == \
        [c.split("=", 1)[0] for c in set_cookies(unknown)]


def test_a_browser_unseen_for_the_whole_window_is_new_again(member, api, outbox, time_machine):
    clock = FrozenClock(time_machine)
    clock.advance(days=179)
    assert login(api).status == 200
    assert alerts(outbox) == []
    clock.advance(days=181)
    assert login(api).status == 200
    assert len(alerts(outbox)) == 1


def test_a_member_who_turned_the_alert_off_gets_none(member, another_api, outbox):
    users.get(member.user_id).update(actions=[UserModel.alerts_off.set({NEW_SIGN_IN})])
    assert login(another_api).status == 200
    assert alerts(outbox) == []


def test_with_two_factor_the_alert_comes_after_the_code_not_the_password(
        api, another_api, outbox, time_machine):
    clock = FrozenClock(time_machine)
    a_user(Role.MEMBER, email=EMAIL, totp_secret=SECRET)
    first = login(api)
    api.post("/api/auth/login/totp", {"challenge": first.json["challenge"],
                                      "code": totp_code(SECRET, clock.now)})
    clock.advance(seconds=30)
    step = login(another_api)
    assert step.json["requires_totp"] is True and alerts(outbox) == []
    done = another_api.post("/api/auth/login/totp", {"challenge": step.json["challenge"],
                                                     "code": totp_code(SECRET, clock.now)})
    assert done.status == 200 and len(alerts(outbox)) == 1


def test_the_link_ends_that_session_and_only_that_one_once(member, api, another_api, outbox):
    assert login(another_api).status == 200
    [token] = end_links(outbox)
    stranger = ApiClient(another_api._client)  # no cookies: not signed in
    answer = stranger.post(END, {"token": token})
    assert answer.status == 200 and answer.json["ended"] is True
    assert "cambia tu contraseña" in answer.json["message"]
    assert another_api.get("/api/auth/session").status == 401
    assert api.get("/api/auth/session").status == 200
    again = stranger.post(END, {"token": token})
    assert again.status == 400 and again.error_code == "invalid_token"
    outcomes = [r.outcome for r in AuditModel.by_action.query("auth.session_ended_by_link")]
    assert sorted(outcomes) == ["failure", "success"]


def test_a_link_to_a_session_already_ended_says_so(member, another_api, outbox):
    assert login(another_api).status == 200
    [token] = end_links(outbox)
    assert another_api.post("/api/auth/logout").status == 204
    answer = another_api.post(END, {"token": token})
    assert answer.status == 200 and answer.json["ended"] is False


def test_the_link_expires(member, api, another_api, outbox, time_machine):
    clock = FrozenClock(time_machine)
    assert login(another_api).status == 200
    [token] = end_links(outbox)
    clock.advance(hours=24, seconds=1)
    answer = api.post(END, {"token": token})
    assert answer.status == 400 and answer.error_code == "invalid_token"


def test_a_forged_or_foreign_token_is_any_bad_link(member, api, another_api, outbox):
    api.post("/api/auth/password/forgot", {"email": EMAIL})
    [reset] = [token_in_link(m["text"], "restablecer") for m in mails_to(outbox, EMAIL)
               if "/restablecer?token=" in m["text"]]
    answers = [api.post(END, body) for body in
               ({"token": new_token()}, {"token": reset}, {"token": ""}, {"token": "x" * 500},
                {})]
    assert {(a.status, a.error_code) for a in answers} == {(400, "invalid_token")}
    assert api.post(END, {"token": new_token(), "session": "x"}).status == 400
    assert api.get("/api/auth/session").status == 200


def test_a_failing_alert_never_fails_the_sign_in(member, another_api, outbox, monkeypatch):
    from chalicelib.store.auth import known_browsers

    def unavailable(*_: object) -> bool:
        raise RuntimeError("DynamoDB no responde")

    monkeypatch.setattr(known_browsers, "record_sign_in", unavailable)
    answer = login(another_api)
    assert answer.status == 200 and another_api.get("/api/auth/session").status == 200
    assert another_api.browser and alerts(outbox) == []
