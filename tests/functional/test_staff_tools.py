"""Staff tools (issue 17): the member's products from a case (tickets, credit applications),
an admin re-sending and revoking staff invitations, an admin correcting a member's e-mail."""

from __future__ import annotations

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.auth import users
from chalicelib.store.shared.models import AuditModel
from tests.functional.accounts_builders import load
from tests.functional.builders import a_user, mails_to, signed_in, token_in_link
from tests.functional.credit_builders import a_credit_product, simulation_inputs
from tests.functional.ticket_builders import Person, a_ticket
from tests.product_rows import a_contributions_row, a_family_plan, a_loan, a_savings_row

DNI = "40000311"
SECRET = "JBSWY3DPEHPK3PXP"
NEW_PASSWORD = "Frase-De-Paso-Nueva-77"


def audited(action: str) -> list[AuditModel]:
    return [record for record in AuditModel.scan() if record.action == action]


@pytest.fixture
def person(app):
    def make(role: Role = Role.MEMBER, **fields) -> Person:
        return Person(app, role, **fields)

    return make


@pytest.fixture
def member_with_products(person):
    load("contributions", [a_contributions_row(DNI, balance="4850.00")])
    load("savings", [a_savings_row(DNI, balance="3105.97")])
    load("loans", a_loan(DNI, number="0210003110001", installments=4, paid=2))
    load("family_benefit", a_family_plan(DNI))
    return person(dni=DNI)


def assigned_ticket(member: Person, admin: Person, operator: Person) -> str:
    ticket_id = a_ticket(member)["id"]
    assert admin.api.post(f"/api/tickets/{ticket_id}/assign",
                          {"operator_id": operator.id}).status == 200
    return str(ticket_id)


def assigned_application(member: Person, admin: Person, operator: Person) -> str:
    a_credit_product("CONSUMO")
    sent = member.api.post("/api/credit/applications", simulation_inputs())
    assert sent.status == 201, sent.json
    application_id = str(sent.json["id"])
    assert admin.api.post(f"/api/credit/applications/{application_id}/assign",
                          {"operator_id": operator.id}).status == 200
    return application_id


# --- the member's products from a case --------------------------------------------------------


def test_the_assigned_operator_sees_the_members_products_from_the_ticket(
        person, member_with_products):
    admin, operator = person(Role.ADMIN), person(Role.OPERATOR)
    ticket_id = assigned_ticket(member_with_products, admin, operator)
    answer = operator.api.get(f"/api/tickets/{ticket_id}/member-products")
    assert answer.status == 200, answer.json
    body = answer.json
    assert body["member"] == {"id": member_with_products.id, "name": "Ana Flores Díaz",
                              "dni": DNI}
    assert body["contributions"]["balance"] == "4850.00"
    assert [s["balance"] for s in body["savings"]] == ["3105.97"]
    assert [(loan["number"], loan["installments_paid"]) for loan in body["loans"]] == \
        [("0210003110001", 2)]
    assert body["family_benefit"]["beneficiaries"] >= 1
    assert body["fixed_deposits"] == [] and body["cts"] == []
    assert body["totals"]["savings_pen"] == "3105.97"
    [record] = audited("member_products.viewed")
    assert (record.actor_id, record.target, record.outcome) == \
        (operator.id, f"ticket:{ticket_id}", "success")


def test_another_operator_gets_the_tickets_404_and_the_refusal_is_audited(
        person, member_with_products):
    admin, operator, other = person(Role.ADMIN), person(Role.OPERATOR), person(Role.OPERATOR)
    ticket_id = assigned_ticket(member_with_products, admin, operator)
    foreign = other.api.get(f"/api/tickets/{ticket_id}/member-products")
    missing = other.api.get(f"/api/tickets/{'0' * 32}/member-products")
    assert foreign.status == missing.status == 404
    assert foreign.json == missing.json
    assert [r.actor_id for r in audited("tickets.access_denied")] == [other.id]
    assert audited("member_products.viewed") == []


