"""The simulated people of the load run (``tests/load/test_load.py`` starts locust on this file in
a subprocess, so gevent's monkey-patching never enters the pytest process).

- Members sign in and browse their money (inicio, aportes, ahorros, movimientos, préstamos),
  simulate credits and read their buzón; now and then they open a ticket, reply to one or send
  a credit application. The money pages are two in five of a member's requests: on the local
  stack each of their Queries walks moto's whole table of the demo's 26,000 product rows, so
  they set its capacity, and the writes are what this run is for.
- Admins assign the open tickets and the received applications to operators.
- Operators work what is assigned to them: reply to tickets and move them on (in_progress →
  resolved → closed), move applications through the workflow (in_review, observed, approved,
  rejected, disbursed).

Each user connects from its own loopback address (127.0.0.0/8), which the local stack passes to
the app as ``CloudFront-Viewer-Address``, as CloudFront does with a viewer's. Every write
answered 2xx is appended as one JSON line to ``$LOAD_RESULTS/writes-<pid>.jsonl``, with every
5xx or connection error, so the test can count what must exist afterwards. Answers a race makes
legitimate (409 on a changed state, 404 for an operator after a reassignment, a ticket closed
under a member) count as refusals, not failures; any other unexpected status is a locust failure.

Environment: ``LOAD_ACCOUNTS`` (the JSON of ``tests.load.accounts.load_accounts``) and
``LOAD_RESULTS`` (a directory).
"""

from __future__ import annotations

import json
import os
import random
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import gevent
import pyotp
from locust import HttpUser, between, events, task
from locust.exception import StopUser
from requests.adapters import HTTPAdapter

SESSION_COOKIE = "__Host-coopac_session"
STEP_SECONDS = 30
ACCOUNTS: dict[str, Any] = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text("utf-8"))
RESULTS = Path(os.environ["LOAD_RESULTS"])
STAFF = ACCOUNTS["staff"]
OPERATOR_IDS = [s["user_id"] for s in STAFF if s["role"] == "operator"]
CATEGORIES = ("aportes", "ahorros", "plazo_fijo", "cts", "prestamos", "credito", "otros")
OBSERVATIONS = {"observed": "Adjunte su última boleta de pago, por favor.",
                "rejected": "La capacidad de pago no alcanza la cuota solicitada."}


# One account per user: each class takes the next one as a user starts (fixed_count of each).
_members = iter(ACCOUNTS["members"])
_admins = iter([s for s in STAFF if s["role"] == "admin"])
_operators = iter([s for s in STAFF if s["role"] == "operator"])
_journal: Any = None
_writes_in_flight: set[object] = set()
_stopping = False


@events.test_stopping.add_listener
def _stop_starting_requests(**_: Any) -> None:
    """From the end of the run time, a user finishes the request it is waiting for and stops:
    a task of several calls on a saturated machine could otherwise outlast the stop timeout and
    be killed with a write unanswered, which nobody could count."""
    global _stopping
    _stopping = True


def record(kind: str, **fields: Any) -> None:
    """One line per write (or server error) in this process's journal, flushed at once."""
    global _journal
    if _journal is None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        _journal = (RESULTS / f"writes-{os.getpid()}.jsonl").open("a", encoding="utf-8")
    _journal.write(json.dumps({"kind": kind, "at": time.time(), **fields}) + "\n")
    _journal.flush()


@events.request.add_listener
def _server_errors(request_type: str, name: str, response: Any, exception: Any,
                   **_: Any) -> None:
    status = int(getattr(response, "status_code", 0) or 0)
    if status >= 500 or status == 0:
        # A connection error shows as status 0; requests' own exception is on the response.
        error = getattr(response, "error", None) or exception
        record("server_error", request=name, status=status, error=repr(error)[:300],
               body=(getattr(response, "text", "") or "")[:500])


