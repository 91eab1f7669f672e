"""Administration of users (docs/design/API.md "admin"): list/search, invitations, role changes,
deactivation, unlock, TOTP reset, and every refusal."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from chalicelib.domain.shared.clock import LIMA, lima_today
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.tokens import token_hash
from chalicelib.store.auth import login_failures, users
from chalicelib.store.auth import sessions as session_store
from chalicelib.store.shared import filtered_paging
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import a_user, mails_to, signed_in, token_in_link

SECRET = "JBSWY3DPEHPK3PXP"
NEW_PASSWORD = "Frase-De-Paso-Nueva-77"

ADMIN_ROUTES = [
    ("GET", "/api/admin/users"),
    ("POST", "/api/admin/users"),
    ("GET", "/api/admin/users/x"),
    ("PATCH", "/api/admin/users/x"),
    ("POST", "/api/admin/users/x/unlock"),
    ("POST", "/api/admin/users/x/reset-totp"),
    ("POST", "/api/admin/imports"),
    ("GET", "/api/admin/imports"),
    ("GET", "/api/admin/imports/x"),
    ("GET", "/api/admin/audit"),
    ("GET", "/api/admin/audit/export"),
    ("GET", "/api/admin/dashboard"),
]


def admin(role: Role = Role.ADMIN, **kwargs):
    return a_user(role, totp_secret=SECRET, **kwargs)


def actions(name: str) -> list[AuditModel]:
    return list(AuditModel.by_action.query(name))


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OPERATOR])
def test_members_and_operators_get_403_on_every_admin_route(api, role):
    user = a_user(role, totp_secret=SECRET if role is Role.OPERATOR else None)
    signed_in(api, user)
    for method, path in ADMIN_ROUTES:
        answer = api.request(method, path, {} if method != "GET" else None)
        assert answer.status == 403, (method, path, answer.status)
        assert answer.error_code == "forbidden"


def test_anonymous_gets_401_and_staff_without_totp_meets_the_gate(api):
    assert api.get("/api/admin/users").status == 401
    signed_in(api, a_user(Role.ADMIN))
    assert api.get("/api/admin/users").error_code == "totp_enrolment_required"


def test_list_by_role_is_ordered_by_surname_and_paged(api):
    me = admin()
    for last in ("Zapata", "Alva", "Mendoza", "Benavides"):
        a_user(Role.MEMBER, last_name=last, first_name="Rosa")
    signed_in(api, me)
    first = api.get("/api/admin/users?role=member&limit=3")
    assert first.status == 200
    assert [u["last_name"] for u in first.json["items"]] == ["Alva", "Benavides", "Mendoza"]
    assert set(first.json["items"][0]) >= {"id", "first_name", "last_name", "email", "dni",
                                           "role", "status", "totp_enabled", "locked",
                                           "last_login_at", "created_at"}
    second = api.get(f"/api/admin/users?role=member&limit=3&cursor={first.json['next_cursor']}")
    assert [u["last_name"] for u in second.json["items"]] == ["Zapata"]
    assert second.json["next_cursor"] is None
    assert api.get("/api/admin/users?cursor=bogus").error_code == "invalid_cursor"
    assert api.get("/api/admin/users?limit=101").status == 400
    assert api.get("/api/admin/users?role=boss").status == 400


def test_search_by_name_prefix_email_and_dni_and_across_roles(api):
    me = admin(last_name="Admin")
    quispe = a_user(Role.MEMBER, last_name="Quispe Rojas", email="quispe@example.pe",
                    dni="40001234")
    a_user(Role.OPERATOR, last_name="Quiroz", totp_secret=SECRET)
    a_user(Role.MEMBER, last_name="Torres")
    signed_in(api, me)
    by_name = api.get("/api/admin/users?q=qui").json["items"]
    assert [(u["role"], u["last_name"]) for u in by_name] == [("operator", "Quiroz"),
                                                              ("member", "Quispe Rojas")]
    assert [u["id"] for u in api.get("/api/admin/users?q=QUISPE@example.pe").json["items"]] == [
        quispe.user_id]
    assert [u["id"] for u in api.get("/api/admin/users?q=40001234").json["items"]] == [
        quispe.user_id]
    assert api.get("/api/admin/users?q=40001234&role=operator").json["items"] == []
    everyone = api.get("/api/admin/users?limit=100").json["items"]
    assert [u["role"] for u in everyone][:2] == ["admin", "operator"]
    assert len(everyone) == 4


def surnames(answer) -> list[str]:
    assert answer.status == 200, answer.json
    return [u["last_name"] for u in answer.json["items"]]


def test_part_of_a_dni_finds_the_dnis_that_start_with_it(api):
    signed_in(api, admin(last_name="Admin"))
    a_user(Role.MEMBER, last_name="Zevallos", dni="45670002")
    a_user(Role.MEMBER, last_name="Quispe", dni="45670001")
    a_user(Role.MEMBER, last_name="Torres", dni="14567000")
    a_user(Role.OPERATOR, last_name="Ramos", totp_secret=SECRET)
    assert surnames(api.get("/api/admin/users?q=4567")) == ["Quispe", "Zevallos"]
    assert surnames(api.get("/api/admin/users?q=456700&role=member")) == ["Quispe", "Zevallos"]
    assert surnames(api.get("/api/admin/users?q=4567&role=operator")) == []
    assert api.get("/api/admin/users?q=4").json["error"]["fields"] == {
        "q": "Escribe al menos 2 caracteres del correo o del DNI."}


def test_part_of_an_e_mail_finds_the_e_mails_that_contain_it_in_any_case(api):
    signed_in(api, admin(last_name="Admin", email="jefa@coop.pe"))
    a_user(Role.MEMBER, last_name="Quispe Rojas", email="quispe@example.pe", dni="41000001")
    a_user(Role.MEMBER, last_name="Alva", email="jquispe@petroperu.com.pe", dni="41000002")
    a_user(Role.MEMBER, last_name="Quiroz", email="quiroz@example.pe", dni="41000003")
    a_user(Role.OPERATOR, last_name="Ramos", email="rramos@petroperu.com.pe",
           totp_secret=SECRET)
    assert surnames(api.get("/api/admin/users?q=QUISPE@")) == ["Alva", "Quispe Rojas"]
    assert surnames(api.get("/api/admin/users?q=@petroperu")) == ["Ramos", "Alva"]
    assert surnames(api.get("/api/admin/users?q=petroperu.com&role=operator")) == ["Ramos"]
    assert surnames(api.get("/api/admin/users?q=quiroz@example")) == ["Quiroz"]
    # a plain word is still a surname prefix (the partition's range key), not an e-mail part
    assert surnames(api.get("/api/admin/users?q=qui")) == ["Quiroz", "Quispe Rojas"]
    assert api.get("/api/admin/users?q=@").status == 400


def test_a_filtered_page_keeps_reading_until_full_and_a_short_one_carries_the_cursor(
        api, monkeypatch):
    signed_in(api, admin(last_name="Admin", email="jefa@coop.pe"))
    for number, last in enumerate(("Alva", "Benavides", "Castro", "Díaz", "Espinoza", "Flores")):
        email = f"{last.lower()}@{'petroperu.pe' if last in ('Alva', 'Flores') else 'mail.pe'}"
        a_user(Role.MEMBER, last_name=last, email=email, dni=f"4200000{number}")
    # one read keeps both: the page of one is cut there and goes on right after its user
    first = api.get("/api/admin/users?q=@petroperu&limit=1")
    assert surnames(first) == ["Alva"]
    rest = api.get(f"/api/admin/users?q=@petroperu&limit=1&cursor={first.json['next_cursor']}")
    assert (surnames(rest), rest.json["next_cursor"]) == (["Flores"], None)
    # three reads of two fill the page: Alva in the first, Flores in the third
    monkeypatch.setattr(filtered_paging, "READ_SIZE", 2)
    full = api.get("/api/admin/users?q=@petroperu&role=member&limit=2")
    assert (surnames(full), full.json["next_cursor"]) == (["Alva", "Flores"], None)
    # out of reads, the page is short but goes on where it stopped
    monkeypatch.setattr(filtered_paging, "MAX_READS", 2)
    short = api.get("/api/admin/users?q=@petroperu&role=member&limit=2")
    assert surnames(short) == ["Alva"] and short.json["next_cursor"]
    after = api.get("/api/admin/users?q=@petroperu&role=member&limit=2"
                    f"&cursor={short.json['next_cursor']}")
    assert (surnames(after), after.json["next_cursor"]) == (["Flores"], None)
    assert api.get("/api/admin/users?q=4200&cursor=bogus").error_code == "invalid_cursor"


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OPERATOR])
def test_members_and_operators_cannot_search_users_partially(api, role):
    a_user(Role.MEMBER, last_name="Quispe", dni="45670001", email="quispe@example.pe")
    signed_in(api, a_user(role, totp_secret=SECRET if role is Role.OPERATOR else None))
    for q in ("4567", "quispe@", "@example"):
        assert api.get(f"/api/admin/users?q={q}").status == 403


def test_an_admin_invites_an_operator_who_sets_a_password_and_must_enrol_totp(
        api, another_api, outbox):
    signed_in(api, admin())
    created = api.post("/api/admin/users", {"first_name": "Luis", "last_name": "Paredes",
                                            "email": "Luis.Paredes@coopac.pe",
                                            "role": "operator"})
    assert created.status == 201
    assert (created.json["status"], created.json["role"]) == ("invited", "operator")
    assert created.json["email"] == "luis.paredes@coopac.pe"
    login = {"email": "luis.paredes@coopac.pe", "password": NEW_PASSWORD}
    assert another_api.post("/api/auth/login", login).status == 401
    mail = mails_to(outbox, "luis.paredes@coopac.pe")[-1]
    assert "72 horas" in mail["text"]
    token = token_in_link(mail["text"], "restablecer")
    reset = {"reset_token": token, "password": NEW_PASSWORD,
             "password_confirmation": NEW_PASSWORD}
    assert another_api.post("/api/auth/password/reset", reset).status == 204
    assert another_api.post("/api/auth/password/reset", reset).error_code == "invalid_token"
    signed = another_api.post("/api/auth/login", login)
    assert signed.status == 200
    assert signed.json["requires_totp"] is False
    assert signed.json["user"]["totp_required"] is True
    assert another_api.get("/api/credit/applications").error_code == "totp_enrolment_required"
    assert users.find_by_email("luis.paredes@coopac.pe").status == "active"
    assert actions("admin.user_create")[0].target == f"user:{created.json['id']}"
    assert actions("auth.invitation_accepted")


def test_a_password_reset_token_cannot_be_used_for_an_invited_account_or_vice_versa(
        api, another_api, outbox):
    signed_in(api, admin())
    api.post("/api/admin/users", {"first_name": "Eva", "last_name": "Ruiz",
                                  "email": "eva@coopac.pe", "role": "operator"})
    # the invited account is not active: the forgot-password flow sends nothing
    assert another_api.post("/api/auth/password/forgot", {"email": "eva@coopac.pe"}).status == 202
    assert len(mails_to(outbox, "eva@coopac.pe")) == 1


def test_only_a_super_admin_creates_admins(api, another_api):
    signed_in(api, admin())
    body = {"first_name": "Ana", "last_name": "Vega", "email": "ana@coopac.pe", "role": "admin"}
    refused = api.post("/api/admin/users", body)
    assert refused.status == 403 and refused.error_code == "super_admin_required"
    assert users.find_by_email("ana@coopac.pe") is None
    assert actions("admin.user_create")[0].outcome == "denied"
    signed_in(another_api, admin(Role.SUPER_ADMIN))
    assert another_api.post("/api/admin/users", body).status == 201
    assert another_api.post("/api/admin/users", body).status == 409
    assert another_api.post("/api/admin/users", {**body, "email": "b@coopac.pe",
                                                 "role": "member"}).status == 400
    invalid = another_api.post("/api/admin/users", {"role": "operator", "is_admin": True})
    assert invalid.status == 400


def test_deactivation_ends_the_users_session_at_once_and_reactivation_restores_access(
        api, another_api, outbox):
    operator = a_user(Role.OPERATOR, totp_secret=SECRET, email="op@coopac.pe")
    signed_in(another_api, operator)
    assert another_api.get("/api/auth/session").status == 200
    signed_in(api, admin())
    answer = api.patch(f"/api/admin/users/{operator.user_id}", {"active": False})
    assert answer.status == 200 and answer.json["status"] == "inactive"
    assert another_api.get("/api/auth/session").status == 401
    assert another_api.post("/api/auth/login", {"email": "op@coopac.pe",
                                                "password": "Clave-Segura-2026"}).status == 401
    assert "desactivada" in mails_to(outbox, "op@coopac.pe")[-1]["text"]
    again = api.patch(f"/api/admin/users/{operator.user_id}", {"active": True})
    assert again.json["status"] == "active"
    record = actions("admin.user_update")[0]
    assert record.outcome == "success" and record.target == f"user:{operator.user_id}"


def test_role_changes_follow_the_super_admin_rules(api, another_api):
    operator = a_user(Role.OPERATOR, totp_secret=SECRET)
    member = a_user(Role.MEMBER)
    other_admin = admin()
    signed_in(api, admin())
    promote = api.patch(f"/api/admin/users/{operator.user_id}", {"role": "admin"})
    assert promote.status == 403 and promote.error_code == "super_admin_required"
    demote = api.patch(f"/api/admin/users/{other_admin.user_id}", {"active": False})
    assert demote.status == 403
    assert api.patch(f"/api/admin/users/{member.user_id}", {"role": "operator"}).error_code == \
        "role_not_allowed"
    assert api.patch(f"/api/admin/users/{operator.user_id}", {"role": "x"}).status == 400
    smuggled = api.patch(f"/api/admin/users/{operator.user_id}", {"status": "active"})
    assert smuggled.status == 400 and smuggled.error_code == "read_only_field"
    assert api.patch(f"/api/admin/users/{operator.user_id}", {}).status == 400
    assert api.patch("/api/admin/users/nobody", {"active": False}).status == 404
    signed_in(another_api, admin(Role.SUPER_ADMIN))
    promoted = another_api.patch(f"/api/admin/users/{operator.user_id}", {"role": "admin"})
    assert promoted.status == 200 and promoted.json["role"] == "admin"
    assert users.get(operator.user_id).role == "admin"
    listed = another_api.get("/api/admin/users?role=admin&limit=100").json["items"]
    assert operator.user_id in [u["id"] for u in listed]


def test_an_admin_cannot_change_themselves(api):
    me = admin(Role.SUPER_ADMIN)
    signed_in(api, me)
    for body in ({"active": False}, {"role": "operator"}):
        answer = api.patch(f"/api/admin/users/{me.user_id}", body)
        assert answer.status == 409 and answer.error_code == "cannot_change_self"
    assert api.post(f"/api/admin/users/{me.user_id}/reset-totp").error_code == \
        "cannot_change_self"


def as_if_authenticated_before_the_change(api, user):
    """The change's new security stamp would end the session at once; these races are about a
    request that passed authentication a moment before the change, so its session keeps up."""
    session_store.set_stamp(token_hash(api.cookie), users.security_stamp(users.get(user.user_id)))


def test_the_last_active_super_admin_cannot_be_removed(api):
    acting = admin(Role.SUPER_ADMIN)
    last = admin(Role.SUPER_ADMIN)
    signed_in(api, acting)
    # the acting account stops counting (demoted elsewhere) while its session still lives
    users.update_access(users.get(acting.user_id), role="admin", status="active", now="x")
    as_if_authenticated_before_the_change(api, acting)
    for body in ({"active": False}, {"role": "admin"}):
        answer = api.patch(f"/api/admin/users/{last.user_id}", body)
        assert answer.status == 409 and answer.error_code == "last_admin"
    assert users.get(last.user_id).status == "active"


def test_two_super_admins_one_may_deactivate_the_other(api):
    signed_in(api, admin(Role.SUPER_ADMIN))
    other = admin(Role.SUPER_ADMIN)
    assert api.patch(f"/api/admin/users/{other.user_id}", {"active": False}).status == 200


def test_unlock_clears_the_lockout_and_emails_the_user(api, another_api, outbox):
    member = a_user(Role.MEMBER, email="bloqueada@example.pe")
    for _ in range(5):
        another_api.post("/api/auth/login", {"email": "bloqueada@example.pe",
                                             "password": "mal-mal-mal"})
    assert login_failures.get(member.user_id).locked_until
    signed_in(api, admin())
    listed = api.get("/api/admin/users?q=bloqueada@example.pe").json["items"]
    assert listed[0]["locked"] is True
    assert api.post(f"/api/admin/users/{member.user_id}/unlock").status == 204
    assert login_failures.get(member.user_id) is None
    assert another_api.post("/api/auth/login", {"email": "bloqueada@example.pe",
                                                "password": "Clave-Segura-2026"}).status == 200
    assert "desbloqueó" in mails_to(outbox, "bloqueada@example.pe")[-1]["text"]
    assert actions("admin.user_unlock")[0].target == f"user:{member.user_id}"
    assert api.post("/api/admin/users/nobody/unlock").status == 404


def test_only_a_super_admin_unlocks_an_admin_or_a_super_admin_and_each_refusal_is_audited(
        api, another_api):
    top = admin(Role.SUPER_ADMIN, email="jefa@coopac.pe")
    for _ in range(5):
        another_api.post("/api/auth/login", {"email": "jefa@coopac.pe", "password": "mal-mal"})
    assert login_failures.get(top.user_id).locked_until
    acting = admin()
    signed_in(api, acting)
    for target in (top, admin()):
        refused = api.post(f"/api/admin/users/{target.user_id}/unlock")
        assert refused.status == 403 and refused.error_code == "super_admin_required"
    assert login_failures.get(top.user_id).locked_until
    denied = actions("admin.user_unlock")
    assert len(denied) == 2 and {r.outcome for r in denied} == {"denied"}
    assert {r.actor_id for r in denied} == {acting.user_id}
    assert f"user:{top.user_id}" in {r.target for r in denied}
    signed_in(another_api, admin(Role.SUPER_ADMIN))
    assert another_api.post(f"/api/admin/users/{top.user_id}/unlock").status == 204
    assert login_failures.get(top.user_id) is None


def test_a_refused_totp_reset_is_audited(api):
    acting = admin()
    signed_in(api, acting)
    other_admin = admin()
    assert api.post(f"/api/admin/users/{other_admin.user_id}/reset-totp").status == 403
    assert api.post(f"/api/admin/users/{acting.user_id}/reset-totp").status == 409
    assert users.get(other_admin.user_id).totp_enabled is True
    denied = actions("admin.user_reset_totp")
    assert [r.outcome for r in denied] == ["denied", "denied"]
    assert {r.target for r in denied} == {f"user:{other_admin.user_id}",
                                           f"user:{acting.user_id}"}


def test_reset_totp_ends_sessions_and_the_staff_member_must_enrol_again(
        api, another_api, outbox):
    operator = a_user(Role.OPERATOR, totp_secret=SECRET, email="op2@coopac.pe")
    signed_in(another_api, operator)
    signed_in(api, admin())
    assert api.post(f"/api/admin/users/{operator.user_id}/reset-totp").status == 204
    assert another_api.get("/api/auth/session").status == 401
    stored = users.get(operator.user_id)
    assert stored.totp_enabled is False and stored.totp_secret_encrypted is None
    signed = another_api.post("/api/auth/login", {"email": "op2@coopac.pe",
                                                  "password": "Clave-Segura-2026"})
    assert signed.json["requires_totp"] is False and signed.json["user"]["totp_required"] is True
    assert "2FA" in mails_to(outbox, "op2@coopac.pe")[-1]["subject"]
    assert actions("admin.user_reset_totp")
    an_admin = admin()
    assert api.post(f"/api/admin/users/{an_admin.user_id}/reset-totp").status == 403


def test_dashboard_counts_without_scans(api):
    signed_in(api, admin())
    a_user(Role.MEMBER)
    a_user(Role.MEMBER, totp_secret=SECRET)
    a_user(Role.MEMBER, status="inactive")
    answer = api.get("/api/admin/dashboard")
    assert answer.status == 200
    body = answer.json
    assert (body["members_registered"], body["members_with_totp"]) == (2, 1)
    assert body["staff_active"] == {"operator": 0, "admin": 1, "super_admin": 0}
    assert body["open_tickets"] == 0 and set(body["tickets_by_status"]) == {
        "open", "assigned", "in_progress"}
    assert body["applications_by_status"]["received"] == 0
    assert body["signed_in_today"] == 0
    member = a_user(Role.MEMBER, email="hoy@example.pe")
    for _ in range(2):
        assert api.post("/api/auth/login", {"email": "hoy@example.pe",
                                            "password": "Clave-Segura-2026"}).status == 200
    signed_in(api, admin())
    again = api.get("/api/admin/dashboard").json
    assert again["signed_in_today"] == 1 and again["members_registered"] == 3
    assert member.user_id


def test_sign_ins_of_the_day_are_counted_by_lima_s_day_across_utc_midnight(api, time_machine):
    """At 19:30 in Lima it is already tomorrow in UTC: those who signed in this Lima morning
    (UTC's previous day) and this evening (UTC's next day) count, last night's do not."""
    lima_day = lima_today() + timedelta(days=3)

    def sign_in_at(hour: int, minute: int, email: str) -> None:
        time_machine.move_to(datetime.combine(lima_day, time(hour, minute), LIMA), tick=False)
        assert api.post("/api/auth/login", {"email": email,
                                            "password": "Clave-Segura-2026"}).status == 200

    for email in ("anoche@example.pe", "manana@example.pe", "noche@example.pe"):
        a_user(Role.MEMBER, email=email)
    sign_in_at(23, 59, "anoche@example.pe")
    lima_day += timedelta(days=1)
    sign_in_at(8, 15, "manana@example.pe")
    sign_in_at(19, 20, "noche@example.pe")
    time_machine.move_to(datetime.combine(lima_day, time(19, 30), LIMA), tick=False)
    signed_in(api, admin())
    assert api.get("/api/admin/dashboard").json["signed_in_today"] == 2
    time_machine.move_to(datetime.combine(lima_day, time(23, 59), LIMA), tick=False)
    signed_in(api, admin())
    assert api.get("/api/admin/dashboard").json["signed_in_today"] == 2


