"""A members import that marks a member inactive disables the portal account and ends its
sessions; a later «active» row brings back an account an import disabled, never one an admin
did (issue 17). Through the same S3 → SQS → worker path as the core system's uploads."""

from __future__ import annotations

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.auth import users
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import DEFAULT_PASSWORD, a_registry_member, a_user, signed_in
from tests.functional.test_member_registry_import import HEADER, run_worker, upload

DNI = "40000077"
EMAIL = "rosa@example.pe"


def _import(import_id: str, status: str) -> None:
    upload(import_id, HEADER + f"{DNI},Rosa,Chávez Díaz,1966-06-06,{status}\n")
    run_worker()


def _member() -> str:
    a_registry_member(DNI, "Rosa", "Chávez Díaz", "1966-06-06")
    return a_user(Role.MEMBER, dni=DNI, email=EMAIL).user_id


def _login(api):
    return api.post("/api/auth/login", {"email": EMAIL, "password": DEFAULT_PASSWORD})


def test_an_inactive_row_disables_the_account_and_ends_its_sessions(api):
    user_id = _member()
    signed_in(api, users.get(user_id))
    assert api.get("/api/auth/session").status == 200

    _import("run-off", "inactive")

    assert users.get(user_id).status == "inactive"
    assert api.get("/api/auth/session").status == 401
    assert _login(api).status == 401
    [record] = AuditModel.by_action.query("import.member_account_disabled")
    assert (record.target, record.actor_id, record.role, record.outcome) == (
        f"user:{user_id}", "sistema (importación)", "system", "success")


def test_a_later_active_row_reactivates_it_and_the_member_signs_in_again(api):
    user_id = _member()
    _import("run-off", "inactive")
    _import("run-on", "active")

    assert users.get(user_id).status == "active"
    assert _login(api).status == 200
    [record] = AuditModel.by_action.query("import.member_account_reactivated")
    assert record.target == f"user:{user_id}"


def test_an_account_an_admin_deactivated_stays_deactivated_after_an_active_row(aws):
    user_id = _member()
    user = users.get(user_id)
    users.update_access(user, role=user.role, status="inactive", now="2026-12-03T10:00:00Z")
    _import("run-off", "inactive")
    _import("run-on", "active")

    assert users.get(user_id).status == "inactive"
    assert list(AuditModel.by_action.query("import.member_account_reactivated")) == []


def test_an_admin_reactivation_after_an_import_is_the_admins_decision(aws):
    """Disabled by an import, reactivated and deactivated again by an admin: the admin's."""
    user_id = _member()
    _import("run-off", "inactive")
    user = users.get(user_id)
    users.update_access(user, role=user.role, status="active", now="2026-12-03T10:00:00Z")
    users.update_access(user, role=user.role, status="inactive", now="2026-12-03T10:01:00Z")
    _import("run-on", "active")
    assert users.get(user_id).status == "inactive"


def test_a_row_whose_status_does_not_change_leaves_the_account_alone(api):
    user_id = _member()
    _import("run-same", "active")
    assert users.get(user_id).status == "active"
    assert list(AuditModel.by_action.query("import.member_account_disabled")) == []
