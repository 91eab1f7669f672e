"""Property-based fuzzing of openapi.yaml against the real local stack (``dev.local_stack``).

One stack per test session with the demo cooperative. The sessions the fuzzer uses are opened
once, through the same two-step login the site uses, and the records it needs real ids of (a
ticket, a credit application, an import, ...) are created up front, so a share of the generated
cases reach the 200 paths instead of stopping at 404.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import pyotp
import pytest

from tests.e2e.support import ADMIN, MEMBER, OPERATOR, STEP_SECONDS, LocalStack
from tests.stack import StackFailed, started_local_stack

SESSION_COOKIE = "__Host-coopac_session"
SECOND_MEMBER = ("socio2@demo.coopac.pe", MEMBER[1])
SPARE_OPERATOR = "operador2@demo.coopac.pe"
"""Target of the admin's user changes (role, deactivation, TOTP reset): never a fuzzing user."""


class SignInFailed(AssertionError):
    pass


def call(url: str, method: str, path: str, body: dict[str, Any] | None = None,
         token: str | None = None) -> tuple[int, Any, str | None]:
    """One API call: (status, parsed JSON or None, the session cookie it set, if any)."""
    headers = {"Content-Type": "application/json", "X-Requested-With": "fetch"}
    if token:
        headers["Cookie"] = f"{SESSION_COOKIE}={token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{url}{path}", data=data, method=method,  # noqa: S310
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (local URL)
            status, raw, cookies = int(response.status), response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, raw, cookies = int(error.code), error.read(), error.headers
    set_cookie = None
    for header in cookies.get_all("Set-Cookie") or []:
        morsel = SimpleCookie(header).get(SESSION_COOKIE)
        if morsel is not None and morsel.value:
            set_cookie = morsel.value
    try:
        return status, json.loads(raw) if raw else None, set_cookie
    except json.JSONDecodeError:
        return status, None, set_cookie


def sign_in(url: str, email: str, password: str, totp_secret: str | None = None) -> str:
    """The session token of a fresh sign-in. A TOTP step is accepted once per user, so a refused
    code is retried on the next 30-second step."""
    status, body, token = call(url, "POST", "/api/auth/login",
                               {"email": email, "password": password, "remember": False})
    if status != 200:
        raise SignInFailed(f"{email}: login → {status} {body}")
    if not body.get("requires_totp"):
        if not token:
            raise SignInFailed(f"{email}: login sin cookie de sesión")
        return token
    if not totp_secret:
        raise SignInFailed(f"{email}: pide TOTP y no hay secreto")
    for _ in range(2):
        status, answer, token = call(url, "POST", "/api/auth/login/totp",
                                     {"challenge": body["challenge"],
                                      "code": pyotp.TOTP(totp_secret).now()})
        if status == 200 and token:
            return token
        time.sleep(STEP_SECONDS - time.time() % STEP_SECONDS + 0.5)
    raise SignInFailed(f"{email}: el código TOTP no fue aceptado ({status} {answer})")


CREDENTIALS: dict[str, tuple[str, ...]] = {"member": MEMBER, "operator": OPERATOR, "admin": ADMIN}
IDLE_REFRESH_SECONDS = 10 * 60
"""Sign in again before a session idle this long is used: sessions end after 15 idle minutes,
and a deep run (large FUZZ_EXAMPLES) leaves the staff sessions unused while the member's run."""


@dataclass
class FuzzTarget:
    """The stack, the fuzzing users' sessions and ids of real records to aim at."""

    url: str
    tokens: dict[str, str] = field(default_factory=dict)
    last_used: dict[str, float] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    second_member_id: str = ""
    seen: defaultdict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    """Status codes answered, per operation: what the run reached (printed at the end)."""

    def token(self, role: str) -> str:
        """The role's session, signed in on first use or again after a long idle time."""
        now = time.monotonic()
        if role not in self.tokens or now - self.last_used[role] > IDLE_REFRESH_SECONDS:
            self.tokens[role] = sign_in(self.url, *CREDENTIALS[role])
        self.last_used[role] = now
        return self.tokens[role]

    def api(self, role: str, method: str, path: str,
            body: dict[str, Any] | None = None) -> tuple[int, Any]:
        status, answer, _ = call(self.url, method, path, body, self.token(role))
        return status, answer

    def fresh_second_member_session(self) -> str:
        """A new session of the second member, for a case that may end or weaken its session.
        Fuzzed password and code attempts may have locked the account: the admin unlocks it."""
        try:
            return sign_in(self.url, *SECOND_MEMBER)
        except SignInFailed:
            self.api("admin", "POST", f"/api/admin/users/{self.second_member_id}/unlock")
            return sign_in(self.url, *SECOND_MEMBER)


