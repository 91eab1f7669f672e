"""Reads that decide access are strongly consistent: a session ended, a password changed or an
account disabled a moment ago is what the very next request sees.

moto always answers with the latest data, so the fixture below plays DynamoDB's eventually
consistent replica at its worst: an eventually consistent read of the sessions or users table
(a GetItem without ``ConsistentRead``, or any Query on a global secondary index, which is never
consistent) gets the answer the same read got the first time, as a replica that has not caught
up yet would. Strongly consistent reads and every write go to the table itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from pynamodb.connection.base import Connection

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import SessionModel, UserModel
from tests.functional.builders import DEFAULT_PASSWORD, FrozenClock, a_user, signed_in, totp_code

ACCESS_TABLES = {SessionModel.Meta.table_name, UserModel.Meta.table_name}
SECRET = "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"
NEW_PASSWORD = "Otra-Clave-Segura-2027"
NEWER_PASSWORD = "Tercera-Clave-Segura-2028"


class LaggingReplica:
    def __init__(self) -> None:
        self.reads: list[dict[str, Any]] = []
        self._served: dict[str, Any] = {}

    def eventually_consistent(self, operation: str, kwargs: dict[str, Any]) -> bool:
        if operation == "GetItem":
            return kwargs.get("ConsistentRead") is not True
        if operation == "Query":
            return "IndexName" in kwargs or kwargs.get("ConsistentRead") is not True
        return False

    def dispatch(self, real: Any, connection: Any, operation: str,
                 kwargs: dict[str, Any]) -> Any:
        if operation not in ("GetItem", "Query") or kwargs.get("TableName") not in ACCESS_TABLES:
            return real(connection, operation, kwargs)
        self.reads.append({"operation": operation, **kwargs})
        if not self.eventually_consistent(operation, kwargs):
            return real(connection, operation, kwargs)
        key = json.dumps({"operation": operation, **kwargs}, sort_keys=True, default=str)
        if key not in self._served:
            self._served[key] = real(connection, operation, kwargs)
        return self._served[key]

    def gets_of(self, table: str) -> list[dict[str, Any]]:
        return [r for r in self.reads if r["operation"] == "GetItem" and r["TableName"] == table]


@pytest.fixture
def replica(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[LaggingReplica]:
    lagging = LaggingReplica()
    real = Connection.dispatch

    def dispatch(self: Any, operation_name: str, operation_kwargs: dict[str, Any]) -> Any:
        return lagging.dispatch(real, self, operation_name, operation_kwargs)

    monkeypatch.setattr(Connection, "dispatch", dispatch)
    yield lagging


def test_a_logged_out_session_is_refused_on_the_very_next_request(api, replica):
    signed_in(api, a_user(Role.MEMBER))
    token = api.cookie
    assert api.get("/api/auth/session").status == 200
    assert api.post("/api/auth/logout").status == 204
    api.cookie = token
    assert api.get("/api/auth/session").status == 401
    sessions = replica.gets_of(SessionModel.Meta.table_name)
    assert sessions and all(r["ConsistentRead"] is True for r in sessions)


def test_a_password_change_ends_the_other_session_before_its_next_request(
        api, another_api, replica):
    member = a_user(Role.MEMBER)
    signed_in(api, member)
    signed_in(another_api, member)
    assert another_api.get("/api/auth/session").status == 200
    assert api.post("/api/auth/password", {
        "current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD,
        "new_password_confirmation": NEW_PASSWORD}).status == 204
    assert another_api.get("/api/auth/session").status == 401


def test_a_second_password_change_checks_the_password_set_a_moment_ago(api, replica):
    signed_in(api, a_user(Role.MEMBER))
    for current, new in ((DEFAULT_PASSWORD, NEW_PASSWORD), (NEW_PASSWORD, NEWER_PASSWORD)):
        answer = api.post("/api/auth/password", {
            "current_password": current, "new_password": new,
            "new_password_confirmation": new})
        assert answer.status == 204
    users = replica.gets_of(UserModel.Meta.table_name)
    assert users and all(r["ConsistentRead"] is True for r in users)


def test_a_disabled_account_is_refused_on_its_next_request(api, another_api, replica):
    member = a_user(Role.MEMBER)
    signed_in(another_api, member)
    assert another_api.get("/api/auth/session").status == 200
    signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))
    assert api.patch(f"/api/admin/users/{member.user_id}", {"active": False}).status == 200
    assert another_api.get("/api/auth/session").status == 401


def test_the_old_password_stops_signing_in_the_moment_it_is_changed(api, another_api, replica):
    member = a_user(Role.MEMBER, email="socia@example.pe")
    credentials = {"email": "socia@example.pe", "password": DEFAULT_PASSWORD}
    assert another_api.post("/api/auth/login", credentials).status == 200
    signed_in(api, member)
    assert api.post("/api/auth/password", {
        "current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD,
        "new_password_confirmation": NEW_PASSWORD}).status == 204
    assert another_api.post("/api/auth/login", credentials).status == 401
    users = replica.gets_of(UserModel.Meta.table_name)
    assert any(r["Key"]["user_id"]["S"] == member.user_id for r in users)
    assert all(r["ConsistentRead"] is True for r in users)


def test_an_account_disabled_between_the_password_and_the_code_gets_no_session(
        api, another_api, replica, time_machine):
    clock = FrozenClock(time_machine)
    member = a_user(Role.MEMBER, email="socia@example.pe", totp_secret=SECRET)
    signed_in(another_api, member)
    assert another_api.get("/api/auth/profile").status == 200  # the user, as read before
    challenge = another_api.post("/api/auth/login", {
        "email": "socia@example.pe", "password": DEFAULT_PASSWORD}).json["challenge"]
    signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))
    assert api.patch(f"/api/admin/users/{member.user_id}", {"active": False}).status == 200
    clock.advance(seconds=30)
    answer = another_api.post("/api/auth/login/totp", {
        "challenge": challenge, "code": totp_code(SECRET, clock.now)})
    assert answer.status == 401 and answer.error_code == "invalid_challenge"
