"""Routing (issue 17): the admin's rules per queue, the assignment of a case on arrival, and the
shared queues operators take cases from. The rules are ``domain.shared.routing``.

- **On arrival** (``Router.route_ticket`` / ``route_application``, called by the desks right
  after the case is created): a round-robin queue's next turn (an atomic counter) picks the
  operator; operators no longer active are skipped; the assignment is written on the version
  just created (a condition: an admin who assigned it meanwhile wins), audited with the actor
  ``sistema`` and e-mailed to the operator (number and category or credit type only).
- **Taking** (``take_ticket`` / ``take_application``): an operator of a shared queue gives an
  unassigned case of that queue to themselves, on the version read: of two at once one wins and
  the other gets 409 ``already_taken``. Anyone else gets the case's ordinary 404.
- **The admin's screen** (``routing_view`` / ``set_rule``): every queue with its rule, and the
  active operators a rule may name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

from chalicelib.domain.credit import application as credit_case
from chalicelib.domain.credit import applications as credit_rules
from chalicelib.domain.credit.application import CreditApplication
from chalicelib.domain.shared import routing as rules
from chalicelib.domain.shared.assigned_case import Actor, Person, can_see, is_case_id
from chalicelib.domain.shared.clock import iso_instant, parse_instant, utc_now
from chalicelib.domain.shared.emails import Email
from chalicelib.domain.shared.errors import Conflict, NotAuthenticated, NotFound
from chalicelib.domain.shared.permissions import ADMIN_ROLES, Role, parse_role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.domain.shared.routing import Kind, Mode, Rule, RuleRequest
from chalicelib.domain.tickets import ticket as ticket_case
from chalicelib.domain.tickets import tickets as ticket_rules
from chalicelib.domain.tickets.ticket import Ticket
from chalicelib.services.shared import audit, notifications
from chalicelib.settings import settings
from chalicelib.store.auth import users
from chalicelib.store.credit import credit as credit_store
from chalicelib.store.shared import routing as store
from chalicelib.store.tickets import tickets as ticket_store

SYSTEM = Actor(user_id=rules.SYSTEM_ACTOR, role="system", name="Reparto automático")
_TICKET_404 = NotFound("El ticket no existe.", code="ticket_not_found")
_APPLICATION_404 = NotFound("La solicitud no existe.", code="application_not_found")


# --- ports ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Staff:
    """A user as routing needs them: to hold a case and be e-mailed."""

    user_id: str
    role: Role | None
    name: str
    email: str
    active: bool

    @property
    def is_active_operator(self) -> bool:
        return self.active and self.role is Role.OPERATOR


class RuleBook(Protocol):
    def rule(self, kind: Kind, key: str) -> Rule | None: ...
    def rules(self, queue_ids: Iterable[str]) -> list[Rule]: ...
    def save(self, rule: Rule) -> None: ...
    def next_turn(self, kind: Kind, key: str) -> int: ...


class Directory(Protocol):
    def find(self, user_id: str) -> Staff | None: ...


class Mailer(Protocol):
    def send(self, email: Email) -> None: ...


class AuditLog(Protocol):
    def record(self, *, action: str, outcome: str, context: RequestContext,
               principal: Principal | None = None, actor_id: str | None = None,
               role: str | None = None, target: str = "-",
               details: dict[str, object] | None = None,
               subject_id: str | None = None) -> None: ...


class TicketSaver(Protocol):
    def load(self, ticket_id: str) -> Ticket | None: ...
    def assign(self, change: ticket_case.Assigned) -> None: ...


class ApplicationSaver(Protocol):
    def save(self, change: credit_case.Change) -> CreditApplication: ...


# --- the router -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Router:
    book: RuleBook
    people: Directory
    mailer: Mailer
    audit_log: AuditLog
    site_url: str

    def next_operator(self, kind: Kind, key: str) -> Staff | None:
        """The operator whose turn it is in a round-robin queue (``None``: no round robin, or
        none of its operators is active now)."""
        rule = self.book.rule(kind, key)
        if rule is None or rule.mode is not Mode.ROUND_ROBIN or not rule.operators:
            return None
        for user_id in rules.rotation(rule.operators, self.book.next_turn(kind, key)):
            person = self.people.find(user_id)
            if person is not None and person.is_active_operator:
                return person
        return None

    def route_ticket(self, ticket: Ticket, tickets: TicketSaver,
                     context: RequestContext) -> Ticket:
        """A new ticket goes to its category's next operator, if the rule says so."""
        operator = self.next_operator(Kind.TICKET, ticket.category.value)
        if operator is None:
            return ticket
        stored = tickets.load(ticket.ticket_id)  # the version the create wrote
        if stored is None or stored.assignee_id:
            return ticket
        change = stored.assign(_ticket_person(operator), utc_now())
        if change is None:
            return ticket
        try:
            tickets.assign(change)
        except Conflict:
            return ticket  # an admin got there first: theirs stands
        self._arrived(Kind.TICKET, f"ticket:{ticket.ticket_id}", ticket.number,
                      ticket_rules.CATEGORY_LABELS[ticket.category], operator,
                      self._link("mensajes", "ticket", ticket.ticket_id), context,
                      ticket.member_id, category=ticket.category.value)
        return change.ticket

    def route_application(self, application: CreditApplication, applications: ApplicationSaver,
                          context: RequestContext) -> CreditApplication:
        """A new application goes to its product's next operator, if the rule says so."""
        operator = self.next_operator(Kind.CREDIT, application.product_code)
        if operator is None:
            return application
        change = application.assign(SYSTEM, _credit_person(operator), 1, utc_now())
        try:
            saved = applications.save(change)
        except Conflict:
            return application
        self._arrived(Kind.CREDIT, f"credit_application:{application.application_id}",
                      application.number, application.product_name, operator,
                      self._link("solicitudes", "solicitud", application.application_id),
                      context, application.member_id, product=application.product_code)
        return saved

    def _arrived(self, kind: Kind, target: str, number: int, queue_label: str, operator: Staff,
                 link: str, context: RequestContext, member_id: str, **details: object) -> None:
        action = "ticket.auto_assigned" if kind is Kind.TICKET else \
            "credit.application_auto_assigned"
        self.audit_log.record(action=action, outcome="success", context=context,
                              actor_id=rules.SYSTEM_ACTOR, role="system", target=target,
                              details={"number": number, "assignee_id": operator.user_id,
                                       "mode": Mode.ROUND_ROBIN.value, **details},
                              subject_id=member_id)
        self.mailer.send(rules.arrival_email(operator.email, kind=kind, number=number,
                                             queue_label=queue_label, link=link))

    def _link(self, page: str, parameter: str, case_id: str) -> str:
        return f"{self.site_url.rstrip('/')}/{page}?{parameter}={quote(case_id)}"

    # --- shared queues ------------------------------------------------------------------------

    def shared_keys(self, principal: Principal, kind: Kind, keys: Iterable[str]) -> set[str]:
        """The queues of ``kind`` whose unassigned cases the caller sees: an operator's shared
        queues; for admins every shared queue."""
        found = self.book.rules(rules.queue_id(kind, key) for key in keys)
        admin = principal.role in ADMIN_ROLES
        return {rule.key for rule in found if rule.mode is Mode.SHARED_QUEUE
                and (admin or rule.has_operator(principal.user_id))}

    def may_take(self, principal: Principal, kind: Kind, key: str, member_id: str,
                 assignee_id: str | None) -> bool | None:
        """``True``: the caller may take it now; ``False``: it is in the caller's queue but
        has a responsible (409); ``None``: not the caller's to know (404)."""
        rule = self.book.rule(kind, key)
        in_queue = rule is not None and rule.shares_with(principal.user_id)
        if in_queue:
            return assignee_id is None
        if can_see(principal.role, principal.user_id, member_id, assignee_id):
            return False  # already theirs
        return None

    def take_ticket(self, principal: Principal, ticket: Ticket | None, tickets: TicketSaver,
                    context: RequestContext) -> dict[str, Any]:
        if ticket is None:
            raise _TICKET_404
        allowed = self.may_take(principal, Kind.TICKET, ticket.category.value,
                                ticket.member_id, ticket.assignee_id)
        target = f"ticket:{ticket.ticket_id}"
        self._refuse_unless(allowed, principal, context, target, _TICKET_404,
                            "tickets.access_denied")
        taker = self._taker(principal)
        change = ticket.assign(_ticket_person(taker), utc_now())
        if change is None or ticket.status is not ticket_rules.Status.OPEN:
            raise rules.AlreadyTaken()
        _saved_or_taken(lambda: tickets.assign(change))
        self._taken("tickets.taken", principal, context, target, ticket.number,
                    ticket.member_id)
        return {"id": ticket.ticket_id, "number": ticket.number,
                "status": change.ticket.status.value,
                "assignee_id": taker.user_id, "assignee_name": taker.name}

    def take_application(self, principal: Principal, application: CreditApplication | None,
                         history_lines: int, applications: ApplicationSaver,
                         context: RequestContext) -> dict[str, Any]:
        if application is None:
            raise _APPLICATION_404
        allowed = self.may_take(principal, Kind.CREDIT, application.product_code,
                                application.member_id, application.assignee_id)
        target = f"credit_application:{application.application_id}"
        self._refuse_unless(allowed, principal, context, target, _APPLICATION_404,
                            "credit.application_access_denied")
        if application.status is not credit_rules.Status.RECEIVED:
            raise rules.AlreadyTaken()
        taker = self._taker(principal)
        change = application.assign(_actor(taker), _credit_person(taker), history_lines,
                                    utc_now())
        saved = _saved_or_taken(lambda: applications.save(change))
        self._taken("credit.application_taken", principal, context, target,
                    application.number, application.member_id)
        return {"id": saved.application_id, "number": saved.number,
                "status": saved.status.value,
                "assignee_id": taker.user_id, "assignee_name": taker.name}

    def _refuse_unless(self, allowed: bool | None, principal: Principal,
                       context: RequestContext, target: str, not_found: NotFound,
                       denied_action: str) -> None:
        if allowed is None:
            self.audit_log.record(action=denied_action, outcome="denied", context=context,
                                  principal=principal, target=target)
            raise not_found
        if allowed is False:
            raise rules.AlreadyTaken()

    def _taker(self, principal: Principal) -> Staff:
        person = self.people.find(principal.user_id)
        if person is None or not person.is_active_operator:
            raise NotAuthenticated()  # a session outliving its account
        return person

    def _taken(self, action: str, principal: Principal, context: RequestContext, target: str,
               number: int, member_id: str) -> None:
        self.audit_log.record(action=action, outcome="success", context=context,
                              principal=principal, target=target,
                              details={"number": number, "assignee_id": principal.user_id},
                              subject_id=member_id)