def _expect(result: tuple[int, Any], status: int, what: str) -> Any:
    if result[0] != status:
        raise AssertionError(f"preparación del fuzzing: {what} → {result}")
    return result[1]


def _user_id(target: FuzzTarget, email: str) -> str:
    page = _expect(target.api("admin", "GET", f"/api/admin/users?q={email}"), 200, email)
    return str(page["items"][0]["id"])


def prepared_target(stack: LocalStack) -> FuzzTarget:
    """Sign in member, operator and admin; create a ticket and an application assigned to the
    operator and an import, and collect the ids the fuzzer substitutes into its cases."""
    target = FuzzTarget(url=stack.url)
    ids = target.ids
    savings = _expect(target.api("member", "GET", "/api/accounts/savings"), 200, "ahorros")
    ids["savings"] = savings["items"][0]["id"]
    loans = _expect(target.api("member", "GET", "/api/accounts/loans"), 200, "préstamos")
    ids["loan"] = loans["items"][0]["id"]
    products = _expect(target.api("member", "GET", "/api/credit/products"), 200, "productos")
    product = products["items"][0]
    ids["product"] = product["code"]
    ticket = _expect(target.api("member", "POST", "/api/tickets", {
        "subject": "Consulta de fuzzing", "category": "otros", "message": "Hola."}), 201, "ticket")
    ids["ticket"] = ticket["id"]
    application = _expect(target.api("member", "POST", "/api/credit/applications", {
        "product_code": product["code"], "amount": product["min_amount"],
        "term_months": product["terms_months"][0],
        "payment_method": product["payment_methods"][0]}), 201, "solicitud")
    ids["application"] = application["id"]
    ids["operator"] = _user_id(target, OPERATOR[0])
    ids["spare_operator"] = _user_id(target, SPARE_OPERATOR)
    target.second_member_id = _user_id(target, SECOND_MEMBER[0])
    _expect(target.api("admin", "POST", f"/api/tickets/{ids['ticket']}/assign",
                       {"operator_id": ids["operator"]}), 200, "asignar ticket")
    _expect(target.api("admin", "POST", f"/api/credit/applications/{ids['application']}/assign",
                       {"operator_id": ids["operator"]}), 200, "asignar solicitud")
    run = _expect(target.api("admin", "POST", "/api/admin/imports", {"kind": "members"}), 201,
                  "importación")
    ids["import"] = run["id"]
    return target


_TARGETS: list[FuzzTarget] = []
RUN_NOTES: list[str] = []
"""Lines for the end of the run (the budget, from the test module)."""


@pytest.fixture(scope="session")
def fuzz_target() -> Iterator[FuzzTarget]:
    try:
        with started_local_stack() as stack:
            target = prepared_target(stack)
            _TARGETS.append(target)
            yield target
    except StackFailed as failure:
        pytest.fail(str(failure))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The status codes each operation answered, so a run shows how deep it reached."""
    for note in RUN_NOTES:
        terminalreporter.write_sep("-", f"fuzzing {note}")
    for target in _TARGETS:
        total = sum(sum(counts.values()) for counts in target.seen.values())
        terminalreporter.write_sep("-", f"fuzzing: {total} requests, "
                                        f"{len(target.seen)} operations")
        for label, counts in sorted(target.seen.items()):
            statuses = " ".join(f"{code}×{n}" for code, n in sorted(counts.items()))
            terminalreporter.write_line(f"{label:<58} {statuses}")
