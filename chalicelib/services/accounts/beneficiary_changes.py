"""Use cases of beneficiary changes: a member asks, corrects an observed request, reads; staff
list, read, assign, decide.

Each case is loaded behind the audited 404 of every assigned case
(``services.shared.assigned_cases``): members see their own, operators those assigned to them,
admins all. Every change is audited (ids, numbers and states; never names, DNIs or the
observation's text) and the member is e-mailed at each decision (queued, like credit's).

Whether an approved change is registered is computed on read (``domain.accounts.
beneficiary_change.registration``) from the plan as the family-benefit import last wrote it, so
the import never needs to know about requests. Members see a disagreement as still pending;
staff see «No coincide con el sistema» with the differences.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import quote

from chalicelib.domain.accounts import beneficiary_change as rules
from chalicelib.domain.accounts import beneficiary_emails as emails
from chalicelib.domain.accounts.beneficiary_change import (
    BeneficiaryChange,
    Registration,
    Status,
    StatusChange,
)
from chalicelib.domain.accounts.beneficiary_requests import (
    AssignRequest,
    ChangeRequest,
    CorrectionRequest,
    ListQuery,
)
from chalicelib.domain.shared import assigned_case
from chalicelib.domain.shared.assigned_case import Person
from chalicelib.domain.shared.clock import iso_instant, parse_instant, utc_now
from chalicelib.domain.shared.daily_quota import daily_quota
from chalicelib.domain.shared.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    Throttled,
)
from chalicelib.domain.shared.permissions import STAFF_ROLES, Role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.shared import assigned_cases, audit, notifications
from chalicelib.services.shared.assigned_cases import CaseKind, Listing, Parties
from chalicelib.settings import settings
from chalicelib.store.accounts import beneficiary_changes as store
from chalicelib.store.shared.case_people import UserDirectory

CHANGE = CaseKind(target_prefix="beneficiary_change",
                  denied_action="accounts.beneficiary_change_access_denied",
                  not_found_message="La solicitud de cambio de beneficiarios no existe.",
                  not_found_code="beneficiary_change_not_found")
PLAN_NOT_FOUND = "No encontramos ese plan de beneficio familiar entre tus productos."
_people = UserDirectory()

PlanKey = tuple[str, str]


# --- the use cases ------------------------------------------------------------------------


def submit(principal: Principal, request: ChangeRequest,
           context: RequestContext) -> dict[str, Any]:
    """A member asks for a new list for one of their plans: stored ``received``. One open
    request per plan (409 naming it) and the member's daily limit (429), both audited."""
    member = _user(principal.user_id)
    plan = _member_plan(principal, request.plan_id)
    now = utc_now()
    change = rules.new_request(uuid.uuid4().hex, store.next_number(),
                               member.as_actor(principal.role), principal.dni,
                               request.plan_id, str(plan.get("number", "")),
                               request.beneficiaries, now)
    limit = settings().member_daily_applications
    quota = daily_quota("beneficiary_changes", principal.user_id, limit,
                        rules.daily_limit_message(limit), now)
    try:
        saved = store.create(change, quota)
    except (Conflict, Throttled) as refusal:
        _audit("accounts.beneficiary_change_submitted", principal, context, change,
               outcome="denied", reason=refusal.code)
        raise
    _audit("accounts.beneficiary_change_submitted", principal, context, saved,
           beneficiaries=len(saved.beneficiaries))
    return _detail(saved, principal)


def list_changes(principal: Principal, query: ListQuery) -> dict[str, Any]:
    """Members: their own; operators: those assigned to them; admins: all (by state) or one
    assignee's. Newest first; ``{items, next_cursor}``."""
    status, limit, cursor = query.status, query.limit, query.cursor
    statuses = [status] if status else list(rules.ADMIN_LIST_ORDER)
    listing = Listing(
        of_member=lambda member_id: store.of_member(member_id, status=status, limit=limit,
                                                    cursor=cursor),
        of_assignee=lambda assignee_id: store.of_assignee(assignee_id, status=status,
                                                          limit=limit, cursor=cursor),
        everyone=lambda: store.with_statuses(statuses, limit=limit, cursor=cursor))
    page = assigned_cases.read_list(principal, {"assignee": query.assignee}, listing)
    plans = _plans_of(page.items)
    return {"items": [_summary(change, principal, plans) for change in page.items],
            "next_cursor": page.next_cursor}