def test_the_dashboard_counts_each_user_once_a_lima_day_from_a_counter_not_the_audit_log(api):
    from chalicelib.store.shared.models import CounterModel

    for email in ("una@example.pe", "otra@example.pe"):
        a_user(Role.MEMBER, email=email)
    for email in ("una@example.pe", "una@example.pe", "otra@example.pe"):
        assert api.post("/api/auth/login", {"email": email,
                                            "password": "Clave-Segura-2026"}).status == 200
    assert CounterModel.get(f"signins#{lima_today().isoformat()}").value == 2
    for record in AuditModel.scan():  # the audit log is not what the dashboard reads
        record.delete()
    signed_in(api, admin())
    assert api.get("/api/admin/dashboard").json["signed_in_today"] == 2


def test_an_actor_removed_meanwhile_cannot_complete_a_change(api):
    acting = admin(Role.SUPER_ADMIN)
    target = a_user(Role.OPERATOR, totp_secret=SECRET)
    a_user(Role.SUPER_ADMIN, totp_secret=SECRET)
    signed_in(api, acting)
    # the acting super_admin is deactivated by another one while this session still lives
    users.update_access(users.get(acting.user_id), role="super_admin", status="inactive",
                        now="x")
    as_if_authenticated_before_the_change(api, acting)
    answer = api.patch(f"/api/admin/users/{target.user_id}", {"active": False})
    assert answer.status == 409 and answer.error_code == "edit_conflict"
    assert users.get(target.user_id).status == "active"