def _saved_or_taken[T](write: Callable[[], T]) -> T:
    """A lost condition on the version read means someone else changed it first: taken."""
    try:
        return write()
    except Conflict:
        raise rules.AlreadyTaken() from None


def _ticket_person(staff: Staff) -> ticket_case.Person:
    return ticket_case.Person(user_id=staff.user_id, role=staff.role, name=staff.name,
                              email=staff.email, active=staff.active)


def _credit_person(staff: Staff) -> Person:
    return Person(user_id=staff.user_id, role=staff.role, name=staff.name,
                              email=staff.email, active=staff.active)


def _actor(staff: Staff) -> Actor:
    return Actor(user_id=staff.user_id, role=Role.OPERATOR.value, name=staff.name)


# --- the app's adapters -------------------------------------------------------------------------


class _DynamoRuleBook:
    def rule(self, kind: Kind, key: str) -> Rule | None:
        return store.rule(kind, key)

    def rules(self, queue_ids: Iterable[str]) -> list[Rule]:
        return store.rules(queue_ids)

    def save(self, rule: Rule) -> None:
        store.save(rule)

    def next_turn(self, kind: Kind, key: str) -> int:
        return store.next_turn(kind, key)


class _UserDirectory:
    def find(self, user_id: str) -> Staff | None:
        user = users.get(user_id)
        if user is None:
            return None
        return Staff(user_id=user.user_id, role=parse_role(user.role),
                     name=users.full_name(user), email=user.email,
                     active=user.status == "active")


