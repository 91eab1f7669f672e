"""The authorization matrix's world: two members with their products, an application and a ticket
of member A assigned to one operator, a second operator, an admin; built once per module inside
its own ``mock_aws`` and handed out as fresh sessions (and, for cells that change state, fresh
resources) so that no cell's side effect reaches another."""

from __future__ import annotations

import itertools
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from chalice.test import Client
from moto import mock_aws

from chalicelib.domain.auth.identity import public_session_id
from chalicelib.domain.shared.clock import utc_now
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.tokens import token_hash
from chalicelib.services.auth import sessions
from chalicelib.store.auth import users
from chalicelib.store.shared.models import UserModel
from tests.functional.accounts_builders import load
from tests.functional.builders import (
    TEST_CONTEXT,
    ApiClient,
    a_registry_member,
    a_user,
    signed_in,
    totp_code,
)
from tests.functional.credit_builders import a_credit_product, simulation_inputs
from tests.product_rows import (
    a_contributions_row,
    a_cts_row,
    a_family_plan,
    a_loan,
    a_savings_row,
)

STAFF_TOTP = "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"
PRINCIPALS = ("anonymous", "member_a", "member_b", "operator_assigned", "operator_other", "admin")
DNI_A, DNI_B = "40000101", "40000102"
ROLE_OF = {"member_a": Role.MEMBER, "member_b": Role.MEMBER, "operator_assigned": Role.OPERATOR,
           "operator_other": Role.OPERATOR, "admin": Role.ADMIN}
FRESH_KINDS = frozenset({"principal", "ticket", "application", "staff_user", "session_a",
                         "invited_user", "member_user", "beneficiary_change",
                         "observed_beneficiary_change", "free_plan", "holiday"})
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# a new Libro de Reclamaciones sheet of A, assigned to operator_assigned
FRESH_KINDS |= {"complaint"}


# The matrix asks who may call each route, hundreds of times from one address and one member:
# the per-address throttle and the per-member daily limits (each tested on its own) are raised.
MATRIX_LIMITS = {"LOGIN_FAILURES_PER_IP": "100000", "MEMBER_DAILY_TICKETS": "100000",
                 "MEMBER_DAILY_APPLICATIONS": "100000", "COMPLAINT_FILINGS_PER_IP": "100000",
                 "COMPLAINT_LOOKUP_FAILURES_PER_IP": "100000"}


@contextmanager
def raised_limits() -> Iterator[None]:
    from chalicelib.settings import settings

    saved = {name: os.environ.get(name) for name in MATRIX_LIMITS}
    os.environ.update(MATRIX_LIMITS)
    settings.cache_clear()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        settings.cache_clear()


@contextmanager
def module_aws() -> Iterator[Any]:
    """What the ``aws`` + ``app`` fixtures do, once for a whole module."""
    from chalicelib.store.shared import mail
    from chalicelib.store.shared.aws import reset_clients
    from tests.moto_snapshot import ensure_pristine_resources

    with mock_aws(), raised_limits():
        reset_clients()
        mail.forget_queue_urls()
        ensure_pristine_resources()
        from app import app as chalice_app

        yield chalice_app
        reset_clients()
        mail.forget_queue_urls()


def a_user_of(role: Role, **fields: Any) -> UserModel:
    if role is not Role.MEMBER:
        fields.setdefault("totp_secret", STAFF_TOTP)
    return a_user(role, **fields)


