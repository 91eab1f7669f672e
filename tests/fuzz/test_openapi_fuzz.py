"""Schemathesis fuzzes every operation of openapi.yaml on the real local stack.

Each operation runs as the caller it is meant for: public operations without a session, the
member's with the demo member's session, the staff area as the super_admin and, where an operator
works too (tickets, applications, stats), as the operator. Checks on every answer: never a 5xx,
the status code is documented for the operation, the content type is the documented one and the
body conforms to the documented schema.

Budget: positive and negative (schema-breaking) data, at most ``FUZZ_EXAMPLES`` cases per
operation and caller (default ``DEFAULT_EXAMPLES``; raise it for a deeper local run) plus the
spec's own examples, deterministic (Hypothesis derandomized, no example database) so CI repeats
the same cases. Half of the cases, chosen by their content, aim at a real record (the member's
loan, a ticket assigned to the operator, ...) instead of a random id. The end of the run prints
the status codes each operation answered.

Operations that would end or weaken the session they run in (``FRESH_SESSION``, with the reason
for each) get a fresh session of the second demo member for every case. Not fuzzed:
- the ``FRESH_SESSION`` operations as staff: a fresh staff session needs a TOTP code, accepted
  once per user and 30-second step, so one case per step would not fit the budget; the second
  member exercises the same handlers.
- operations as a caller they are not meant for (a member on the staff area, ...): the refusals
  are tests/functional/test_authorization_matrix.py's job.
"""

from __future__ import annotations

import os
import zlib
from typing import Any

import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.e2e.support import ROOT
from tests.fuzz.conftest import RUN_NOTES, SESSION_COOKIE, FuzzTarget, call

DEFAULT_EXAMPLES = 25
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or DEFAULT_EXAMPLES)
COVERAGE_PHASE = os.environ.get("FUZZ_COVERAGE") == "1"
"""Schemathesis's coverage phase (boundary values, each missing field, each wrong type): tens of
extra cases per operation, for a deeper local run."""
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

