"""Office registration codes (issue 14, finding 1): staff issue a single-use, short-lived code
for a member with no e-mail on file after checking identity in person; registration with DNI +
birth date + code mails the link to the login e-mail typed."""

from __future__ import annotations

import json

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.auth import users
from chalicelib.store.shared.models import AuditModel, OneTimeTokenModel
from tests.functional.builders import (
    FrozenClock,
    a_registry_member,
    a_user,
    mails_to,
    signed_in,
    token_in_link,
)

SECRET = "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"
PASSWORD = "Cielo-Azul-Miraflores-77"
TYPED = "rosa.nueva@example.pe"


@pytest.fixture
def clock(time_machine):
    return FrozenClock(time_machine)


@pytest.fixture
def rosa(aws):
    return a_registry_member(dni="40000190", first_name="Rosa", last_name="Chávez Díaz",
                             birth_date="1990-01-01", email="")


@pytest.fixture
def operator(app, another_api):
    return signed_in(another_api, a_user(Role.OPERATOR, totp_secret=SECRET))


def issue(staff, dni: str = "40000190"):
    return staff.post("/api/admin/registration-codes", {"dni": dni})


def register(api, code: str, address: str = "203.0.113.7", **overrides):
    form = {"dni": "40000190", "birth_date": "1990-01-01", "email": TYPED, "password": PASSWORD,
            "password_confirmation": PASSWORD, "accept_terms": True, "registration_code": code}
    form.update(overrides)
    return api.post("/api/registration", form,
                    headers={"CloudFront-Viewer-Address": f"{address}:50123"})


def test_an_operator_issues_a_code_shown_once_with_its_expiry(operator, rosa, clock):
    answer = issue(operator)
    assert answer.status == 201
    code = answer.json["code"]
    assert len(code) == 11 and code[5] == "-"
    assert answer.json["dni"] == "40000190" and answer.json["member_name"] == "Rosa Chávez Díaz"
    assert answer.json["expires_at"] > clock.now.isoformat()[:19]
    [record] = AuditModel.by_action.query("registration.code_issued")
    assert record.outcome == "success" and record.target == "dni:40000190"
    assert record.actor_id == operator_id(operator) and code not in (record.details or "")


def operator_id(staff) -> str:
    return staff.get("/api/auth/session").json["user"]["id"]


def test_the_code_is_stored_only_as_a_hash(operator, rosa):
    code = issue(operator).json["code"]
    [item] = list(OneTimeTokenModel.scan())
    stored = json.dumps(item.attribute_values, default=str)
    assert code not in stored and code.replace("-", "") not in stored


def test_a_dni_that_is_not_an_active_member_gets_no_code(operator, rosa):
    a_registry_member(dni="40000191", status="inactive")
    for dni in ("49999999", "40000191"):
        answer = issue(operator, dni)
        assert answer.status == 400 and answer.error_code == "not_an_active_member"
    assert issue(operator, "123").status == 400
    assert list(OneTimeTokenModel.scan()) == []


def test_with_the_code_the_link_goes_to_the_login_email_typed(api, outbox, operator, rosa):
    code = issue(operator).json["code"]
    assert register(api, code.lower()).status == 202
    [mail] = mails_to(outbox, TYPED)
    assert "Rosa" not in mail["text"], "no registry or caller text to a typed address"
    token = token_in_link(mail["text"], "activar")
    assert api.post("/api/registration/activate", {"token": token}).status == 200
    user = users.find_by_email(TYPED)
    assert (user.status, user.dni, user.first_name, user.last_name) == (
        "active", "40000190", "Rosa", "Chávez Díaz")
    assert list(OneTimeTokenModel.scan(OneTimeTokenModel.purpose == "registration_code")) == []


def test_a_code_works_once(api, outbox, operator, rosa, clock):
    code = issue(operator).json["code"]
    register(api, code)
    outbox()
    first = users.find_by_dni("40000190")
    register(api, code, address="203.0.113.8", email="otra@example.pe")
    outbox()
    assert users.find_by_dni("40000190").user_id == first.user_id
    assert users.find_by_email("otra@example.pe") is None


def test_an_expired_code_opens_nothing_and_counts_as_a_failure(api, outbox, operator, rosa,
                                                               clock):
    code = issue(operator).json["code"]
    clock.advance(hours=72, seconds=1)
    assert register(api, code).status == 202
    assert outbox() == [] and users.find_by_dni("40000190") is None
    reasons = [json.loads(r.details)["reason"]
               for r in AuditModel.by_action.query("registration.submitted")]
    assert reasons == ["invalid_code"]


def test_a_new_code_supersedes_the_previous_one(api, outbox, operator, rosa, clock):
    first = issue(operator).json["code"]
    second = issue(operator).json["code"]
    assert first != second
    register(api, first)
    outbox()
    assert users.find_by_dni("40000190") is None
    register(api, second, address="203.0.113.8")
    outbox()
    assert users.find_by_dni("40000190").email == TYPED


def test_wrong_codes_count_against_the_dni_and_pause_it(api, outbox, operator, rosa, clock):
    code = issue(operator).json["code"]
    for number in range(5):
        register(api, "ABCDE-FGHJK", address=f"203.0.113.{number + 1}")
    register(api, code, address="203.0.113.50")
    outbox()
    assert users.find_by_dni("40000190") is None
    assert [r.target for r in AuditModel.by_action.query("registration.paused")] == [
        "dni:40000190"]


def test_a_wrong_birth_date_with_the_right_code_opens_nothing(api, outbox, operator, rosa):
    code = issue(operator).json["code"]
    register(api, code, birth_date="1990-01-02")
    outbox()
    assert users.find_by_dni("40000190") is None


def test_members_and_anonymous_callers_cannot_issue_codes(api, another_api, rosa):
    assert issue(api).status == 401
    member = signed_in(another_api, a_user(Role.MEMBER))
    assert issue(member).status == 403
