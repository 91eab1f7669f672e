"""Use cases of credit applications: submit, list, read, assign, change status, note an
observation, dashboard.

Rules live in ``domain.credit.applications``; this module loads, checks who may see the
application (anyone else gets 404, audited), writes through ``store.credit.credit`` (on the version
read, with the dashboard counters in the same transaction), audits every change and queues the
e-mails: the operator hears of an assignment, the member of every decision (observed, approved,
rejected, disbursed); an observation noted without a move e-mails nobody. Staff answers carry the
member's e-mail (one GetItem of the member, in the detail only) so credit staff can contact them.
Each change adds one history line, written by the store as its own item in the same transaction;
the detail reads the history with one Query (``store.credit.credit.history``).

What a member sends is read as the simulation's inputs only (``product_code, amount,
term_months, payment_method, disbursement_date``). Workflow fields the cooperative sets
(``status``, ``number``, ``member_id``, ``assignee_id``, ``history``...) are refused with 400
``read_only_field``, as in the buzón; the simulation's figures (``installment``, ``tea``,
``schedule``...) are ignored and recomputed from the product as it is now.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from chalicelib.domain.credit import applications as rules
from chalicelib.domain.credit import emails as credit_emails
from chalicelib.domain.credit.applications import Status
from chalicelib.domain.credit.requests import (
    ApplicationRequest,
    AssignRequest,
    ListQuery,
    ObservationRequest,
    StatusRequest,
    parse_application_request,
)
from chalicelib.domain.shared import assigned_case
from chalicelib.domain.shared.assigned_case import Actor, history_entry, stamp
from chalicelib.domain.shared.clock import iso_instant, parse_instant, utc_now
from chalicelib.domain.shared.errors import InvalidInput, NotAuthenticated
from chalicelib.domain.shared.permissions import STAFF_ROLES, Role, parse_role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.credit import products as credit_products
from chalicelib.services.shared import assigned_cases, audit, notifications
from chalicelib.services.shared.assigned_cases import CaseKind, Listing, Parties
from chalicelib.settings import settings
from chalicelib.store.auth import users
from chalicelib.store.credit import credit as store
from chalicelib.store.shared.models import ApplicationModel, UserModel
from chalicelib.store.shared.paging import Page

# --- use cases ----------------------------------------------------------------------------


def submit_application(principal: Principal, form: ApplicationRequest | Mapping[str, Any],
                       context: RequestContext) -> dict[str, Any]:
    """A member sends a simulation as an application: recomputed here, numbered from the atomic
    sequence, stored ``received`` with its own copy of the simulation. ``form`` as the handler
    parsed it; a raw body (a caller off the HTTP edge) is parsed here by the same rules."""
    parsed = form if isinstance(form, ApplicationRequest) else parse_application_request(form)
    request = parsed.simulation
    product, simulation = credit_products.simulation_of(request)
    member = _user(principal.user_id)
    now = utc_now()
    application = ApplicationModel(
        application_id=uuid.uuid4().hex, number=store.next_application_number(),
        member_id=principal.user_id, status=Status.RECEIVED.value,
        created_at=stamp(now), updated_at=stamp(now))
    actor = _actor(member, principal.role)
    _store_data(application, {
        "member": {"name": actor.name, "dni": member.dni},
        "assignee": None,
        "product": {"code": product.code, "name": product.name},
        "simulation": simulation,
    })
    received = history_entry(at=now, actor=actor, from_status=None,
                                   to_status=Status.RECEIVED)
    store.create_application(application, rules.counter_deltas(None, (Status.RECEIVED, None)),
                             received)
    _audit("credit.application_submitted", principal, context, application,
           product=request.product_code, amount=simulation["amount"],
           term_months=request.term_months)
    return _detail(application, principal, [received])


def list_applications(principal: Principal, query: ListQuery) -> dict[str, Any]:
    """Members: their own; operators: those assigned to them; admins: all, or one status's, or
    one assignee's (``?status=``, ``?assignee=``). Newest first; ``{items, next_cursor}``."""
    page = _page(principal, query)
    return {"items": [_summary(item, principal) for item in page.items],
            "next_cursor": page.next_cursor}


def read_application(principal: Principal, application_id: str,
                     context: RequestContext) -> dict[str, Any]:
    application = _visible(principal, application_id, context)
    return _detail(application, principal, _history(application, _data(application)))


