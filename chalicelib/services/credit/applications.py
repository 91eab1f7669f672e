"""Use cases of credit applications: submit, list, read, assign, change status, note an
observation, dashboard.

``ApplicationDesk`` works on ``domain.credit.application.CreditApplication`` through the ports
below: it loads the application behind the audited 404 of every assigned case
(``services.shared.assigned_cases``), lets the entity decide the move, saves what changed (on the
version read, with its history line and the dashboard counters in one transaction), audits it and
queues the e-mails: the operator hears of an assignment, the member of every decision (observed,
approved, rejected, disbursed); an observation noted without a move e-mails nobody. Staff answers
carry the member's e-mail (one read of the member, in the detail only) so credit staff can
contact them. The app wires the DynamoDB store (``desk()``); the service tests wire in-memory
ones.

What a member sends is read as the simulation's inputs only (``product_code, amount,
term_months, payment_method, disbursement_date``). Workflow fields the cooperative sets
(``status``, ``number``, ``member_id``, ``assignee_id``, ``history``...) are refused with 400
``read_only_field``, as in the buzón; the simulation's figures (``installment``, ``tea``,
``schedule``...) are ignored and recomputed from the product as it is now.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import quote

from chalicelib.domain.credit import applications as rules
from chalicelib.domain.credit import emails as credit_emails
from chalicelib.domain.credit.application import (
    Change,
    CreditApplication,
    Submitted,
)
from chalicelib.domain.credit.applications import Status
from chalicelib.domain.credit.products import CreditProduct, SimulationRequest
from chalicelib.domain.credit.requests import (
    ApplicationRequest,
    AssignRequest,
    ListQuery,
    ObservationRequest,
    StatusRequest,
)
from chalicelib.domain.shared import assigned_case
from chalicelib.domain.shared.assigned_case import Actor, Person, stamp
from chalicelib.domain.shared.case_waiting import waited_before, waiting_fields
from chalicelib.domain.shared.clock import iso_instant, parse_instant, utc_now
from chalicelib.domain.shared.daily_quota import DailyQuota, daily_quota
from chalicelib.domain.shared.emails import Email
from chalicelib.domain.shared.errors import Conflict, InvalidInput, NotAuthenticated, Throttled
from chalicelib.domain.shared.permissions import ADMIN_ROLES, STAFF_ROLES, Role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.domain.shared.waiting import overdue_cutoff
from chalicelib.services.credit import products as credit_products
from chalicelib.services.shared import assigned_cases, notifications, routing
from chalicelib.services.shared.assigned_cases import AuditLog, CaseKind, Listing, Parties
from chalicelib.settings import settings
from chalicelib.store.credit import credit as store
from chalicelib.store.shared.case_people import UserDirectory
from chalicelib.store.shared.paging import Page

APPLICATION = CaseKind(target_prefix="credit_application",
                       denied_action="credit.application_access_denied",
                       not_found_message="La solicitud no existe.",
                       not_found_code="application_not_found")


# --- ports ----------------------------------------------------------------------------------


class ApplicationRepository(Protocol):
    """Where applications live. ``create`` and ``save`` return the application as stored (with
    its new ``version``); a save is conditioned on the application the change started from
    (``change.before``) and raises the 409 ``concurrent_update`` when it changed meanwhile."""

    def next_number(self) -> int: ...
    def create(self, submitted: Submitted, quota: DailyQuota) -> CreditApplication:
        """Refused, writing nothing, while an identical application is open (409
        ``duplicate_application``) or past the member's daily quota (its 429)."""
        ...
    def load(self, application_id: str) -> CreditApplication | None: ...
    def history(self, application_id: str) -> list[dict[str, Any]]: ...
    def save(self, change: Change) -> CreditApplication: ...
    def counters(self, counter_ids: Iterable[str]) -> dict[str, int]: ...

    def of_member(self, member_id: str, *, status: Status | None, limit: int,
                  cursor: str | None) -> Page[CreditApplication]: ...

    def of_assignee(self, assignee_id: str, *, status: Status | None, limit: int,
                    cursor: str | None, product: str | None = None,
                    waited_before: str | None = None) -> Page[CreditApplication]:
        """``waited_before``: only those waiting for the staff since that stamp or earlier."""
        ...

    def with_statuses(self, statuses: Sequence[Status], *, limit: int, cursor: str | None,
                      product: str | None = None,
                      waited_before: str | None = None) -> Page[CreditApplication]: ...

    def count_waiting(self, waited_before: str, assignee_id: str | None) -> int:
        """The assignee's (``None``: everyone's) applications waiting since the stamp."""
        ...


