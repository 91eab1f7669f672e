"""«¿No te llegó el correo de activación?» (issue 17): POST /api/registration/resend answers the
same 202 whatever the account, mails a fresh link only to a pending account whose DNI and e-mail
match, the earlier link dies, and the route is under the address throttle."""

from __future__ import annotations

import pytest

from chalicelib.domain.auth import address_throttle
from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import (
    FrozenClock,
    a_registry_member,
    a_user,
    mails_to,
    token_in_link,
)
from tests.functional.test_login_throttle import from_address
from tests.functional.test_registration_identity import a_form

EMAIL = "maria.quispe@example.pe"


@pytest.fixture
def pending(api, outbox, time_machine):
    """A pending account (the link's mail read) and a frozen clock past the mail gap."""
    clock = FrozenClock(time_machine)
    a_registry_member(email=EMAIL)
    assert api.post("/api/registration", a_form()).status == 202
    first = token_in_link(mails_to(outbox, EMAIL)[-1]["text"], "activar")
    clock.advance(minutes=3)
    return first


def resend(api, dni="40000001", email=EMAIL, **kwargs):
    return api.post("/api/registration/resend", {"dni": dni, "email": email}, **kwargs)


def test_a_pending_account_gets_a_new_link_and_the_old_one_dies(api, outbox, pending):
    answer = resend(api)
    assert answer.status == 202 and set(answer.json) == {"message"}
    mails = mails_to(outbox, EMAIL)
    assert len(mails) == 2
    second = token_in_link(mails[-1]["text"], "activar")
    old = api.post("/api/registration/activate", {"token": pending})
    assert old.status == 400 and old.error_code == "invalid_token"
    assert api.post("/api/registration/activate", {"token": second}).status == 200
    [record] = [r for r in AuditModel.by_action.query("registration.activation_resent")]
    assert (record.outcome, record.role) == ("success", "member")


def test_the_same_answer_for_an_unknown_or_active_account_and_no_mail(api, outbox, pending):
    a_registry_member(dni="40000005", email="activa@example.pe")
    a_user(Role.MEMBER, dni="40000005", email="activa@example.pe")
    right = resend(api)
    sent = len(outbox())
    for dni, email in [("49999999", "nadie@example.pe"), ("40000005", "activa@example.pe"),
                       ("40000001", "otra@example.pe")]:
        answer = resend(api, dni, email)
        assert (answer.status, answer.json) == (right.status, right.json)
    assert len(outbox()) == sent
    reasons = [r.details for r in AuditModel.by_action.query("registration.activation_resent")
               if r.outcome == "failure"]
    assert len(reasons) == 3


def test_at_most_one_mail_every_two_minutes(api, outbox, pending):
    assert resend(api).status == 202
    assert resend(api).status == 202
    assert len(mails_to(outbox, EMAIL)) == 2


@pytest.mark.parametrize("body", [{}, {"dni": "123", "email": EMAIL},
                                  {"dni": "40000001", "email": " "},
                                  {"dni": "40000001", "email": EMAIL, "status": "active"}])
def test_a_malformed_request_is_a_400_in_spanish(api, aws, body):
    answer = api.post("/api/registration/resend", body)
    assert answer.status == 400 and answer.json["error"]["message"]


def test_the_route_is_under_the_address_throttle(api, aws, time_machine):
    FrozenClock(time_machine)
    address = from_address("203.0.113.40")
    answers = [resend(api, headers=address)
               for _ in range(address_throttle.DEFAULT_FAILURES_PER_WINDOW + 1)]
    assert {a.status for a in answers[:-1]} == {202}
    assert answers[-1].status == 429 and answers[-1].error_code == "throttled"
    assert resend(api, headers=from_address("198.51.100.40")).status == 202