def assign_application(principal: Principal, application_id: str, request: AssignRequest,
                       context: RequestContext) -> dict[str, Any]:
    """An admin hands the application to an active operator (``received`` → ``assigned``; an
    open one keeps its state). The operator is e-mailed."""
    application = _visible(principal, application_id, context)
    operator = _active_operator(request.operator_id)
    current = Status(application.status)
    target = rules.status_after_assignment(current)
    data = _data(application)
    history = _history(application, data)
    rules.check_room_in_history(len(history), current, target)
    before = (current, application.assignee_id)
    now = utc_now()
    assignee = _actor(operator, Role.OPERATOR)
    data["assignee"] = {"id": operator.user_id, "name": assignee.name}
    line = history_entry(at=now, actor=_actor(_user(principal.user_id), principal.role),
                               from_status=current, to_status=target, assignee=assignee)
    application.assignee_id = operator.user_id
    application.status = target.value
    application.updated_at = stamp(now)
    _save(application, data, history, line,
          rules.counter_deltas(before, (target, operator.user_id)))
    _audit("credit.application_assigned", principal, context, application,
           previous_assignee=before[1] or "-", assignee=operator.user_id,
           from_status=current.value, to_status=target.value)
    notifications.send_email(credit_emails.assigned_to_operator(
        operator.email, number=int(application.number), member_name=data["member"]["name"],
        product_name=data["product"]["name"], amount=data["simulation"]["amount"],
        term_months=int(data["simulation"]["term_months"]),
        link=_link(Role.OPERATOR, application.application_id)))
    return _detail(application, principal, history)


def change_status(principal: Principal, application_id: str, change: StatusRequest,
                  context: RequestContext) -> dict[str, Any]:
    """The assignee (or an admin) moves the application along the workflow, with an observation
    when observing or rejecting; the member is e-mailed at every decision."""
    application = _visible(principal, application_id, context)
    current = Status(application.status)
    rules.check_status_change(current, change.target)
    data = _data(application)
    history = _history(application, data)
    rules.check_room_in_history(len(history), current, change.target)
    now = utc_now()
    line = history_entry(at=now, actor=_actor(_user(principal.user_id), principal.role),
                               from_status=current, to_status=change.target,
                               observation=change.observation)
    counters = rules.counter_deltas((current, application.assignee_id),
                                    (change.target, application.assignee_id))
    if change.target in rules.DECISIONS:
        counters.update(rules.decision_deltas(
            application.assignee_id,
            rules.seconds_between(parse_instant(application.created_at), now)))
        application.decided_at = stamp(now)
    application.status = change.target.value
    application.updated_at = stamp(now)
    _save(application, data, history, line, counters)
    _audit("credit.application_status_changed", principal, context, application,
           from_status=current.value, to_status=change.target.value,
           observation_length=len(change.observation or ""))
    if change.target in rules.MEMBER_IS_NOTIFIED:
        _email_member(application, data, change.target)
    return _detail(application, principal, history)


def add_observation(principal: Principal, application_id: str, request: ObservationRequest,
                    context: RequestContext) -> dict[str, Any]:
    """The assignee (or an admin) notes an observation without moving the application, until it
    is finished (409 ``application_finished``) or its history is full (409
    ``application_full``). It joins ``observations`` and ``history`` like one sent with a status
    change, so the member sees it too, but nobody is e-mailed."""
    text = request.text
    application = _visible(principal, application_id, context)
    current = Status(application.status)
    rules.check_accepts_observation(current)
    data = _data(application)
    history = _history(application, data)
    rules.check_room_in_history(len(history), current, current)
    now = utc_now()
    line = history_entry(at=now, actor=_actor(_user(principal.user_id), principal.role),
                               from_status=current, to_status=current, observation=text)
    application.updated_at = stamp(now)
    _save(application, data, history, line, {})
    _audit("credit.application_observation_added", principal, context, application,
           status=current.value, observation_length=len(text))
    return _detail(application, principal, history)


def credit_stats(principal: Principal) -> dict[str, Any]:
    """The staff dashboard: counts by status and average days from receipt to decision, for
    all applications and for those assigned to the caller. One BatchGetItem of counters."""
    everyone = [rules.status_counter(status) for status in Status]
    mine = [rules.assignee_status_counter(principal.user_id, status) for status in Status]
    decided_all = rules.decided_counters(None)
    decided_mine = rules.decided_counters(principal.user_id)
    values = store.counters([*everyone, *mine, *decided_all, *decided_mine])

    def figures(ids: list[str], decided: tuple[str, str]) -> dict[str, Any]:
        by_status = {status.value: max(0, values[counter])
                     for status, counter in zip(Status, ids, strict=True)}
        return {"by_status": by_status, "total": sum(by_status.values()),
                "decided": values[decided[0]],
                "average_days_to_decision": rules.average_days(values[decided[1]],
                                                               values[decided[0]])}

    return {"statuses": [{"status": status.value, "label": rules.STATUS_LABELS[status]}
                         for status in rules.ADMIN_LIST_ORDER],
            "all": figures(everyone, decided_all), "mine": figures(mine, decided_mine)}


# --- loading and checks -------------------------------------------------------------------


APPLICATION = CaseKind(target_prefix="credit_application",
                       denied_action="credit.application_access_denied",
                       not_found_message="La solicitud no existe.",
                       not_found_code="application_not_found")


def _visible(principal: Principal, application_id: str,
             context: RequestContext) -> ApplicationModel:
    """The application if the caller may see it; otherwise 404 (audited when it exists)."""
    return assigned_cases.visible(
        principal, application_id, context, APPLICATION, load=store.application,
        parties=lambda item: Parties(item.member_id, item.assignee_id))


def _user(user_id: str) -> UserModel:
    user = users.get(user_id)
    if user is None:
        raise NotAuthenticated()
    return user