class People(Protocol):
    def find(self, user_id: str) -> Person | None: ...


class Catalogue(Protocol):
    def simulation_of(self, request: SimulationRequest) -> tuple[CreditProduct, dict[str, Any]]: ...


class Mailer(Protocol):
    def send(self, email: Email) -> None: ...


class _QueuedMail:
    """Requests queue their e-mails; the notifier sends them."""

    def send(self, email: Email) -> None:
        notifications.send_email(email)


class _CurrentCatalogue:
    """The product as it is now (``services.credit.products``)."""

    def simulation_of(self, request: SimulationRequest) -> tuple[CreditProduct, dict[str, Any]]:
        return credit_products.simulation_of(request)


# --- the use cases --------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationDesk:
    applications: ApplicationRepository
    people: People
    catalogue: Catalogue
    mailer: Mailer
    audit_log: AuditLog
    site_url: str
    daily_applications: int = 3
    routing: routing.ArrivalRouting = routing.NO_ROUTING
    """Who a new application goes to on arrival (``services.shared.routing``)."""
    overdue_hours: int = field(default_factory=lambda: settings().case_overdue_hours)
    """Past this a waiting application is overdue (``CASE_OVERDUE_HOURS``)."""

    def submit_application(self, principal: Principal, form: ApplicationRequest,
                           context: RequestContext) -> dict[str, Any]:
        """A member sends a simulation as an application: recomputed here, numbered from the
        atomic sequence, stored ``received`` with its own copy of the simulation. While an
        identical one is open (``rules.open_claim_id``) it is refused with the 409
        ``duplicate_application``, and past ``daily_applications`` today (Lima) with the 429
        ``daily_limit_reached``; both audited (the number is spent: numbers may skip)."""
        request = form.simulation
        product, simulation = self.catalogue.simulation_of(request)
        member, now = self._user(principal.user_id), utc_now()
        submitted = CreditApplication.submit(uuid.uuid4().hex, self.applications.next_number(),
                                             member, principal.role, product, simulation, now)
        quota = daily_quota("credit_applications", principal.user_id, self.daily_applications,
                            rules.daily_limit_message(self.daily_applications), now)
        try:
            application = self.applications.create(submitted, quota)
        except (Conflict, Throttled) as refusal:
            self._audit("credit.application_submitted", principal, context,
                        submitted.application, outcome="denied", reason=refusal.code,
                        product=request.product_code, term_months=request.term_months)
            raise
        self._audit("credit.application_submitted", principal, context, application,
                    product=request.product_code, amount=simulation["amount"],
                    term_months=request.term_months)
        routed = self.routing.route_application(application, self.applications, context)
        history = [submitted.line] if routed is application else self._history(routed)
        return self._detail(routed, principal, history)

    def list_applications(self, principal: Principal, query: ListQuery) -> dict[str, Any]:
        """Members: their own; operators: those assigned to them; admins: all, or one status's,
        or one assignee's (``?status=``, ``?assignee=``); staff also by credit type
        (``?product=``) and waiting time (``?waiting=``). Newest first; ``{items,
        next_cursor}``, each row with how long it has waited for the staff."""
        now = utc_now()
        page = assigned_cases.read_list(principal, {"assignee": query.assignee},
                                        self._listing(query, now))
        return {"items": [{**_summary(application, principal),
                           **waiting_fields(application.waiting_since, now, self.overdue_hours)}
                          for application in page.items],
                "next_cursor": page.next_cursor}

    def read_application(self, principal: Principal, application_id: str,
                         context: RequestContext) -> dict[str, Any]:
        application = self._visible(principal, application_id, context)
        return self._detail(application, principal, self._history(application))

    def assign_application(self, principal: Principal, application_id: str,
                           request: AssignRequest, context: RequestContext) -> dict[str, Any]:
        """An admin hands the application to an active operator (``received`` → ``assigned``;
        an open one keeps its state). The operator is e-mailed."""
        application = self._visible(principal, application_id, context)
        operator = self._active_operator(request.operator_id)
        history = self._history(application)
        change = application.assign(self._actor(principal), operator, len(history), utc_now())
        saved, history = self._save(change, history)
        self._audit("credit.application_assigned", principal, context, saved,
                    previous_assignee=application.assignee_id or "-",
                    assignee=operator.user_id, from_status=application.status.value,
                    to_status=saved.status.value)
        self.mailer.send(credit_emails.assigned_to_operator(
            operator.email, number=saved.number, member_name=saved.member_name,
            product_name=saved.product_name, amount=saved.simulation["amount"],
            term_months=int(saved.simulation["term_months"]),
            link=self._link(Role.OPERATOR, saved.application_id)))
        return self._detail(saved, principal, history)

    def change_status(self, principal: Principal, application_id: str, change: StatusRequest,
                      context: RequestContext) -> dict[str, Any]:
        """The assignee (or an admin) moves the application along the workflow, with an
        observation when observing or rejecting; the member is e-mailed at every decision."""
        application = self._visible(principal, application_id, context)
        history = self._history(application)
        moved = application.move(self._actor(principal), change, len(history), utc_now())
        saved, history = self._save(moved, history)
        self._audit("credit.application_status_changed", principal, context, saved,
                    from_status=application.status.value, to_status=saved.status.value,
                    observation_length=len(change.observation or ""))
        if moved.tell_member:
            self._email_member(saved)
        return self._detail(saved, principal, history)

    def add_observation(self, principal: Principal, application_id: str,
                        request: ObservationRequest, context: RequestContext) -> dict[str, Any]:
        """The assignee (or an admin) notes an observation without moving the application,
        until it is finished (409 ``application_finished``) or its history is full (409
        ``application_full``). It joins ``observations`` and ``history`` like one sent with a
        status change, so the member sees it too, but nobody is e-mailed."""
        application = self._visible(principal, application_id, context)
        history = self._history(application)
        noted = application.note(self._actor(principal), request.text, len(history),
                                 utc_now())
        saved, history = self._save(noted, history)
        self._audit("credit.application_observation_added", principal, context, saved,
                    status=saved.status.value, observation_length=len(request.text))
        return self._detail(saved, principal, history)

    def credit_stats(self, principal: Principal) -> dict[str, Any]:
        """The staff dashboard: counts by status and average days from receipt to decision,
        for all applications and for those assigned to the caller. One read of counters."""
        everyone = [rules.status_counter(status) for status in Status]
        mine = [rules.assignee_status_counter(principal.user_id, status) for status in Status]
        decided_all = rules.decided_counters(None)
        decided_mine = rules.decided_counters(principal.user_id)
        values = self.applications.counters([*everyone, *mine, *decided_all, *decided_mine])
        return {"statuses": [{"status": status.value, "label": rules.STATUS_LABELS[status]}
                             for status in rules.ADMIN_LIST_ORDER],
                "all": _figures(values, everyone, decided_all),
                "mine": _figures(values, mine, decided_mine),
                "overdue": self._overdue_counts(principal)}

    def _overdue_counts(self, principal: Principal) -> dict[str, Any]:
        """Applications waiting for the staff past ``overdue_hours``: the caller's, and for
        those who assign (admins) everyone's (``None`` for operators). Query COUNTs
        (``store.credit.credit.count_waiting``)."""
        cutoff = stamp(overdue_cutoff(utc_now(), self.overdue_hours))
        everyone = (self.applications.count_waiting(cutoff, None)
                    if principal.role in ADMIN_ROLES else None)
        return {"mine": self.applications.count_waiting(cutoff, principal.user_id),
                "all": everyone, "hours": self.overdue_hours}

    # --- steps ------------------------------------------------------------------------------

    def _visible(self, principal: Principal, application_id: str,
                 context: RequestContext) -> CreditApplication:
        """The application if the caller may see it; otherwise 404 (audited when it exists)."""
        return assigned_cases.visible(principal, application_id, context, APPLICATION,
                                      load=self.applications.load, parties=_parties,
                                      audit_log=self.audit_log)

    def _history(self, application: CreditApplication) -> list[dict[str, Any]]:
        return application.history_with(self.applications.history(application.application_id))

    def _save(self, change: Change, history: list[dict[str, Any]]
              ) -> tuple[CreditApplication, list[dict[str, Any]]]:
        """Write the change; the history read then ends with its line."""
        return self.applications.save(change), [*history, change.line]

    def _user(self, user_id: str) -> Person:
        person = self.people.find(user_id)
        if person is None:
            raise NotAuthenticated()
        return person

    def _actor(self, principal: Principal) -> Actor:
        return self._user(principal.user_id).as_actor(principal.role)

    def _active_operator(self, operator_id: str | None) -> Person:
        person = self.people.find(operator_id) if operator_id is not None else None
        if person is None or not person.is_active_operator:
            raise InvalidInput("Solo se asignan solicitudes a operadores de crédito activos.",
                               code="invalid_assignee",
                               fields={"operator_id": "Elige un operador de crédito activo."})
        return person

    def _listing(self, query: ListQuery, now: datetime) -> Listing[Page[CreditApplication]]:
        """A member's own list takes the status only; the staff's also the credit type and
        the waiting time."""
        status, limit, cursor, product = query.status, query.limit, query.cursor, query.product
        statuses = [status] if status else list(rules.ADMIN_LIST_ORDER)
        cutoff = (None if query.waiting is None
                  else waited_before(query.waiting, now, self.overdue_hours))
        return Listing(
            of_member=lambda member_id: self.applications.of_member(
                member_id, status=status, limit=limit, cursor=cursor),
            of_assignee=lambda assignee_id: self.applications.of_assignee(
                assignee_id, status=status, limit=limit, cursor=cursor, product=product,
                waited_before=cutoff),
            everyone=lambda: self.applications.with_statuses(
                statuses, limit=limit, cursor=cursor, product=product, waited_before=cutoff))

    def _detail(self, application: CreditApplication, principal: Principal,
                history: list[dict[str, Any]]) -> dict[str, Any]:
        """The application with its simulation's figures at the top level (as the 201 of a new
        one), its ``observations`` (the history's lines that carry one) and its ``history``.
        Staff also get ``member_email`` (read now, so an e-mail the member changed shows as it
        is; ``None`` if the account is gone); members do not, and lists never read it (no
        lookup per row)."""
        detail = {**application.simulation, **_summary(application, principal),
                  "observations": assigned_case.observations_of(history), "history": history}
        if principal.role in STAFF_ROLES:
            member = self.people.find(application.member_id)
            detail["member_email"] = member.email if member else None
        return detail

    def _audit(self, action: str, principal: Principal, context: RequestContext,
               application: CreditApplication, outcome: str = "success",
               **details: object) -> None:
        """Ids, numbers, states and lengths only: an observation's text never reaches the
        log. The record is about the application's member (dropped by the writer when they are
        the actor)."""
        self.audit_log.record(action=action, outcome=outcome, context=context,
                              principal=principal,
                              target=APPLICATION.target(application.application_id),
                              details={"number": application.number, **details},
                              subject_id=application.member_id)

    def _link(self, role: Role, application_id: str) -> str:
        page = "simulacion" if role is Role.MEMBER else "solicitudes"
        return f"{self.site_url.rstrip('/')}/{page}?solicitud={quote(application_id)}"

    def _email_member(self, application: CreditApplication) -> None:
        """Only while the member's account is active."""
        member = self.people.find(application.member_id)
        if member is None or not member.active:
            return
        self.mailer.send(credit_emails.decision_to_member(
            member.email, number=application.number, status=application.status,
            product_name=application.product_name, amount=application.simulation["amount"],
            link=self._link(Role.MEMBER, application.application_id)))