class World:
    """Everyone and everything a cell may name; ``values`` feeds the ``{placeholders}``."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.client = Client(app)
        self._application_amounts = itertools.count(1)
        a_credit_product("CONSUMO")
        a_registry_member(dni=DNI_A, email="")  # office registration codes name a member
        load("contributions", [a_contributions_row(DNI_A), a_contributions_row(DNI_B)])
        load("savings", [a_savings_row(DNI_A), a_savings_row(DNI_B)])
        load("cts", [a_cts_row(DNI_A), a_cts_row(DNI_B)])
        load("loans", a_loan(DNI_A, number="0210001010001") + a_loan(DNI_B, number="0210001020001"))
        load("family_benefit", a_family_plan(DNI_A) + a_family_plan(DNI_B))
        self.users: dict[str, UserModel] = {
            "member_a": a_user_of(Role.MEMBER, dni=DNI_A),
            "member_b": a_user_of(Role.MEMBER, dni=DNI_B),
            "operator_assigned": a_user_of(Role.OPERATOR),
            "operator_other": a_user_of(Role.OPERATOR),
            "admin": a_user_of(Role.ADMIN),
            "admin_without_totp": a_user(Role.ADMIN),
        }
        member_a = self.session_of("member_a")
        self.values: dict[str, str] = {
            "savings_a": member_a.get("/api/accounts/savings").json["items"][0]["id"],
            "loan_a": member_a.get("/api/accounts/loans").json["items"][0]["id"],
            "ticket_a": self.a_ticket_of_a(),
            "application_a": self.an_application_of_a(),
            "operator_assigned_id": str(self.users["operator_assigned"].user_id),
            "import_id": self.session_of("admin").post(
                "/api/admin/imports", {"kind": "savings"}).json["id"],
            "staff_user": str(self.users["operator_other"].user_id),
            "session_a": self.another_session_of_a(),
            "invited_user": str(a_user_of(Role.OPERATOR, status="invited").user_id),
            "member_user": str(a_user_of(Role.MEMBER).user_id),
        }
        self.values["holiday_day"] = a_listed_holiday()
        self.values["plan_a"] = member_a.get("/api/accounts/family-benefit").json["id"]
        self.values["beneficiary_change_a"] = self.a_beneficiary_change_of_a()
        self.values["complaint_a"] = self.a_complaint_of_a()
        self.values["data_archive_a"] = a_ready_archive_of(str(self.users["member_a"].user_id))

    def session_of(self, principal: str, user: UserModel | None = None) -> ApiClient:
        api = ApiClient(self.client)
        if principal == "anonymous":
            return api
        return signed_in(api, user or self.users[principal])

    def a_ticket_of_a(self) -> str:
        answer = self.session_of("member_a").post("/api/tickets", {
            "subject": "Consulta sobre mi aporte", "category": "aportes",
            "message": "¿Cuándo se actualiza mi saldo?"})
        assert answer.status == 201, answer.json
        ticket_id = str(answer.json["id"])
        assigned = self.session_of("admin").post(
            f"/api/tickets/{ticket_id}/assign",
            {"operator_id": str(self.users["operator_assigned"].user_id)})
        assert assigned.status == 200, assigned.json
        return ticket_id

    def an_application_of_a(self) -> str:
        # a different amount each time: an identical application while one is open is a 409
        answer = self.session_of("member_a").post(
            "/api/credit/applications",
            simulation_inputs(amount=str(10000 + next(self._application_amounts))))
        assert answer.status == 201, answer.json
        application_id = str(answer.json["id"])
        assigned = self.session_of("admin").post(
            f"/api/credit/applications/{application_id}/assign",
            {"operator_id": str(self.users["operator_assigned"].user_id)})
        assert assigned.status == 200, assigned.json
        return application_id

    def a_complaint_of_a(self) -> str:
        """A sheet member A files signed in (linked to A), assigned to operator_assigned."""
        answer = self.session_of("member_a").post("/api/tickets/complaints", {
            "full_name": "Ana Flores Díaz", "document_number": DNI_A,
            "address": "Av. Arequipa 123, Lima", "phone": "987654321",
            "email": "ana@example.pe", "product": "aportes", "kind": "reclamo",
            "detail": "Mi aporte del mes no figura en el estado de cuenta.",
            "request": "Que se registre el aporte.", "accepts_email_answer": True})
        assert answer.status == 201, answer.json
        code = str(answer.json["code"])
        assigned = self.session_of("admin").post(
            f"/api/tickets/complaints/{code}/assign",
            {"operator_id": str(self.users["operator_assigned"].user_id)})
        assert assigned.status == 200, assigned.json
        return code

    def free_plan_of_a(self) -> None:
        """A's plan takes one open request at a time: an admin closes A's open ones (whatever
        cell opened them); decided ones stay as they are."""
        admin = self.session_of("admin")
        operator_id = str(self.users["operator_assigned"].user_id)
        listed = self.session_of("member_a").get("/api/accounts/beneficiary-changes?limit=100")
        for item in listed.json["items"]:
            path = f"/api/accounts/beneficiary-changes/{item['id']}"
            if item["status"] == "received":
                admin.post(f"{path}/assign", {"operator_id": operator_id})
            if item["status"] in ("received", "assigned", "observed"):
                closed = admin.post(f"{path}/status", {"status": "rejected",
                                                       "observation": "Cierre de la matriz"})
                assert closed.status == 200, closed.json

    def a_beneficiary_change_of_a(self, *, observed: bool = False) -> str:
        self.free_plan_of_a()
        answer = self.session_of("member_a").post("/api/accounts/beneficiary-changes", {
            "plan_id": self.values["plan_a"], "beneficiaries": [
                {"name": "Rosa Mendoza", "dni": "41111111", "relationship": "Cónyuge",
                 "percentage": "100.00"}]})
        assert answer.status == 201, answer.json
        change_id = str(answer.json["id"])
        path = f"/api/accounts/beneficiary-changes/{change_id}"
        admin = self.session_of("admin")
        assigned = admin.post(f"{path}/assign",
                              {"operator_id": str(self.users["operator_assigned"].user_id)})
        assert assigned.status == 200, assigned.json
        if observed:
            moved = admin.post(f"{path}/status", {"status": "observed",
                                                  "observation": "Corrija la lista"})
            assert moved.status == 200, moved.json
        return change_id

    def _fresh_beneficiary_change(self, fresh: list[str], values: dict[str, str]) -> None:
        if "beneficiary_change" in fresh:
            values["beneficiary_change_a"] = self.a_beneficiary_change_of_a()
        if "observed_beneficiary_change" in fresh:
            values["beneficiary_change_a"] = self.a_beneficiary_change_of_a(observed=True)
        if "free_plan" in fresh:
            self.free_plan_of_a()

    def another_session_of_a(self) -> str:
        user = self.users["member_a"]
        started = sessions.start_session(user_id=str(user.user_id), role=Role.MEMBER, dni=user.dni,
                                         totp_enabled=False, remember=False, context=TEST_CONTEXT,
                                         security_stamp=users.security_stamp(user))
        return public_session_id(token_hash(started.token))

    def a_registration_body(self) -> tuple[str, dict[str, Any]]:
        """A valid sign-up of a registry member who has no account yet."""
        dni = f"4{uuid.uuid4().int % 10**7:07d}"
        a_registry_member(dni=dni, birth_date="1980-05-17", email=f"socia.{dni}@example.pe")
        return dni, {"dni": dni, "birth_date": "1980-05-17", "email": f"socia.{dni}@example.pe",
                     "password": "Clave-Segura-2026", "password_confirmation": "Clave-Segura-2026",
                     "accept_terms": True}

    def snapshot(self, api: ApiClient, dni: str | None = None) -> dict[str, Any]:
        """What a smuggled field could change: the registry member's account (registration), or
        the caller's account (role, names, status), tickets and applications."""
        if dni:
            return {"registered": users.find_by_dni(dni) is not None}
        return {
            "user": api.get("/api/auth/session").json["user"],
            "tickets": api.get("/api/tickets").json["items"],
            "applications": api.get("/api/credit/applications").json["items"],
        }

    def not_applied(self, api: ApiClient, dni: str | None = None) -> list[str]:
        """Every trace of a smuggled role, status, assignee or owner, as readable complaints."""
        if dni:
            user = users.find_by_dni(dni)
            if user is not None and (user.role != "member" or user.status == "active"):
                return [f"registered as {user.role}/{user.status}"]
            return []
        problems = []
        role = api.get("/api/auth/session").json["user"]["role"]
        if role != "member":
            problems.append(f"caller's role is {role}")
        member_b = self.session_of("member_b")
        for kind, path, initial in (("ticket", "/api/tickets", "open"),
                                    ("application", "/api/credit/applications", "received")):
            for item in api.get(path).json["items"]:
                if item.get("status") != initial or item.get("assignee_id"):
                    problems.append(f"{kind} {item['id']} is {item}")
                if member_b.get(f"{path}/{item['id']}").status != 404:
                    problems.append(f"{kind} {item['id']} is visible to member B")
        return problems

    def cell(self, principal: str, fresh: list[str]) -> tuple[ApiClient, dict[str, str]]:
        """The caller's browser and the placeholder values for one cell, with a new resource of
        each ``fresh`` kind (a new user of the principal's role for ``principal``)."""
        unknown = set(fresh) - FRESH_KINDS
        assert not unknown, f"unknown fresh kinds {unknown}"
        values = dict(self.values)
        if "ticket" in fresh:
            values["ticket_a"] = self.a_ticket_of_a()
        if "application" in fresh:
            values["application_a"] = self.an_application_of_a()
        if "staff_user" in fresh:
            values["staff_user"] = str(a_user_of(Role.OPERATOR).user_id)
        if "session_a" in fresh:
            values["session_a"] = self.another_session_of_a()
        if "invited_user" in fresh:  # a staff invitation not yet accepted
            values["invited_user"] = str(a_user_of(Role.OPERATOR, status="invited").user_id)
        if "member_user" in fresh:  # an active member whose e-mail an admin corrects
            values["member_user"] = str(a_user_of(Role.MEMBER).user_id)
        self._fresh_beneficiary_change(fresh, values)
        if "complaint" in fresh:
            values["complaint_a"] = self.a_complaint_of_a()
        if "holiday" in fresh:  # a day on the holidays list an admin may remove
            values["holiday_day"] = a_listed_holiday()
        values["totp_code"] = totp_code(STAFF_TOTP, utc_now())  # staff's step-up needs one
        user = None
        if "principal" in fresh and principal != "anonymous":
            role = ROLE_OF[principal]
            user = a_user_of(role, dni=f"4{uuid.uuid4().int % 10**7:07d}"
                             if role is Role.MEMBER else None)
        return self.session_of(principal, user), values