class _QueuedMail:
    def send(self, email: Email) -> None:
        notifications.send_email(email)


class _AppAudit:
    def record(self, *, action: str, outcome: str, context: RequestContext,
               principal: Principal | None = None, actor_id: str | None = None,
               role: str | None = None, target: str = "-",
               details: dict[str, object] | None = None,
               subject_id: str | None = None) -> None:
        audit.record(action=action, outcome=outcome, context=context, principal=principal,
                     actor_id=actor_id, role=role, target=target, details=details,
                     subject_id=subject_id)


def router() -> Router:
    """The router on DynamoDB, the SQS mail queue and the audit table."""
    return Router(book=_DynamoRuleBook(), people=_UserDirectory(), mailer=_QueuedMail(),
                  audit_log=_AppAudit(), site_url=settings().site_url)


class ArrivalRouting(Protocol):
    """What a desk asks when a case arrives (the case after routing; the same one when it
    stays unassigned)."""

    def route_ticket(self, ticket: Ticket, tickets: TicketSaver,
                     context: RequestContext) -> Ticket: ...

    def route_application(self, application: CreditApplication, applications: ApplicationSaver,
                          context: RequestContext) -> CreditApplication: ...


class NoRouting:
    """The desks' default (their in-memory tests): every case waits for an admin."""

    def route_ticket(self, ticket: Ticket, tickets: TicketSaver,
                     context: RequestContext) -> Ticket:
        return ticket

    def route_application(self, application: CreditApplication, applications: ApplicationSaver,
                          context: RequestContext) -> CreditApplication:
        return application