PUBLIC = {
    "POST /api/registration", "POST /api/registration/activate",
    "POST /api/registration/resend", "POST /api/auth/login",
    "POST /api/auth/login/totp", "POST /api/auth/password/forgot",
    "POST /api/auth/password/reset", "POST /api/auth/profile/email/confirm",
    "POST /api/auth/profile/email/revert", "POST /api/auth/sign-in-alert/end-session",
    "GET /api/auth/terms", "POST /api/reports/verify",
    "GET /api/info/rates", "GET /api/info/contact",
}
FRESH_SESSION = {
    "POST /api/auth/logout": "ends the session",
    "DELETE /api/auth/sessions/{session_id}": "ends the session whose id is substituted",
    "POST /api/auth/password": "ends the other sessions; wrong attempts lock the account",
    "PUT /api/auth/profile": "renames the user and leaves a pending e-mail",
    "POST /api/auth/totp/setup": "leaves a pending TOTP secret",
    "POST /api/auth/totp/confirm": "wrong codes lock the account",
    "POST /api/auth/totp/disable": "wrong passwords and codes lock the account",
    "POST /api/auth/totp/backup-codes": "wrong passwords and codes lock the account",
}
MEMBER = {
    "GET /api/auth/session", "GET /api/auth/profile", "GET /api/auth/sessions",
    "GET /api/auth/totp/backup-codes", "POST /api/auth/terms/accept",
    "GET /api/auth/alerts", "PUT /api/auth/alerts",
    "GET /api/accounts/dashboard", "GET /api/accounts/contributions", "GET /api/accounts/savings",
    "GET /api/accounts/savings/export", "GET /api/accounts/savings/{id}/movements",
    "GET /api/accounts/fixed-deposits", "GET /api/accounts/movements", "GET /api/accounts/loans",
    "GET /api/accounts/loans/{id}", "GET /api/accounts/family-benefit", "GET /api/accounts/cts",
    "POST /api/accounts/beneficiary-changes", "GET /api/accounts/beneficiary-changes",
    "GET /api/accounts/beneficiary-changes/{change_id}",
    "POST /api/accounts/beneficiary-changes/{change_id}/correction",
    "POST /api/reports", "POST /api/tickets", "GET /api/tickets", "GET /api/tickets/{ticket_id}",
    "POST /api/tickets/{ticket_id}/messages", "GET /api/credit/products",
    "POST /api/credit/simulations", "POST /api/credit/applications",
    "GET /api/credit/applications", "GET /api/credit/applications/{application_id}",
}
MEMBER |= {  # «Mis datos» (issue 18): the fourth request of a Lima day is a documented 429
    "POST /api/reports/data-archives", "GET /api/reports/data-archives",
    "GET /api/reports/data-archives/{archive_id}",
    "POST /api/reports/data-archives/{archive_id}/download",
}
OPERATOR = {
    "GET /api/tickets/queue", "POST /api/tickets/{ticket_id}/take",
    "GET /api/credit/applications/queue", "POST /api/credit/applications/{application_id}/take",
    "GET /api/tickets", "GET /api/tickets/{ticket_id}", "POST /api/tickets/{ticket_id}/messages",
    "POST /api/tickets/{ticket_id}/status", "GET /api/tickets/stats", "GET /api/credit/products",
    "GET /api/credit/applications", "GET /api/credit/applications/{application_id}",
    "POST /api/credit/applications/{application_id}/status",
    "POST /api/credit/applications/{application_id}/observations", "GET /api/credit/stats",
    "POST /api/admin/registration-codes",
    "GET /api/tickets/{ticket_id}/member-products",
    "GET /api/credit/applications/{application_id}/member-products",
    "GET /api/accounts/beneficiary-changes", "GET /api/accounts/beneficiary-changes/{change_id}",
    "POST /api/accounts/beneficiary-changes/{change_id}/status",
}
ADMIN = OPERATOR | {
    "GET /api/admin/routing", "PUT /api/admin/routing/{kind}/{key}",
    "PUT /api/info/rates", "PUT /api/info/contact",
    "GET /api/auth/session", "POST /api/tickets/{ticket_id}/assign",
    "PUT /api/credit/products/{code}", "POST /api/credit/applications/{application_id}/assign",
    "GET /api/admin/users", "POST /api/admin/users", "GET /api/admin/users/{user_id}",
    "PATCH /api/admin/users/{user_id}", "POST /api/admin/users/{user_id}/unlock",
    "POST /api/admin/users/{user_id}/reset-totp",
    "POST /api/admin/users/{user_id}/password-reset", "POST /api/admin/imports",
    "GET /api/admin/imports", "GET /api/admin/imports/{import_id}", "GET /api/admin/audit",
    "GET /api/admin/audit/export", "GET /api/admin/dashboard",
    "GET /api/admin/holidays", "POST /api/admin/holidays", "DELETE /api/admin/holidays/{day}",
    "GET /api/admin/complaints/export",
    "POST /api/admin/users/{user_id}/resend-invitation",
    "POST /api/admin/users/{user_id}/revoke-invitation", "POST /api/admin/users/{user_id}/email",
    "POST /api/accounts/beneficiary-changes/{change_id}/assign",
    # after the member's runs: a version published here makes members accept it first
    "GET /api/auth/terms/versions", "POST /api/auth/terms/versions",
}

# Libro de Reclamaciones (issue 18): the public form and status page, the staff queue
PUBLIC |= {"POST /api/tickets/complaints", "POST /api/tickets/complaints/status"}
OPERATOR |= {"GET /api/tickets/complaints", "GET /api/tickets/complaints/{code}",
             "POST /api/tickets/complaints/{code}/answer"}
ADMIN |= OPERATOR | {"POST /api/tickets/complaints/{code}/assign"}

REAL_IDS = {
    ("/api/accounts/savings/{id}/movements", "id"): "savings",
    ("/api/accounts/loans/{id}", "id"): "loan",
    ("*", "ticket_id"): "ticket",
    ("*", "application_id"): "application",
    ("*", "code"): "product",
    ("*", "import_id"): "import",
    ("*", "user_id"): "spare_operator",
}
"""Path parameters that get a real record's id in half of the cases (key of ``FuzzTarget.ids``)."""