def _figures(entry: Any) -> dict[str, Any]:
    return {"name": entry.name, "requests": entry.num_requests, "failures": entry.num_failures,
            "rps": entry.total_rps, "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95), "max": entry.max_response_time}


@events.quitting.add_listener
def _final_figures(environment: Any, **_: Any) -> None:
    """When every user has stopped (the CSV writer may miss the last seconds): the stats, the
    failures and the exceptions in ``stats.json``; and the writes still in flight when locust
    killed their users past the stop timeout, which nobody can count, in the journal."""
    record("unfinished_writes", count=len(_writes_in_flight))
    stats = environment.stats
    exceptions = environment.runner.exceptions.values() if environment.runner else []
    (RESULTS / "stats.json").write_text(json.dumps({
        "endpoints": [_figures(entry) for entry in stats.entries.values()],
        "total": _figures(stats.total),
        "failures": [error.to_dict() for error in stats.errors.values()],
        "exceptions": [{"message": e["msg"], "traceback": e["traceback"]} for e in exceptions],
    }, default=str), encoding="utf-8")


class FromAddress(HTTPAdapter):
    """Connections from ``source`` (a loopback address): the user's own viewer address."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


class PortalUser(HttpUser):
    """Shared behaviour: a viewer address, the CSRF header, the session cookie kept by hand
    (it is ``Secure``; requests would not send it over the local plain-http stack)."""

    abstract = True
    account: dict[str, Any]

    def start_as(self, account: dict[str, Any]) -> None:
        self.account = account
        for scheme in ("http://", "https://"):
            self.client.mount(scheme, FromAddress(account["viewer_ip"]))
        self.client.headers.update({"X-Requested-With": "fetch"})
        self.sign_in()

    def call(self, method: str, path: str, name: str, body: dict[str, Any] | None = None,
             ok: tuple[int, ...] = (200,), refusals: tuple[int, ...] = ()) -> Any:
        """The parsed answer of a 2xx in ``ok``; None for an expected refusal (counted) or a
        failure (reported to locust with the status and the body). A write stays in
        ``_writes_in_flight`` if its user is killed before the answer arrives."""
        if _stopping:
            raise StopUser()
        if method == "GET":
            return self._send(method, path, name, body, ok, refusals)
        write = object()
        _writes_in_flight.add(write)
        answer = self._send(method, path, name, body, ok, refusals)
        _writes_in_flight.discard(write)  # not in a finally: a killed user's write stays counted
        return answer

    def _send(self, method: str, path: str, name: str, body: dict[str, Any] | None,
              ok: tuple[int, ...], refusals: tuple[int, ...]) -> Any:
        with self.client.request(method, path, name=name, json=body,
                                 catch_response=True) as response:
            if response.status_code in ok:
                response.success()
                return response.json() if response.content else {}
            if response.status_code in refusals:
                response.success()
                record("refused", request=f"{method} {name}", status=response.status_code,
                       who=self.account["email"])
                return None
            response.failure(f"{response.status_code}: {response.text[:300]}")
            return None

    def sign_in(self) -> None:
        account = self.account
        answer = self.call("POST", "/api/auth/login", "POST /api/auth/login",
                           {"email": account["email"], "password": account["password"]})
        if answer and answer.get("requires_totp"):
            answer = self._second_step(answer["challenge"])
        if not answer:
            raise RuntimeError(f"{account['email']} no pudo iniciar sesión")
        self.client.headers["Cookie"] = f"{SESSION_COOKIE}={self._token}"

    def _second_step(self, challenge: str) -> Any:
        """A code is accepted once per user and step: a refused one is retried in the next."""
        totp = pyotp.TOTP(self.account["totp_secret"])
        for attempt in range(3):
            if attempt:
                gevent.sleep(STEP_SECONDS - time.time() % STEP_SECONDS + 0.5)
            answer = self.call("POST", "/api/auth/login/totp", "POST /api/auth/login/totp",
                               {"challenge": challenge, "code": totp.now()}, refusals=(401,))
            if answer:
                return answer
        return None

    @property
    def _token(self) -> str:
        token = self.client.cookies.get(SESSION_COOKIE)
        if not token:
            raise RuntimeError(f"{self.account['email']}: sin cookie de sesión")
        return str(token)


class Member(PortalUser):
    fixed_count = len(ACCOUNTS["members"])
    wait_time = between(5, 15)  # a person reading a page

    def on_start(self) -> None:
        self.start_as(next(_members))
        self.products = (self.call("GET", "/api/credit/products", "GET /api/credit/products")
                         or {}).get("items", [])
        self.tickets: dict[str, str] = {}  # id → status, as last seen

    @task(6)
    def dashboard(self) -> None:
        self.call("GET", "/api/accounts/dashboard", "GET /api/accounts/dashboard")

    @task(2)
    def contributions(self) -> None:
        self.call("GET", "/api/accounts/contributions", "GET /api/accounts/contributions")

    @task(2)
    def savings(self) -> None:
        self.call("GET", "/api/accounts/savings", "GET /api/accounts/savings")

    @task(2)
    def movements(self) -> None:
        self.call("GET", "/api/accounts/movements", "GET /api/accounts/movements")

    @task(2)
    def loans(self) -> None:
        self.call("GET", "/api/accounts/loans", "GET /api/accounts/loans")

    def _credit_inputs(self) -> dict[str, Any]:
        product = random.choice(self.products)
        low, high = Decimal(product["min_amount"]), Decimal(product["max_amount"])
        amount = low + (high - low) * Decimal(random.randint(0, 10)) / 10
        return {"product_code": product["code"], "amount": f"{amount:.2f}",
                "term_months": random.choice(product["terms_months"]),
                "payment_method": random.choice(product["payment_methods"])}

    @task(3)
    def simulate(self) -> None:
        self.call("POST", "/api/credit/simulations", "POST /api/credit/simulations",
                  self._credit_inputs())

    @task(4)
    def list_tickets(self) -> None:
        page = self.call("GET", "/api/tickets", "GET /api/tickets")
        if page:
            self.tickets.update({item["id"]: item["status"] for item in page["items"]})

    @task(3)
    def read_ticket(self) -> None:
        if self.tickets:
            ticket_id = random.choice(list(self.tickets))
            ticket = self.call("GET", f"/api/tickets/{ticket_id}", "GET /api/tickets/[id]")
            if ticket:
                self.tickets[ticket_id] = ticket["status"]

    @task(3)
    def open_ticket(self) -> None:
        category = random.choice(CATEGORIES)
        created = self.call("POST", "/api/tickets", "POST /api/tickets", {
            "subject": f"Consulta sobre {category}", "category": category,
            "message": "Buenos días, quisiera confirmar el saldo y los movimientos del mes."},
            ok=(201,), refusals=(429,))  # the member's daily limit of new tickets
        if created:
            record("ticket", member=self.account["email"], id=created["id"],
                   number=created["number"])
            self.tickets[created["id"]] = created["status"]

    @task(3)
    def reply(self) -> None:
        open_ones = [t for t, status in self.tickets.items() if status != "closed"]
        if not open_ones:
            return
        ticket_id = random.choice(open_ones)
        answer = self.call("POST", f"/api/tickets/{ticket_id}/messages",
                           "POST /api/tickets/[id]/messages (socio)",
                           {"body": "Gracias, adjunto el detalle que me pidieron."},
                           ok=(201,), refusals=(409,))
        if answer:
            record("message", ticket=ticket_id, id=answer["message"]["id"], side="member")
            self.tickets[ticket_id] = answer["status"]

    @task(2)
    def apply(self) -> None:
        if not self.products:
            return
        created = self.call("POST", "/api/credit/applications", "POST /api/credit/applications",
                            self._credit_inputs(), ok=(201,),
                            refusals=(409, 429))  # an identical one still open; the daily limit
        if created:
            record("application", member=self.account["email"], id=created["id"],
                   number=created["number"])

    @task(2)
    def list_applications(self) -> None:
        self.call("GET", "/api/credit/applications", "GET /api/credit/applications")


class Staff(PortalUser):
    abstract = True
    wait_time = between(2, 6)

    def read_ticket(self, ticket_id: str) -> Any:
        return self.call("GET", f"/api/tickets/{ticket_id}", "GET /api/tickets/[id]",
                         refusals=(404,))


class Admin(Staff):
    """Assigns the work that arrives; races with the other admin are 409s, not failures."""

    fixed_count = sum(1 for s in STAFF if s["role"] == "admin")

    def on_start(self) -> None:
        self.start_as(next(_admins))

    @task(4)
    def assign_open_ticket(self) -> None:
        page = self.call("GET", "/api/tickets?status=open&limit=20", "GET /api/tickets?status")
        if not page or not page["items"]:
            return
        ticket = random.choice(page["items"])
        assigned = self.call("POST", f"/api/tickets/{ticket['id']}/assign",
                             "POST /api/tickets/[id]/assign",
                             {"operator_id": random.choice(OPERATOR_IDS)},
                             refusals=(409,))
        if assigned:
            record("ticket_move", ticket=ticket["id"], to="assign")

    @task(3)
    def assign_received_application(self) -> None:
        page = self.call("GET", "/api/credit/applications?status=received&limit=20",
                         "GET /api/credit/applications?status")
        if not page or not page["items"]:
            return
        application = random.choice(page["items"])
        assigned = self.call("POST", f"/api/credit/applications/{application['id']}/assign",
                             "POST /api/credit/applications/[id]/assign",
                             {"operator_id": random.choice(OPERATOR_IDS)},
                             refusals=(409,))
        if assigned:
            record("application_move", application=application["id"], to="assign")

    @task(2)
    def overview(self) -> None:
        page = self.call("GET", "/api/tickets", "GET /api/tickets")
        self.call("GET", "/api/credit/applications", "GET /api/credit/applications")
        self.call("GET", "/api/credit/stats", "GET /api/credit/stats")
        if page and page["items"]:
            self.read_ticket(random.choice(page["items"])["id"])


class Operator(Staff):
    """Works what is assigned: a first reply starts a ticket, then resolve and close it."""

    fixed_count = len(OPERATOR_IDS)

    def on_start(self) -> None:
        self.start_as(next(_operators))

    @task(5)
    def work_ticket(self) -> None:
        page = self.call("GET", "/api/tickets", "GET /api/tickets")
        open_ones = [t for t in (page or {}).get("items", []) if t["status"] != "closed"]
        if not open_ones:
            return
        ticket = self.read_ticket(random.choice(open_ones)["id"])
        if not ticket:
            return
        moves = ticket["allowed_statuses"]
        if ticket["status"] == "assigned" or (ticket["status"] == "in_progress"
                                              and random.random() < 0.5):
            self.reply(ticket["id"])
        elif moves:
            target = "closed" if "closed" in moves else random.choice(moves)
            moved = self.call("POST", f"/api/tickets/{ticket['id']}/status",
                              "POST /api/tickets/[id]/status", {"status": target},
                              refusals=(404, 409))
            if moved:
                record("ticket_move", ticket=ticket["id"], to=target)

    def reply(self, ticket_id: str) -> None:
        answer = self.call("POST", f"/api/tickets/{ticket_id}/messages",
                           "POST /api/tickets/[id]/messages (personal)",
                           {"body": "Hola, ya revisamos su consulta: el saldo está conciliado."},
                           ok=(201,), refusals=(404, 409))
        if answer:
            record("message", ticket=ticket_id, id=answer["message"]["id"], side="staff")

    @task(4)
    def work_application(self) -> None:
        page = self.call("GET", "/api/credit/applications", "GET /api/credit/applications")
        movable = [a for a in (page or {}).get("items", []) if a["allowed_statuses"]]
        if not movable:
            return
        application = self.call("GET", f"/api/credit/applications/{random.choice(movable)['id']}",
                                "GET /api/credit/applications/[id]", refusals=(404,))
        if not application or not application["allowed_statuses"]:
            return
        target = random.choice(application["allowed_statuses"])
        body = {"status": target}
        if target in OBSERVATIONS:
            body["observation"] = OBSERVATIONS[target]
        moved = self.call("POST", f"/api/credit/applications/{application['id']}/status",
                          "POST /api/credit/applications/[id]/status", body,
                          refusals=(404, 409))
        if moved:
            record("application_move", application=application["id"], to=target)

    @task(1)
    def stats(self) -> None:
        self.call("GET", "/api/credit/stats", "GET /api/credit/stats")