# --- the app's desk and its entry points ------------------------------------------------------


def desk() -> ApplicationDesk:
    """The desk on DynamoDB, the product catalogue, the SQS mail queue and the audit table."""
    return ApplicationDesk(applications=store.DynamoApplications(), people=UserDirectory(),
                           catalogue=_CurrentCatalogue(), mailer=_QueuedMail(),
                           audit_log=assigned_cases.APP_AUDIT, site_url=settings().site_url,
                           daily_applications=settings().member_daily_applications,
                           routing=routing.APP_ROUTING)


def submit_application(principal: Principal, form: ApplicationRequest,
                       context: RequestContext) -> dict[str, Any]:
    return desk().submit_application(principal, form, context)


def list_applications(principal: Principal, query: ListQuery) -> dict[str, Any]:
    return desk().list_applications(principal, query)


def read_application(principal: Principal, application_id: str,
                     context: RequestContext) -> dict[str, Any]:
    return desk().read_application(principal, application_id, context)


def assign_application(principal: Principal, application_id: str, request: AssignRequest,
                       context: RequestContext) -> dict[str, Any]:
    return desk().assign_application(principal, application_id, request, context)


def change_status(principal: Principal, application_id: str, request: StatusRequest,
                  context: RequestContext) -> dict[str, Any]:
    return desk().change_status(principal, application_id, request, context)