def read(principal: Principal, change_id: str, context: RequestContext) -> dict[str, Any]:
    return _detail(_visible(principal, change_id, context), principal)


def assign(principal: Principal, change_id: str, request: AssignRequest,
           context: RequestContext) -> dict[str, Any]:
    """An admin hands an open request to an active operator, who is e-mailed."""
    change = _visible(principal, change_id, context)
    operator = _active_operator(request.operator_id)
    after = change.assign(_actor(principal), operator.as_actor(Role.OPERATOR), utc_now())
    saved = store.save(change, after)
    _audit("accounts.beneficiary_change_assigned", principal, context, saved,
           previous_assignee=change.assignee_id or "-", assignee=operator.user_id,
           from_status=change.status.value, to_status=saved.status.value)
    notifications.send_email(emails.assigned_to_operator(
        operator.email, number=saved.number, member_name=saved.member_name,
        link=_link(Role.OPERATOR, saved.change_id)))
    return _detail(saved, principal)


def change_status(principal: Principal, change_id: str, move: StatusChange,
                  context: RequestContext) -> dict[str, Any]:
    """The assignee (or an admin) observes, approves or rejects; the member is e-mailed."""
    change = _visible(principal, change_id, context)
    after = change.move(_actor(principal), move, utc_now())
    saved = store.save(change, after)
    _audit("accounts.beneficiary_change_status_changed", principal, context, saved,
           from_status=change.status.value, to_status=saved.status.value,
           observation_length=len(move.observation or ""))
    if saved.status in rules.MEMBER_IS_NOTIFIED:
        _email_member(saved)
    return _detail(saved, principal)


def correct(principal: Principal, change_id: str, request: CorrectionRequest,
            context: RequestContext) -> dict[str, Any]:
    """The member sends the corrected list of an observed request; it goes back to staff."""
    change = _visible(principal, change_id, context)
    after = change.correct(_actor(principal), request.beneficiaries, utc_now())
    saved = store.save(change, after)
    _audit("accounts.beneficiary_change_corrected", principal, context, saved,
           from_status=change.status.value, to_status=saved.status.value,
           beneficiaries=len(saved.beneficiaries))
    return _detail(saved, principal)


# --- steps --------------------------------------------------------------------------------


def _visible(principal: Principal, change_id: str,
             context: RequestContext) -> BeneficiaryChange:
    return assigned_cases.visible(principal, change_id, context, CHANGE, load=store.load,
                                  parties=_parties)


def _parties(change: BeneficiaryChange) -> Parties:
    return Parties(member_id=change.member_id, assignee_id=change.assignee_id)


def _user(user_id: str) -> Person:
    person = _people.find(user_id)
    if person is None:
        raise NotAuthenticated()
    return person


def _actor(principal: Principal) -> assigned_case.Actor:
    return _user(principal.user_id).as_actor(principal.role)


def _member_plan(principal: Principal, plan_id: str) -> dict[str, Any]:
    """The member's own plan (404 for any other: a plan id says nothing about whose it is)."""
    found = store.plans({(principal.dni, plan_id)}) if principal.dni else {}
    plan = found.get((principal.dni or "", plan_id))
    if plan is None:
        raise NotFound(PLAN_NOT_FOUND, code="plan_not_found")
    return plan


def _active_operator(operator_id: str | None) -> Person:
    person = _people.find(operator_id) if operator_id is not None else None
    if person is None or not person.is_active_operator:
        raise InvalidInput("Solo se asignan solicitudes a operadores activos.",
                           code="invalid_assignee",
                           fields={"operator_id": "Elige un operador activo."})
    return person


