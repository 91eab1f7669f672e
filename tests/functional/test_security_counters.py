"""Lockouts, address throttles and mail cooldowns live in ``security_counters``, apart from the
sequences and dashboard counters of ``counters`` that every business function writes (issue 14,
finding 8): a function that may number a ticket can no longer reset a lockout."""

from __future__ import annotations

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import CounterModel, SecurityCounterModel
from tests.functional.builders import DEFAULT_PASSWORD, FrozenClock, a_user, mails_to

WRONG = "Clave-Equivocada-99"
ADDRESS = {"CloudFront-Viewer-Address": "203.0.113.7:50123"}


def ids(model: type[CounterModel] | type[SecurityCounterModel]) -> set[str]:
    return {item.counter_id for item in model.scan()}  # a test may Scan; requests never do


def test_a_wrong_password_is_counted_only_in_the_security_table(api, time_machine):
    FrozenClock(time_machine)
    member = a_user(Role.MEMBER, email="socia@example.pe")
    answer = api.post("/api/auth/login", {"email": "socia@example.pe", "password": WRONG},
                      headers=ADDRESS)
    assert answer.status == 401
    security = ids(SecurityCounterModel)
    assert f"lockout#{member.user_id}" in security
    assert any(key.startswith("login_address#203.0.113.7#") for key in security)
    assert not any(key.startswith(("lockout#", "login_address#")) for key in ids(CounterModel))


def test_mail_cooldowns_are_security_counters_and_sign_ins_stay_in_counters(
        api, outbox, time_machine):
    FrozenClock(time_machine)
    a_user(Role.MEMBER, email="socia@example.pe")
    assert api.post("/api/auth/password/forgot", {"email": "socia@example.pe"},
                    headers=ADDRESS).status == 202
    assert mails_to(outbox, "socia@example.pe")
    assert api.post("/api/auth/login", {"email": "socia@example.pe",
                                        "password": DEFAULT_PASSWORD}).status == 200
    security, counters = ids(SecurityCounterModel), ids(CounterModel)
    assert any(key.startswith("mail_gap#") for key in security)
    assert any(key.startswith("mail_hour#") for key in security)
    assert not any(key.startswith("mail_") for key in counters)
    assert any(key.startswith("signins#") for key in counters)
