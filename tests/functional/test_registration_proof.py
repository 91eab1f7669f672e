"""Registration nobody can take over (issue 14, finding 1): the caller always gets the same 202
in the same store work; the notifier matches the registry, creates the account and mails only
the e-mail on file; failures count per DNI (a pause after five) and per address."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.domain.auth import address_throttle
from chalicelib.domain.shared.permissions import Role
from chalicelib.store.auth import users
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import (
    DEFAULT_PASSWORD,
    FrozenClock,
    a_registry_member,
    a_user,
    mails_to,
    token_in_link,
)

PASSWORD = "Cielo-Azul-Miraflores-77"
ON_FILE = "maria.on.file@example.pe"
TYPED = "maria.nueva@example.pe"
ACCEPTED = ("Si los datos coinciden, enviaremos las instrucciones al correo registrado en la "
            "cooperativa.")


def a_form(**overrides: Any) -> dict[str, Any]:
    form = {"dni": "40000001", "birth_date": "1980-05-17", "email": ON_FILE,
            "password": PASSWORD, "password_confirmation": PASSWORD, "accept_terms": True}
    form.update(overrides)
    return form


def from_address(address: str) -> dict[str, str]:
    return {"CloudFront-Viewer-Address": f"{address}:50123"}


def register(api, address: str = "203.0.113.7", **overrides: Any):
    return api.post("/api/registration", a_form(**overrides), headers=from_address(address))


@pytest.fixture
def member(aws):
    return a_registry_member(email=ON_FILE)


@pytest.fixture
def clock(time_machine):
    return FrozenClock(time_machine)


def audit_reasons(action: str = "registration.submitted") -> list[str]:
    return [json.loads(r.details or "{}").get("reason", r.outcome)
            for r in sorted(AuditModel.by_action.query(action), key=lambda r: (r.at, r.event_key))]


@pytest.fixture
def store_calls(monkeypatch):
    """The AWS operations each request makes (DynamoDB and SQS), as moto receives them."""
    from moto.core.botocore_stubber import BotocoreStubber

    calls: list[str] = []
    handle = BotocoreStubber.__call__

    def record(self: Any, event_name: str, request: Any, **kwargs: Any) -> Any:
        target = request.headers.get("X-Amz-Target", b"")
        target = target.decode() if isinstance(target, bytes) else str(target)
        calls.append(target.split(".")[-1] or request.url.split("/")[2].split(".")[0])
        return handle(self, event_name, request, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", record)
    return calls


def test_every_case_answers_the_same_202_after_the_same_store_work(api, outbox, member,
                                                                   store_calls):
    a_registry_member(dni="40000002", status="inactive", email="ines@example.pe")
    a_registry_member(dni="40000003", email="rita@example.pe")
    a_user(Role.MEMBER, dni="40000003", email="rita@example.pe")
    cases = {"right data": {}, "unknown dni": {"dni": "49999999"},
             "wrong birth date": {"birth_date": "1980-05-18"},
             "inactive member": {"dni": "40000002"},
             "already registered": {"dni": "40000003"},
             "wrong office code": {"registration_code": "ABCDE-FGHJK"}}
    register(api, address="198.51.100.200", dni="49999998")  # the queue's URL is then cached
    answers, work = {}, {}
    for number, (case, overrides) in enumerate(cases.items()):
        store_calls.clear()
        answers[case] = register(api, address=f"203.0.113.{number + 1}", **overrides)
        work[case] = list(store_calls)
    for case, answer in answers.items():
        assert (answer.status, answer.json) == (202, {"message": ACCEPTED}), case
        assert work[case] == work["right data"], case
    assert work["right data"].count("GetItem") == 1 and "Query" not in work["right data"], \
        "only the address throttle reads in the request: no registry or user lookup"


def test_the_answer_never_shows_the_email_on_file(api, outbox, member):
    answer = register(api, email=TYPED)
    assert ON_FILE not in json.dumps(answer.json) and "m***" not in json.dumps(answer.json)


def test_the_activation_link_goes_only_to_the_email_on_file(api, outbox, member):
    register(api, email=TYPED)
    assert mails_to(outbox, TYPED) == []
    [mail] = mails_to(outbox, ON_FILE)
    assert "/activar?token=" in mail["text"] and PASSWORD not in mail["text"]
    assert users.find_by_email(TYPED) is None
    user = users.find_by_dni("40000001")
    assert user.email == ON_FILE and user.status == "pending_activation"


def test_the_request_queues_the_password_hash_never_the_password(api, member):
    from chalicelib.store.shared import mail
    from chalicelib.store.shared.aws import client

    register(api)
    messages = client("sqs").receive_message(QueueUrl=mail.notifications_queue_url(),
                                             MaxNumberOfMessages=10)["Messages"]
    [job] = [json.loads(m["Body"]) for m in messages]
    assert job["job"] == "registration" and job["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in json.dumps(job)


def test_with_the_email_on_file_typed_activation_makes_the_account_active(api, outbox, member):
    register(api)
    token = token_in_link(mails_to(outbox, ON_FILE)[0]["text"], "activar")
    assert api.post("/api/registration/activate", {"token": token}).status == 200
    user = users.find_by_email(ON_FILE)
    assert user.status == "active" and user.pending_email is None
    assert api.post("/api/auth/login", {"email": ON_FILE, "password": PASSWORD}).status == 200


def test_a_different_typed_email_becomes_the_login_only_once_confirmed(api, outbox, member):
    register(api, email=TYPED)
    activation = mails_to(outbox, ON_FILE)[0]["text"]
    assert "m***@example.pe" in activation, "the member on file sees which address was asked"
    answer = api.post("/api/registration/activate",
                      {"token": token_in_link(activation, "activar")})
    assert answer.status == 200 and answer.json["email_confirmation_sent"] is True
    user = users.find_by_dni("40000001")
    assert (user.status, user.email, user.pending_email) == ("active", ON_FILE, TYPED)
    typed_login = {"email": TYPED, "password": PASSWORD}
    assert api.post("/api/auth/login", typed_login).status == 401
    [confirmation] = mails_to(outbox, TYPED)
    assert "María" not in confirmation["text"], "no caller or registry text to a typed address"
    token = token_in_link(confirmation["text"], "confirmar-correo")
    assert api.post("/api/auth/profile/email/confirm", {"token": token}).status == 200
    assert api.post("/api/auth/login", typed_login).status == 200


def test_the_account_takes_its_names_from_the_registry_not_the_form(api, outbox, member):
    register(api, first_name="Gane", last_name="Premio")
    outbox()
    user = users.find_by_dni("40000001")
    assert (user.first_name, user.last_name) == ("María Elena", "Quispe Rojas")
    assert "Premio" not in json.dumps([m["text"] for m in outbox()])


def activated(api, outbox, address: str = ON_FILE) -> None:
    token = token_in_link(mails_to(outbox, address)[-1]["text"], "activar")
    assert api.post("/api/registration/activate", {"token": token}).status == 200


def test_an_already_registered_dni_gets_a_notice_at_the_email_on_file(api, outbox, member,
                                                                      clock):
    register(api)
    activated(api, outbox)
    again = [register(api, email=f"otro{n}@example.pe", address=f"203.0.113.{n + 1}")
             for n in range(3)]
    assert {(a.status, a.json["message"]) for a in again} == {(202, ACCEPTED)}
    notices = [m for m in mails_to(outbox, ON_FILE) if "/activar" not in m["text"]]
    assert len(notices) == 1, "the notice respects the mail cooldowns"
    assert "ya tienes una cuenta" in notices[0]["text"].lower()
    assert all(mails_to(outbox, f"otro{n}@example.pe") == [] for n in range(3))
    assert users.find_by_dni("40000001").email == ON_FILE
    assert audit_reasons().count("already_registered") == 3


def test_a_member_without_an_email_on_file_gets_nothing_without_an_office_code(api, outbox):
    a_registry_member(dni="40000005", email="")
    assert register(api, dni="40000005", email=TYPED).status == 202
    assert outbox() == [] and users.find_by_dni("40000005") is None
    assert audit_reasons() == ["no_email_on_file"]


def test_each_attempt_is_audited_with_its_reason_and_never_its_password(api, outbox, member):
    a_registry_member(dni="40000002", status="inactive")
    for number, overrides in enumerate(({"dni": "49999999"}, {"birth_date": "1980-05-18"},
                                        {"dni": "40000002"}, {})):
        register(api, address=f"203.0.113.{number + 1}", **overrides)
    outbox()
    assert sorted(audit_reasons()) == ["birth_date_mismatch", "dni_not_member",
                                       "inactive_member", "success"]
    records = list(AuditModel.by_action.query("registration.submitted"))
    assert all(PASSWORD not in (r.details or "") and "argon2" not in (r.details or "")
               for r in records)


def test_five_failures_pause_the_dni_for_a_day_and_tell_the_member(api, outbox, member, clock):
    for number in range(5):
        register(api, address=f"203.0.113.{number + 1}", birth_date="1980-05-18")
    outbox()
    paused = register(api, address="203.0.113.99")
    assert (paused.status, paused.json["message"]) == (202, ACCEPTED)
    mails = mails_to(outbox, ON_FILE)
    assert users.find_by_dni("40000001") is None, "even the right data waits for the pause"
    assert len(mails) == 1 and "/activar" not in mails[0]["text"]
    assert "24 horas" in mails[0]["text"]
    assert [r.target for r in AuditModel.by_action.query("registration.paused")] == [
        "dni:40000001"]
    assert audit_reasons().count("paused") == 1
    clock.advance(hours=24, seconds=1)
    register(api, address="203.0.113.100")
    outbox()
    assert users.find_by_dni("40000001").status == "pending_activation"


def test_failures_of_one_dni_do_not_pause_another(api, outbox, member, clock):
    a_registry_member(dni="40000006", birth_date="1990-01-01", email="otra@example.pe")
    for number in range(5):
        register(api, address=f"203.0.113.{number + 1}", birth_date="1980-05-18")
    register(api, address="203.0.113.50", dni="40000006", birth_date="1990-01-01",
             email="otra@example.pe")
    outbox()
    assert users.find_by_dni("40000006") is not None


def test_registration_is_under_the_address_throttle(api, outbox, member, clock):
    limit = address_throttle.DEFAULT_FAILURES_PER_WINDOW
    answers = [register(api, dni=f"4100{n:04d}") for n in range(limit)]
    assert {a.status for a in answers} == {202}
    throttled = register(api)
    assert throttled.status == 429 and throttled.error_code == "throttled"
    assert int(throttled.headers["Retry-After"]) >= 1
    assert register(api, address="198.51.100.1").status == 202


def test_a_sign_in_failure_and_a_registration_share_the_address_budget(api, member, clock):
    limit = address_throttle.DEFAULT_FAILURES_PER_WINDOW
    for _ in range(limit):
        api.post("/api/auth/login", {"email": "nadie@example.pe", "password": DEFAULT_PASSWORD},
                 headers=from_address("203.0.113.7"))
    assert register(api).status == 429


def test_a_newer_right_attempt_replaces_a_pending_one_and_its_link(api, outbox, member, clock):
    register(api, email="extrano@example.pe", password="Luna-Roja-Del-Norte-5",
             password_confirmation="Luna-Roja-Del-Norte-5")
    first = token_in_link(mails_to(outbox, ON_FILE)[0]["text"], "activar")
    clock.advance(minutes=3)
    register(api, address="203.0.113.8")
    second = token_in_link(mails_to(outbox, ON_FILE)[-1]["text"], "activar")
    assert api.post("/api/registration/activate", {"token": first}).status == 400
    assert api.post("/api/registration/activate", {"token": second}).status == 200
    user = users.find_by_dni("40000001")
    assert user.pending_email is None and mails_to(outbox, "extrano@example.pe") == []
    assert api.post("/api/auth/login", {"email": ON_FILE, "password": PASSWORD}).status == 200