def add_observation(principal: Principal, application_id: str, request: ObservationRequest,
                    context: RequestContext) -> dict[str, Any]:
    return desk().add_observation(principal, application_id, request, context)


def credit_stats(principal: Principal) -> dict[str, Any]:
    return desk().credit_stats(principal)


# --- answers ----------------------------------------------------------------------------------


def _parties(application: CreditApplication) -> Parties:
    return Parties(member_id=application.member_id, assignee_id=application.assignee_id)


def _instant(stored: str | None) -> str | None:
    return iso_instant(parse_instant(stored)) if stored else None


def _figures(values: Mapping[str, int], ids: list[str],
             decided: tuple[str, str]) -> dict[str, Any]:
    by_status = {status.value: max(0, values[counter])
                 for status, counter in zip(Status, ids, strict=True)}
    return {"by_status": by_status, "total": sum(by_status.values()),
            "decided": values[decided[0]],
            "average_days_to_decision": rules.average_days(values[decided[1]],
                                                           values[decided[0]])}


def _summary(application: CreditApplication, principal: Principal) -> dict[str, Any]:
    simulation = application.simulation
    return {
        "id": application.application_id,
        "number": application.number,
        "status": application.status.value,
        "status_label": rules.STATUS_LABELS[application.status],
        "member_id": application.member_id,
        "member_name": application.member_name,
        "member_dni": application.member_dni,
        "assignee_id": application.assignee_id,
        "assignee_name": application.assignee_name,
        "product_code": application.product_code,
        "product_name": application.product_name,
        "amount": simulation["amount"],
        "term_months": simulation["term_months"],
        "payment_method": simulation["payment_method"],
        "installment": simulation["installment"],
        "created_at": _instant(application.created_at),
        "updated_at": _instant(application.updated_at),
        "decided_at": _instant(application.decided_at),
        "version": application.version or 0,
        "allowed_statuses": [target.value for target in application.moves_for(principal.role)],
        "can_assign": application.can_be_assigned_by(principal.role),
        "can_observe": application.can_be_observed_by(principal.role),
    }