def a_ready_archive_of(user_id: str) -> str:
    """A «Mis datos» archive of ``user_id``, ready to download, as the worker leaves it."""
    from datetime import timedelta

    from chalicelib.domain.shared.clock import iso_instant
    from chalicelib.store.shared.models import DataArchiveModel

    now = utc_now()
    archive = DataArchiveModel(user_id, "a" * 32, status="ready", requested_at=iso_instant(now),
                               ready_at=iso_instant(now), object_key="archives/2026/11/matriz.zip",
                               file_name="mis-datos-coopac-2026-11-25.zip", size_bytes=22,
                               expires_at=now + timedelta(days=1))
    archive.save()
    return str(archive.archive_id)


def substitute(value: Any, values: dict[str, str]) -> Any:
    """``{name}`` placeholders replaced in a path or anywhere inside a JSON body."""
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], value)
    if isinstance(value, list):
        return [substitute(item, values) for item in value]
    if isinstance(value, dict):
        return {key: substitute(item, values) for key, item in value.items()}
    return value


_HOLIDAY_DAYS = itertools.count()


def a_listed_holiday() -> str:
    """A new day on the holidays list (from 1 January 2030 on, one per call)."""
    from datetime import date, timedelta

    from chalicelib.domain.admin.holidays import Holiday
    from chalicelib.store.shared import holidays

    day = date(2030, 1, 1) + timedelta(days=next(_HOLIDAY_DAYS))
    holidays.add(Holiday(day=day, name="Feriado de la matriz", added_by="matriz"))
    return day.isoformat()