def _email_member(change: BeneficiaryChange) -> None:
    """Only while the member's account is active."""
    member = _people.find(change.member_id)
    if member is None or not member.active:
        return
    notifications.send_email(emails.decision_to_member(
        member.email, number=change.number, status=change.status,
        link=_link(Role.MEMBER, change.change_id)))


def _link(role: Role, change_id: str) -> str:
    page = "beneficio-familiar" if role is Role.MEMBER else "beneficiarios"
    return f"{settings().site_url.rstrip('/')}/{page}?solicitud={quote(change_id)}"


def _audit(action: str, principal: Principal, context: RequestContext,
           change: BeneficiaryChange, outcome: str = "success", **details: object) -> None:
    audit.record(action=action, outcome=outcome, context=context, principal=principal,
                 target=CHANGE.target(change.change_id),
                 details={"number": change.number, "plan": change.plan_id, **details},
                 subject_id=change.member_id)  # dropped by the writer when they act


# --- answers ------------------------------------------------------------------------------


def _plan_key(change: BeneficiaryChange) -> PlanKey:
    return (change.member_dni or "", change.plan_id)


def _plans_of(changes: Iterable[BeneficiaryChange]) -> dict[PlanKey, dict[str, Any]]:
    """One BatchGetItem for the plans of the approved requests on the page (none otherwise)."""
    wanted = {_plan_key(c) for c in changes if c.status is Status.APPROVED and c.member_dni}
    return store.plans(wanted) if wanted else {}


def _registration(change: BeneficiaryChange, principal: Principal,
                  plans: dict[PlanKey, dict[str, Any]]) -> dict[str, Any] | None:
    plan = plans.get(_plan_key(change))
    as_of = date.fromisoformat(plan["as_of"]) if plan and plan.get("as_of") else None
    check = change.registration(plan.get("beneficiaries") if plan else None, as_of)
    if check is None:
        return None
    status = check.status
    if principal.role not in STAFF_ROLES and status is Registration.MISMATCH:
        status = Registration.PENDING  # what staff are looking into is theirs to explain
    answer: dict[str, Any] = {"status": status.value,
                              "label": rules.REGISTRATION_LABELS[status]}
    if principal.role in STAFF_ROLES:
        answer["differences"] = list(check.differences)
    return answer


def _instant(stored: str | None) -> str | None:
    return iso_instant(parse_instant(stored)) if stored else None


def _summary(change: BeneficiaryChange, principal: Principal,
             plans: dict[PlanKey, dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": change.change_id,
        "number": change.number,
        "status": change.status.value,
        "status_label": rules.STATUS_LABELS[change.status],
        "plan_id": change.plan_id,
        "plan_number": change.plan_number,
        "member_id": change.member_id,
        "member_name": change.member_name,
        "member_dni": change.member_dni,
        "assignee_id": change.assignee_id,
        "assignee_name": change.assignee_name,
        "beneficiaries": [b.as_dict() for b in change.beneficiaries],
        "created_at": _instant(change.created_at),
        "updated_at": _instant(change.updated_at),
        "decided_at": _instant(change.decided_at),
        "registration": _registration(change, principal, plans),
        "allowed_statuses": [s.value for s in change.moves_for(principal.role)],
        "can_assign": change.can_be_assigned_by(principal.role),
        "can_correct": change.can_be_corrected_by(principal.role),
    }


def _detail(change: BeneficiaryChange, principal: Principal) -> dict[str, Any]:
    """The summary, the history and its observations, and the plan's beneficiaries as the
    core system last sent them (``current_beneficiaries``)."""
    plans = store.plans({_plan_key(change)}) if change.member_dni else {}
    plan = plans.get(_plan_key(change))
    history = [dict(line) for line in change.history]
    current = [{"name": b.get("name"), "relationship": b.get("relationship"),
                "percentage": b.get("percentage")} for b in (plan or {}).get("beneficiaries", [])]
    return {**_summary(change, principal, plans), "history": history,
            "observations": assigned_case.observations_of(history),
            "current_beneficiaries": current,
            "current_as_of": (plan or {}).get("as_of")}