class AppRouting:
    """What the app's desks call: the router, built when a case arrives."""

    def route_ticket(self, ticket: Ticket, tickets: TicketSaver,
                     context: RequestContext) -> Ticket:
        return router().route_ticket(ticket, tickets, context)

    def route_application(self, application: CreditApplication, applications: ApplicationSaver,
                          context: RequestContext) -> CreditApplication:
        return router().route_application(application, applications, context)


NO_ROUTING: ArrivalRouting = NoRouting()
APP_ROUTING: ArrivalRouting = AppRouting()


# --- entry points: taking and the shared queues ---------------------------------------------------


def take_ticket(principal: Principal, ticket_id: str, context: RequestContext) -> dict[str, Any]:
    tickets = ticket_store.DynamoTickets()
    ticket = tickets.load(ticket_id) if is_case_id(ticket_id) else None
    return router().take_ticket(principal, ticket, tickets, context)


def take_application(principal: Principal, application_id: str,
                     context: RequestContext) -> dict[str, Any]:
    applications = credit_store.DynamoApplications()
    application = applications.load(application_id) if is_case_id(application_id) else None
    lines = len(application.history_with(applications.history(application_id))) \
        if application is not None else 0
    return router().take_application(principal, application, lines, applications, context)


def ticket_queue(principal: Principal) -> dict[str, Any]:
    """The unassigned tickets of the caller's shared queues, oldest first."""
    keys = router().shared_keys(principal, Kind.TICKET, (c.value for c in ticket_rules.Category))
    items = [ticket_store.to_ticket(item) for item in store.unassigned_tickets(keys)]
    return {"items": [{"id": t.ticket_id, "number": t.number, "subject": t.subject,
                       "category": t.category.value,
                       "category_label": ticket_rules.CATEGORY_LABELS[t.category],
                       "created_at": _instant(t.created_at)} for t in items]}