def test_members_may_not_ask_for_the_summary_even_of_their_own_ticket(
        person, member_with_products):
    admin, operator = person(Role.ADMIN), person(Role.OPERATOR)
    ticket_id = assigned_ticket(member_with_products, admin, operator)
    assert member_with_products.api.get(
        f"/api/tickets/{ticket_id}/member-products").status == 403


def test_staff_see_the_applicants_products_from_the_application(person, member_with_products):
    admin, operator, other = person(Role.ADMIN), person(Role.OPERATOR), person(Role.OPERATOR)
    application_id = assigned_application(member_with_products, admin, operator)
    path = f"/api/credit/applications/{application_id}/member-products"
    mine = operator.api.get(path)
    assert mine.status == 200
    assert mine.json["member"]["dni"] == DNI
    assert mine.json["loans"][0]["balance"]
    assert admin.api.get(path).status == 200
    assert other.api.get(path).error_code == "application_not_found"
    viewed = audited("member_products.viewed")
    assert sorted(r.actor_id for r in viewed) == sorted([operator.id, admin.id])
    assert {r.target for r in viewed} == {f"credit_application:{application_id}"}


def test_a_member_without_products_shows_empty_lists(person):
    member, admin, operator = person(), person(Role.ADMIN), person(Role.OPERATOR)
    ticket_id = assigned_ticket(member, admin, operator)
    body = operator.api.get(f"/api/tickets/{ticket_id}/member-products").json
    assert (body["contributions"], body["savings"], body["loans"], body["family_benefit"]) == \
        (None, [], [], None)


# --- invitations -------------------------------------------------------------------------------


def invite(api, email: str, role: str = "operator") -> dict:
    created = api.post("/api/admin/users", {"first_name": "Luis", "last_name": "Paredes",
                                            "email": email, "role": role})
    assert created.status == 201, created.json
    return created.json


def accept(api, token: str):
    return api.post("/api/auth/password/reset", {"reset_token": token, "password": NEW_PASSWORD,
                                                 "password_confirmation": NEW_PASSWORD})


def test_a_resent_invitation_has_a_new_link_and_the_old_one_stops_working(
        api, another_api, outbox):
    signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))
    invited = invite(api, "luis@coopac.pe")
    old_token = token_in_link(mails_to(outbox, "luis@coopac.pe")[-1]["text"], "restablecer")
    resent = api.post(f"/api/admin/users/{invited['id']}/resend-invitation")
    assert resent.status == 200 and resent.json["status"] == "invited"
    mails = mails_to(outbox, "luis@coopac.pe")
    assert len(mails) == 2 and "72 horas" in mails[-1]["text"]
    new_token = token_in_link(mails[-1]["text"], "restablecer")
    assert new_token != old_token
    assert accept(another_api, old_token).error_code == "invalid_token"
    assert accept(another_api, new_token).status == 204
    [record] = audited("admin.invitation_resent")
    assert record.target == f"user:{invited['id']}"
    again = api.post(f"/api/admin/users/{invited['id']}/resend-invitation")
    assert again.status == 409 and again.error_code == "not_invited"
    assert [r.outcome for r in audited("admin.invitation_resent")] == ["success", "denied"]


def test_a_revoked_invitation_frees_the_email_and_its_link_stops_working(
        api, another_api, outbox):
    signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))
    invited = invite(api, "eva@coopac.pe")
    token = token_in_link(mails_to(outbox, "eva@coopac.pe")[-1]["text"], "restablecer")
    assert api.post(f"/api/admin/users/{invited['id']}/revoke-invitation").status == 204
    assert api.get(f"/api/admin/users/{invited['id']}").status == 404
    assert accept(another_api, token).error_code == "invalid_token"
    assert users.find_by_email("eva@coopac.pe") is None
    assert invite(api, "eva@coopac.pe")["status"] == "invited"  # the address is free again
    [record] = audited("admin.invitation_revoked")
    assert record.target == f"user:{invited['id']}" and record.outcome == "success"


