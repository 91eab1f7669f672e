"""The authorization matrix (issue 9): every route of openapi.yaml × every principal, against
member A's resources, with the expected status of each cell in ``authorization_matrix.yaml``;
and mass assignment — server-owned fields in a member's body — refused with nothing changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from chalicelib.services.auth import terms
from tests.functional.matrix_builders import PRINCIPALS, World, module_aws, substitute
from tests.functional.test_openapi import documented

MATRIX = Path(__file__).with_name("authorization_matrix.yaml")
ROWS: list[dict[str, Any]] = yaml.safe_load(MATRIX.read_text(encoding="utf-8"))["routes"]


def _key(row: dict[str, Any]) -> tuple[str, str]:
    method, path = row["route"].split(" ", 1)
    return path, method


def _cells() -> Iterator[Any]:
    for row in ROWS:
        for principal in PRINCIPALS:
            expected = row["expect"].get(principal)
            marks = []
            bug = (row.get("known_bug") or {}).get(principal)
            if bug:
                marks.append(pytest.mark.xfail(reason=bug, strict=True))
            yield pytest.param(row, principal, expected, marks=marks,
                               id=f"{row['route']} × {principal}")


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with module_aws() as app:
        yield World(app)


def test_every_documented_route_has_a_row_and_no_row_is_stale() -> None:
    rows = [_key(row) for row in ROWS]
    assert len(rows) == len(set(rows)), "a route has two rows"
    assert documented() - set(rows) == set(), "routes of openapi.yaml without a matrix row"
    assert set(rows) - documented() == set(), "matrix rows for routes openapi.yaml does not have"


def test_every_row_names_every_principal() -> None:
    incomplete = {row["route"]: sorted(set(PRINCIPALS) ^ set(row["expect"])) for row in ROWS
                  if set(row["expect"]) != set(PRINCIPALS)}
    assert incomplete == {}


@pytest.mark.parametrize(("row", "principal", "expected"), list(_cells()))
def test_cell(world: World, row: dict[str, Any], principal: str, expected: int | list[int]) -> None:
    method, path = row["route"].split(" ", 1)
    api, values = world.cell(principal, row.get("fresh") or [])
    url = substitute(row.get("url", path), values)
    body = substitute(row.get("body"), values)

    answer = api.request(method, url, body)

    allowed = expected if isinstance(expected, list) else [expected]
    assert answer.status in allowed, (
        f"{row['route']} as {principal}: got {answer.status}, expected {expected}: "
        f"{answer.body[:300]!r}")
    sees = row.get("sees")
    if sees and principal in sees["shown_to"] + sees["hidden_from"]:
        value = substitute(sees["value"], values)
        shown = value in answer.body.decode("utf-8")
        assert shown is (principal in sees["shown_to"]), (
            f"{row['route']} as {principal}: {value} {'shown' if shown else 'missing'}")


# --- staff without TOTP ------------------------------------------------------------------------

PUBLIC_401 = {"POST /api/auth/login", "POST /api/auth/login/totp"}
"""Public routes whose 401 is about the credentials sent, not about a missing session."""
BEFORE_ENROLMENT = {"GET /api/auth/session", "POST /api/auth/logout", "POST /api/auth/totp/setup",
                    "POST /api/auth/totp/confirm", "POST /api/auth/totp/disable",
                    "GET /api/auth/totp/backup-codes", "POST /api/auth/totp/backup-codes"}


@pytest.mark.parametrize("row", [pytest.param(row, id=row["route"]) for row in ROWS
                                 if row["expect"]["anonymous"] == 401
                                 and row["route"] not in BEFORE_ENROLMENT | PUBLIC_401])
def test_an_admin_without_totp_reaches_nothing_but_enrolment(world: World,
                                                            row: dict[str, Any]) -> None:
    """docs/design/API.md: a staff account without TOTP only reaches the session, TOTP and logout
    routes."""
    method, path = row["route"].split(" ", 1)
    api, values = world.cell("admin_without_totp", [])

    answer = api.request(method, substitute(row.get("url", path), values),
                         substitute(row.get("body"), values))

    assert (answer.status, answer.error_code) == (403, "totp_enrolment_required"), answer.json


# --- a member who has not accepted the terms in force -----------------------------------------

BEFORE_TERMS_ACCEPTANCE = {"GET /api/auth/session", "POST /api/auth/logout",
                           "POST /api/auth/terms/accept"}


@pytest.mark.parametrize("row", [pytest.param(row, id=row["route"]) for row in ROWS
                                 if row["expect"]["anonymous"] == 401
                                 and row["expect"]["member_a"] != 403
                                 and row["route"] not in BEFORE_TERMS_ACCEPTANCE | PUBLIC_401])
def test_a_member_with_terms_pending_reaches_nothing_but_the_acceptance(
        world: World, row: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: after a new version of the terms a member reaches only the session, logout and
    the acceptance (the version in force is patched, so the shared world publishes nothing)."""
    method, path = row["route"].split(" ", 1)
    api, values = world.cell("member_a", row.get("fresh") or [])
    monkeypatch.setattr(terms, "version_in_force", lambda today=None: "9.0")

    answer = api.request(method, substitute(row.get("url", path), values),
                         substitute(row.get("body"), values))

    assert (answer.status, answer.error_code) == (403, "terms_acceptance_required"), answer.json


