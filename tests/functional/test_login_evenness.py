"""Issue 14: sign-in answers evenly. An unknown e-mail, a wrong password and a locked account do
the same DynamoDB work (the same operations on the same tables), so neither the answer nor the
number of calls behind it tells which e-mails have an account. Time is measured by
``make bench`` (section ``identity``), never asserted here."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.client import BaseClient

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import DEFAULT_PASSWORD, FrozenClock, a_user

WRONG = "Clave-Equivocada-99"
LOCKING_FAILURES = 5


class DynamoDbCalls:
    """(operation, table) of every DynamoDB call botocore makes while ``counting``."""

    def __init__(self) -> None:
        self.calls: Counter[tuple[str, str]] = Counter()

    @contextmanager
    def counting(self) -> Iterator[Counter[tuple[str, str]]]:
        self.calls = Counter()
        yield self.calls


@pytest.fixture
def dynamodb_calls(monkeypatch: pytest.MonkeyPatch) -> DynamoDbCalls:
    recorder = DynamoDbCalls()
    original = BaseClient._make_api_call

    def recorded(client: Any, operation: str, params: dict[str, Any]) -> Any:
        if client.meta.service_model.service_name == "dynamodb":
            table = str(params.get("TableName", "-")).rsplit("-", 1)[-1]
            recorder.calls[(operation, table)] += 1
        return original(client, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", recorded)
    return recorder


def login(api, email, password=WRONG, **extra):
    return api.post("/api/auth/login", {"email": email, "password": password, **extra})


def calls_of_attempts(api, dynamodb_calls, email, attempts):
    """The DynamoDB calls of each of ``attempts`` wrong sign-ins for ``email``, in order."""
    counted = []
    for _ in range(attempts):
        with dynamodb_calls.counting() as calls:
            assert login(api, email).status == 401
        counted.append(dict(calls))
    return counted


def test_an_unknown_email_costs_the_same_dynamodb_calls_as_a_wrong_password(
        api, another_api, dynamodb_calls, time_machine):
    """Attempt by attempt, from the first failure to past the lock, each from its own address
    so the address throttle counts alike: the first failure, the ones that follow, the one
    that locks and the ones refused while locked."""
    FrozenClock(time_machine)
    a_user(Role.MEMBER, email="socia@example.pe")
    attempts = LOCKING_FAILURES + 2
    existing = calls_of_attempts(api, dynamodb_calls, "socia@example.pe", attempts)
    unknown = calls_of_attempts(another_api, dynamodb_calls, "nadie@example.pe", attempts)
    assert unknown == existing
    assert existing[0] != existing[-1]  # the lock really was reached on both


def test_a_locked_account_costs_the_same_as_an_unknown_email_refused_as_often(
        api, another_api, dynamodb_calls, time_machine):
    FrozenClock(time_machine)
    a_user(Role.MEMBER, email="bloqueada@example.pe")
    for address, email in ((api, "bloqueada@example.pe"), (another_api, "nadie@example.pe")):
        calls_of_attempts(address, dynamodb_calls, email, LOCKING_FAILURES)
    with dynamodb_calls.counting() as calls:
        assert login(api, "bloqueada@example.pe", DEFAULT_PASSWORD).status == 401
    locked = dict(calls)
    with dynamodb_calls.counting() as calls:
        assert login(another_api, "nadie@example.pe", DEFAULT_PASSWORD).status == 401
    assert dict(calls) == locked


def test_an_unknown_email_is_audited_as_such_and_its_lock_mails_nobody(api, outbox,
                                                                       time_machine):
    FrozenClock(time_machine)
    calls = [login(api, "nadie@example.pe") for _ in range(LOCKING_FAILURES + 1)]
    assert {a.status for a in calls} == {401}
    assert outbox() == []
    failures = [r for r in AuditModel.by_action.query("auth.login")]
    assert len(failures) == LOCKING_FAILURES + 1
    assert all("unknown_email" in (r.details or "") for r in failures)
    assert not any("nadie@example.pe" in r.target for r in AuditModel.by_action.query(
        "auth.lockout"))


# --- issue 14: the sign-in audit says what was applied --------------------------------------


@pytest.mark.parametrize(("role", "applied"), [(Role.MEMBER, True), (Role.OPERATOR, False)])
def test_the_sign_in_audit_records_the_remember_that_was_applied(api, role, applied):
    """Staff sessions are never remembered, so a staff sign-in asking for it records False."""
    user = a_user(role, email="alguien@example.pe")
    assert login(api, "alguien@example.pe", DEFAULT_PASSWORD, remember=True).status == 200
    [record] = [r for r in AuditModel.by_actor.query(user.user_id) if r.outcome == "success"]
    assert json.loads(record.details)["remember"] == str(applied)  # audit details are text