def _active_operator(operator_id: str | None) -> UserModel:
    invalid = InvalidInput("Solo se asignan solicitudes a operadores de crédito activos.",
                           code="invalid_assignee",
                           fields={"operator_id": "Elige un operador de crédito activo."})
    if operator_id is None:
        raise invalid
    user = users.get(operator_id)
    if user is None or parse_role(user.role) is not Role.OPERATOR or user.status != "active":
        raise invalid
    return user


def _page(principal: Principal, query: ListQuery) -> Page[ApplicationModel]:
    status, limit, cursor = query.status, query.limit, query.cursor
    statuses = [status] if status else list(rules.ADMIN_LIST_ORDER)
    return assigned_cases.read_list(principal, {"assignee": query.assignee}, Listing(
        of_member=lambda member_id: store.of_member(member_id, status=status, limit=limit,
                                                    cursor=cursor),
        of_assignee=lambda assignee_id: store.of_assignee(assignee_id, status=status,
                                                          limit=limit, cursor=cursor),
        everyone=lambda: store.with_statuses(statuses, limit=limit, cursor=cursor)))


# --- records and answers ------------------------------------------------------------------


def _data(application: ApplicationModel) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(application.data)
    return data


def _store_data(application: ApplicationModel, data: dict[str, Any]) -> None:
    application.data = json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _history(application: ApplicationModel, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The history, oldest first: the lines an application written before the history had its
    own table keeps in ``data`` (they no longer grow), then its lines in the history table."""
    return [*data.get("history", []), *store.history(application.application_id)]


def _save(application: ApplicationModel, data: dict[str, Any], history: list[dict[str, Any]],
          line: dict[str, Any], counters: Mapping[str, int]) -> None:
    """Write the application on its version with ``line`` after the ``history`` read (which then
    includes it) and the counters it moves, in one transaction."""
    _store_data(application, data)
    store.save_application(application, counters, line=line, position=len(history))
    history.append(line)


def _actor(user: UserModel, role: Role) -> Actor:
    return Actor(user_id=user.user_id, role=role.value,
                 name=f"{user.first_name} {user.last_name}".strip())


def _summary(application: ApplicationModel, principal: Principal) -> dict[str, Any]:
    data = _data(application)
    status = Status(application.status)
    simulation = data["simulation"]
    assignee = data.get("assignee") or {}
    return {
        "id": application.application_id,
        "number": int(application.number),
        "status": status.value,
        "status_label": rules.STATUS_LABELS[status],
        "member_id": application.member_id,
        "member_name": data["member"]["name"],
        "member_dni": data["member"].get("dni"),
        "assignee_id": application.assignee_id,
        "assignee_name": assignee.get("name"),
        "product_code": data["product"]["code"],
        "product_name": data["product"]["name"],
        "amount": simulation["amount"],
        "term_months": simulation["term_months"],
        "payment_method": simulation["payment_method"],
        "installment": simulation["installment"],
        "created_at": _instant(application.created_at),
        "updated_at": _instant(application.updated_at),
        "decided_at": _instant(application.decided_at),
        "version": int(application.version or 0),
        "allowed_statuses": [target.value for target in rules.moves_for(principal.role, status)],
        "can_assign": rules.can_assign(principal.role, status),
        "can_observe": rules.can_observe(principal.role, status),
    }


def _detail(application: ApplicationModel, principal: Principal,
            history: list[dict[str, Any]]) -> dict[str, Any]:
    """The application with its simulation's figures at the top level (as the 201 of a new
    one), its ``observations`` (the history's lines that carry one) and its ``history``. Staff
    also get ``member_email`` (read now, so an e-mail the member changed shows as it is;
    ``None`` if the account is gone); members do not, and lists never read it (no lookup per
    row)."""
    data = _data(application)
    detail = {**data["simulation"], **_summary(application, principal),
              "observations": assigned_case.observations_of(history), "history": history}
    if principal.role in STAFF_ROLES:
        member = users.get(application.member_id)
        detail["member_email"] = member.email if member else None
    return detail


# --- audit and e-mail ---------------------------------------------------------------------


def _audit(action: str, principal: Principal, context: RequestContext,
           application: ApplicationModel, **details: object) -> None:
    """Ids, numbers, states and lengths only: an observation's text never reaches the log."""
    audit.record(action=action, outcome="success", context=context, principal=principal,
                 target=f"credit_application:{application.application_id}",
                 details={"number": int(application.number), **details})


def _link(role: Role, application_id: str) -> str:
    page = "simulacion" if role is Role.MEMBER else "solicitudes"
    return f"{settings().site_url.rstrip('/')}/{page}?solicitud={quote(application_id)}"


def _email_member(application: ApplicationModel, data: dict[str, Any], status: Status) -> None:
    member = users.get(application.member_id)
    if member is None or member.status != "active":
        return
    notifications.send_email(credit_emails.decision_to_member(
        member.email, number=int(application.number), status=status,
        product_name=data["product"]["name"], amount=data["simulation"]["amount"],
        link=_link(Role.MEMBER, application.application_id)))


def _instant(stored: str | None) -> str | None:
    return iso_instant(parse_instant(stored)) if stored else None