CONFIG = SchemathesisConfig.from_dict({
    "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large",
                              "large_base_example"],
    "generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True,
                   "database": "none", "with-security-parameters": False},
    # TRACE and QUERY never reach the app: API Gateway answers them itself in AWS, and the local
    # stack's http.server answers 501.
    "phases": {"coverage": {"enabled": COVERAGE_PHASE,
                            "unexpected-methods": ["get", "put", "post", "delete", "patch"]},
               "stateful": {"enabled": False}},
})
schema = schemathesis.openapi.from_path(ROOT / "openapi.yaml", config=CONFIG)


def operations_of(names: set[str] | dict[str, str]) -> Any:
    return schema.include(name=sorted(names))


RUNS = len(PUBLIC) + len(FRESH_SESSION) + len(MEMBER) + len(OPERATOR) + len(ADMIN)
RUN_NOTES.append(f"budget: {RUNS} operation runs ({len(schema)} operations) × at most "
                 f"{EXAMPLES} generated cases each (FUZZ_EXAMPLES)")


def aims_at_real_record(value: Any) -> bool:
    """Half of the generated values, chosen by their own content: the same case always makes the
    same choice, so a failure replays and shrinks like any other."""
    return zlib.crc32(repr(value).encode()) % 2 == 0


def with_real_ids(case: Any, target: FuzzTarget) -> None:
    """Point half of the cases at real records instead of random ids."""
    for name, value in list((case.path_parameters or {}).items()):
        key = REAL_IDS.get((case.path, name)) or REAL_IDS.get(("*", name))
        if key and aims_at_real_record(value):
            case.path_parameters[name] = target.ids[key]
    if isinstance(case.body, dict) and "operator_id" in case.body \
            and aims_at_real_record(case.body["operator_id"]):
        case.body["operator_id"] = target.ids["operator"]


def run(case: Any, target: FuzzTarget, token: str | None) -> None:
    cookies = {SESSION_COOKIE: token} if token else None
    response = case.call(base_url=target.url, cookies=cookies, timeout=60)
    target.seen[case.operation.label][response.status_code] += 1
    case.validate_response(response, checks=CHECKS)


def test_openapi_yaml_is_a_valid_openapi_3_document() -> None:
    schema.validate()


def test_every_operation_has_a_caller() -> None:
    labels = {operation.ok().label for operation in schema.get_all_operations()}
    assert labels == PUBLIC | set(FRESH_SESSION) | MEMBER | ADMIN


@operations_of(FRESH_SESSION).parametrize()
def test_session_changing_operations_with_a_fresh_session(
        case: Any, fuzz_target: FuzzTarget) -> None:
    token = fuzz_target.fresh_second_member_session()
    if "session_id" in (case.path_parameters or {}) \
            and aims_at_real_record(case.path_parameters["session_id"]):
        _, sessions, _ = call(fuzz_target.url, "GET", "/api/auth/sessions", token=token)
        case.path_parameters["session_id"] = next(
            item["id"] for item in sessions["items"] if item["current"])
    run(case, fuzz_target, token)


@operations_of(MEMBER).parametrize()
def test_member_operations(case: Any, fuzz_target: FuzzTarget) -> None:
    with_real_ids(case, fuzz_target)
    run(case, fuzz_target, fuzz_target.token("member"))


@operations_of(OPERATOR).parametrize()
def test_operator_operations(case: Any, fuzz_target: FuzzTarget) -> None:
    with_real_ids(case, fuzz_target)
    run(case, fuzz_target, fuzz_target.token("operator"))


@operations_of(ADMIN).parametrize()
def test_admin_operations(case: Any, fuzz_target: FuzzTarget) -> None:
    with_real_ids(case, fuzz_target)
    run(case, fuzz_target, fuzz_target.token("admin"))


# Last: failed sign-ins throttle this address for the rest of a 10-minute window (429), and the
# fresh sessions above sign in from the same address.
@operations_of(PUBLIC).parametrize()
def test_public_operations(case: Any, fuzz_target: FuzzTarget) -> None:
    run(case, fuzz_target, None)