def test_a_member_with_terms_pending_still_reads_the_session(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terms, "version_in_force", lambda today=None: "9.0")
    api, _ = world.cell("member_a", [])
    assert api.get("/api/auth/session").json["terms_pending"] is True


# --- mass assignment --------------------------------------------------------------------------

TICKET = {"subject": "Consulta de la matriz", "category": "aportes",
          "message": "¿Cuándo se actualiza mi saldo?"}
APPLICATION = {"product_code": "CONSUMO", "amount": "10000", "term_months": 12,
               "payment_method": "planilla"}
PROFILE = {"first_name": "Rosa", "last_name": "Huamán Torres"}
BENEFICIARY_CHANGE = {"plan_id": "0123456789abcdef", "beneficiaries": [
    {"name": "Rosa Mendoza", "dni": "41111111", "relationship": "Cónyuge",
     "percentage": "100.00"}]}
OWNER_BODIES: dict[str, dict[str, Any]] = {
    "POST /api/tickets": TICKET, "POST /api/credit/applications": APPLICATION,
    "PUT /api/auth/profile": PROFILE,
    "POST /api/accounts/beneficiary-changes": BENEFICIARY_CHANGE}
SMUGGLED = {"role": "admin", "status": "approved", "assignee_id": "{operator_assigned_id}",
            "assignee": "{operator_assigned_id}",
            "member_id": "{member_b_id}", "owner": "{member_b_id}"}
ROUTES = ("POST /api/tickets", "POST /api/credit/applications", "PUT /api/auth/profile",
          "POST /api/registration", "POST /api/accounts/beneficiary-changes")
MASS_ASSIGNMENT_BUGS: dict[tuple[str, str], str] = {}
"""Cells the API gets wrong today, as strict xfails with the reason (none at present: the last
ones, fields silently dropped instead of refused, were fixed with OWNERSHIP_FIELDS)."""


def _smuggling_cases(with_known_bugs: bool) -> Iterator[Any]:
    for route in ROUTES:
        for name in SMUGGLED:
            bug = MASS_ASSIGNMENT_BUGS.get((route, name))
            marks = [pytest.mark.xfail(reason=f"known_bug: {bug}", strict=True)] \
                if bug and with_known_bugs else []
            yield pytest.param(route, name, marks=marks, id=f"{route} + {name}")


def _smuggle(world: World, route: str, name: str) -> tuple[Any, Any, str | None]:
    """Member A (a fresh one; anonymous for registration) sends the owner's valid body plus one
    server-owned field; the answer, the caller's browser and the DNI registered (if any)."""
    method, path = route.split(" ", 1)
    values = {**world.values, "member_b_id": str(world.users["member_b"].user_id)}
    dni: str | None = None
    body: dict[str, Any]
    if route == "POST /api/registration":
        api = world.session_of("anonymous")
        dni, body = world.a_registration_body()
    else:
        api, _ = world.cell("member_a", ["principal"])
        body = OWNER_BODIES[route]
    before = world.snapshot(api, dni)
    answer = api.request(method, path, {**body, name: substitute(SMUGGLED[name], values)})
    return answer, (api, before), dni


@pytest.mark.parametrize(("route", "name"), list(_smuggling_cases(with_known_bugs=True)))
def test_a_server_owned_field_in_a_members_body_is_refused(world: World, route: str,
                                                           name: str) -> None:
    answer, (api, before), dni = _smuggle(world, route, name)

    assert answer.status == 400, (answer.status, answer.json)
    assert answer.error_code == "read_only_field", answer.json
    assert name in answer.json["error"].get("fields", {}), answer.json
    assert world.snapshot(api, dni) == before


@pytest.mark.parametrize(("route", "name"), list(_smuggling_cases(with_known_bugs=False)))
def test_a_server_owned_field_is_never_applied(world: World, route: str, name: str) -> None:
    """Whatever the answer, the smuggled value does not stick: the caller stays a member, what
    they created is theirs (member B cannot see it), new and unassigned."""
    answer, (api, _), dni = _smuggle(world, route, name)

    assert answer.status < 500, answer.json
    assert world.not_applied(api, dni) == [], answer.json