def application_queue(principal: Principal) -> dict[str, Any]:
    """The unassigned applications of the caller's shared queues, oldest first."""
    codes = [entry.product.code for entry in credit_store.catalogue_entries()]
    keys = router().shared_keys(principal, Kind.CREDIT, codes)
    found = [credit_store.to_application(item) for item in store.unassigned_applications()] \
        if keys else []
    return {"items": [{"id": a.application_id, "number": a.number,
                       "product_code": a.product_code, "product_name": a.product_name,
                       "amount": a.simulation["amount"],
                       "term_months": a.simulation["term_months"],
                       "created_at": _instant(a.created_at)}
                      for a in found if a.product_code in keys]}


def _instant(stored: str) -> str:
    return iso_instant(parse_instant(stored))


# --- entry points: the admin's rules --------------------------------------------------------------


def _queues() -> list[tuple[Kind, str, str]]:
    """Every queue a rule may be set for: the buzón's categories, then the credit products."""
    tickets = [(Kind.TICKET, c.value, label) for c, label in ticket_rules.CATEGORY_LABELS.items()]
    products = [(Kind.CREDIT, entry.product.code, entry.product.name)
                for entry in credit_store.catalogue_entries()]
    return [*tickets, *products]


def _active_operators() -> list[Staff]:
    """Index ``by_role``: ``role = operator`` (by surname), the active ones."""
    page = users.by_roles([Role.OPERATOR.value], "", 100, None)
    return [Staff(user_id=u.user_id, role=Role.OPERATOR, name=users.full_name(u), email=u.email,
                  active=True) for u in page.items if u.status == "active"]


def routing_view(principal: Principal) -> dict[str, Any]:
    """Every queue with its rule (``none`` when never set) and the active operators."""
    queues = _queues()
    found = {rule.queue_id: rule for rule in store.rules(
        rules.queue_id(kind, key) for kind, key, _ in queues)}
    operators = _active_operators()
    names = {staff.user_id: staff.name for staff in operators}
    return {"queues": [_queue_view(kind, key, label, found.get(rules.queue_id(kind, key)), names)
                       for kind, key, label in queues],
            "operators": [{"id": s.user_id, "name": s.name} for s in operators],
            "modes": [{"value": m.value, "label": label} for m, label in rules.MODE_LABELS.items()]}


def _queue_view(kind: Kind, key: str, label: str, rule: Rule | None,
                names: dict[str, str]) -> dict[str, Any]:
    rule = rule or Rule(kind=kind, key=key)
    return {"kind": kind.value, "kind_label": rules.KIND_LABELS[kind], "key": key,
            "label": label, "mode": rule.mode.value, "mode_label": rules.MODE_LABELS[rule.mode],
            "operators": [{"id": user_id, "name": names.get(user_id, "Operador inactivo"),
                           "active": user_id in names} for user_id in rule.operators],
            "updated_at": _instant(rule.updated_at) if rule.updated_at else None}


def set_rule(principal: Principal, kind_text: str, key: str, request: RuleRequest,
             context: RequestContext) -> dict[str, Any]:
    """An admin sets one queue's rule: the queue must exist and every operator named must be an
    active operator (400 ``invalid_operators``). Audited ``routing.rule_changed``."""
    kind = rules.parse_kind(kind_text)
    label = {(k, q): text for k, q, text in _queues()}.get((kind, key))
    if label is None:
        raise rules.unknown_queue(kind)
    people = _UserDirectory()
    refused = [user_id for user_id in request.operators
               if not ((person := people.find(user_id)) and person.is_active_operator)]
    if refused:
        raise rules.not_active_operators(len(refused))
    previous = store.rule(kind, key)
    rule = Rule(kind=kind, key=key, mode=request.mode, operators=request.operators,
                updated_at=iso_instant(utc_now()), updated_by=principal.user_id)
    store.save(rule)
    audit.record(action="routing.rule_changed", outcome="success", context=context,
                 principal=principal, target=f"routing:{rule.queue_id}",
                 details={"mode": rule.mode.value, "operators": ",".join(rule.operators),
                          "previous_mode": previous.mode.value if previous else Mode.NONE.value})
    names = {s.user_id: s.name for s in _active_operators()}
    return _queue_view(kind, key, label, rule, names)