def test_an_accepted_or_an_admins_invitation_cannot_be_revoked_by_an_admin(api, another_api):
    signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))
    operator = a_user(Role.OPERATOR, totp_secret=SECRET)
    assert api.post(f"/api/admin/users/{operator.user_id}/revoke-invitation").error_code == \
        "not_invited"
    invited_admin = a_user(Role.ADMIN, status="invited")
    refused = api.post(f"/api/admin/users/{invited_admin.user_id}/revoke-invitation")
    assert refused.status == 403 and refused.error_code == "super_admin_required"
    assert users.get(invited_admin.user_id) is not None
    signed_in(another_api, a_user(Role.SUPER_ADMIN, totp_secret=SECRET))
    assert another_api.post(
        f"/api/admin/users/{invited_admin.user_id}/revoke-invitation").status == 204


# --- an admin corrects a member's e-mail -------------------------------------------------------


def test_a_corrected_email_takes_effect_only_when_the_member_confirms_it(
        api, another_api, outbox):
    signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))
    member = a_user(Role.MEMBER, email="mal.escrito@example.pe")
    answer = api.post(f"/api/admin/users/{member.user_id}/email",
                      {"email": "Bien.Escrito@example.pe"})
    assert answer.status == 200, answer.json
    assert (answer.json["email"], answer.json["pending_email"]) == \
        ("mal.escrito@example.pe", "bien.escrito@example.pe")
    assert users.get(member.user_id).email == "mal.escrito@example.pe"
    [told] = mails_to(outbox, "mal.escrito@example.pe")
    assert "bien.escrito@example.pe" not in told["text"]  # masked: the old box may be lost
    assert "/no-fui-yo?token=" in told["text"]
    [confirmation] = mails_to(outbox, "bien.escrito@example.pe")
    token = token_in_link(confirmation["text"], "confirmar-correo")
    confirmed = another_api.post("/api/auth/profile/email/confirm", {"token": token})
    assert confirmed.status == 200 and confirmed.json["email"] == "bien.escrito@example.pe"
    assert users.find_by_email("bien.escrito@example.pe").user_id == member.user_id
    [record] = audited("admin.member_email_change_requested")
    assert record.target == f"user:{member.user_id}" and record.outcome == "success"


def test_an_email_of_another_account_is_a_clear_409_for_the_admin(api, outbox):
    signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))
    member = a_user(Role.MEMBER)
    a_user(Role.MEMBER, email="ocupado@example.pe")
    taken = api.post(f"/api/admin/users/{member.user_id}/email", {"email": "ocupado@example.pe"})
    assert taken.status == 409 and taken.error_code == "email_taken"
    assert "otra cuenta" in taken.json["error"]["message"]
    assert users.get(member.user_id).pending_email is None
    assert outbox() == []
    assert [r.outcome for r in audited("admin.member_email_change_requested")] == ["denied"]


def test_only_an_active_members_email_is_corrected_here(api):
    signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))
    operator = a_user(Role.OPERATOR, totp_secret=SECRET)
    pending = a_user(Role.MEMBER, status="pending_activation")
    member = a_user(Role.MEMBER)
    body = {"email": "nuevo@example.pe"}
    assert api.post(f"/api/admin/users/{operator.user_id}/email", body).error_code == \
        "not_a_member"
    assert api.post(f"/api/admin/users/{pending.user_id}/email", body).error_code == \
        "user_not_active"
    assert api.post(f"/api/admin/users/{member.user_id}/email",
                    {"email": member.email}).error_code == "same_email"
    bad = api.post(f"/api/admin/users/{member.user_id}/email", {"email": "no-es-correo"})
    assert bad.status == 400 and "email" in bad.json["error"]["fields"]
    smuggled = api.post(f"/api/admin/users/{member.user_id}/email",
                        {"email": "nuevo@example.pe", "status": "active"})
    assert smuggled.error_code == "read_only_field"
