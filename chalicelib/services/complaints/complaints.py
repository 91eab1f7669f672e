"""The Libro de Reclamaciones virtual (issue 18): a sheet filed from the public form, its copy
(screen, PDF, e-mail), the public status page, and the staff queue (assign, answer).

Filing and the status page need no session: both count against the caller's address
(``services.auth.address_throttle``: every filing, and every lookup that finds nothing) on the
Libro's own budgets, never the sign-ins': an office whose members share one public address files
reclamos without locking its members out, and a sign-in attack never closes the book. A
signed-in member's filing is linked to the account («mis reclamos»).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from chalicelib.domain.auth.address_throttle import COMPLAINT_FILINGS, COMPLAINT_LOOKUPS
from chalicelib.domain.complaints import emails, sheet
from chalicelib.domain.complaints.complaint import Complaint, NewComplaint, Status, complaint_code
from chalicelib.domain.complaints.requests import (
    NOT_FOUND_MESSAGE,
    AnswerRequest,
    AssignRequest,
    StatusLookup,
    parse_code,
)
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.business_days import business_days_left
from chalicelib.domain.shared.errors import InvalidInput, NotAuthenticated, NotFound
from chalicelib.domain.shared.permissions import ADMIN_ROLES, Role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.auth import address_throttle, sessions
from chalicelib.services.complaints import sheet_pdf
from chalicelib.services.shared import audit, business_calendar, notifications
from chalicelib.settings import settings
from chalicelib.store.complaints import complaints as store
from chalicelib.store.shared import holidays
from chalicelib.store.shared.case_people import UserDirectory

CODE_ATTEMPTS = 5
"""A code already taken (a counter restored behind the table) is skipped, never reused."""
ANSWERED_LIST_DAYS = 90
"""The staff list of answered sheets reads the book of the last 90 days."""
LIST_LIMIT = 200
FILINGS_THROTTLED_MESSAGE = (
    "Se han registrado muchas hojas de reclamación desde tu conexión en la última hora. "
    "Inténtalo más tarde o acércate a cualquiera de nuestras oficinas, donde el Libro de "
    "Reclamaciones está a tu disposición.")
LOOKUPS_THROTTLED_MESSAGE = (
    "Demasiadas consultas sin resultado desde tu conexión. Espera unos minutos y revisa el "
    "código y el documento de tu hoja de reclamación.")


def status_link(code: str = "") -> str:
    query = f"?codigo={code}" if code else ""
    return f"{settings().site_url}/reclamos/estado{query}"


def optional_member(cookie_token: str | None) -> Principal | None:
    """The signed-in member filing, if any: a visitor, a stale cookie or a staff session
    files as anyone else does (the sheet is simply not linked to an account)."""
    if not cookie_token:
        return None
    try:
        principal, _ = sessions.authenticate(cookie_token)
    except NotAuthenticated:
        return None
    return principal if principal.role is Role.MEMBER else None


def file_complaint(form: NewComplaint, cookie_token: str | None,
                   context: RequestContext) -> dict[str, Any]:
    """``POST /api/tickets/complaints``: the next code of the Lima year, the due date, the
    sheet (put only if its code is new), the e-mailed copy with its PDF; 201 with the sheet
    and the same PDF for the screen's «Descargar copia (PDF)»."""
    address_throttle.ensure_allowed(context, COMPLAINT_FILINGS, FILINGS_THROTTLED_MESSAGE)
    address_throttle.register_failure(context, "complaints.filed", COMPLAINT_FILINGS)
    member = optional_member(cookie_token)
    now = clock.utc_now()
    received_on = clock.lima_today(now)
    complaint = _create(Complaint(
        code="", sheet=form, status=Status.RECEIVED, received_at=now, received_on=received_on,
        due_on=business_calendar.answer_due_date(received_on),
        member_id=member.user_id if member else None,
        history=({"at": clock.iso_instant(now), "event": "recibido"},)))
    pdf = sheet_pdf.attachment(complaint)
    notifications.send_email(emails.copy_to_consumer(complaint, pdf, status_link(complaint.code)))
    audit.record(action="complaints.filed", outcome="success", context=context,
                 principal=member, target=f"complaint:{complaint.code}",
                 details={"kind": form.kind.value, "product": form.product.value,
                          "linked": member is not None,
                          "due_on": complaint.due_on.isoformat()})
    return {**sheet.consumer_view(complaint),
            "copy": {"file_name": pdf.filename, "content_type": pdf.content_type,
                     "data": base64.b64encode(pdf.data).decode("ascii")}}


def _create(draft: Complaint) -> Complaint:
    year = draft.received_on.year
    for _ in range(CODE_ATTEMPTS):
        complaint = replace(draft, code=complaint_code(year, store.next_sequence(year)))
        try:
            store.create(complaint)
        except store.CodeTaken:
            continue
        return complaint
    raise RuntimeError(f"no free complaint code for {year} after {CODE_ATTEMPTS} attempts")


def complaint_status(lookup: StatusLookup, context: RequestContext) -> dict[str, Any]:
    """``POST /api/tickets/complaints/status``: code and document. An unknown code and a wrong
    document are the same 404 (no oracle) and count against the address."""
    address_throttle.ensure_allowed(context, COMPLAINT_LOOKUPS, LOOKUPS_THROTTLED_MESSAGE)
    complaint = store.find(lookup.code)
    if complaint is None or complaint.sheet.consumer.document_number != lookup.document_number:
        address_throttle.register_failure(context, "complaints.status", COMPLAINT_LOOKUPS)
        audit.record(action="complaints.status_checked", outcome="failure", context=context,
                     target="complaint:-", details={"result": "not_found"})
        raise NotFound(NOT_FOUND_MESSAGE, code="complaint_not_found")
    audit.record(action="complaints.status_checked", outcome="success", context=context,
                 target=f"complaint:{complaint.code}", details={"status": complaint.status.value})
    return sheet.status_view(complaint)


# --- the staff queue ----------------------------------------------------------------------


def _is_admin(principal: Principal) -> bool:
    return principal.role in ADMIN_ROLES


def list_complaints(principal: Principal, answered: bool) -> dict[str, Any]:
    """``GET /api/tickets/complaints``: admins the whole open queue (or the answered ones of
    the last 90 days), operators the sheets assigned to them; earliest due date first."""
    if _is_admin(principal):
        found: Iterable[Complaint] = (_recently_answered() if answered
                                      else store.open_complaints())
    else:
        found = (each for each in store.assigned_to(principal.user_id)
                 if (each.status is Status.ANSWERED) == answered)
    items = [each for _, each in zip(range(LIST_LIMIT), found, strict=False)]
    left = _days_left(items)
    return {"items": [sheet.staff_row(each, left.get(each.code)) for each in items],
            "as_of": clock.iso_instant(clock.utc_now())}


def _recently_answered() -> Iterable[Complaint]:
    today = clock.lima_today()
    book = store.received_between(today - timedelta(days=ANSWERED_LIST_DAYS), today)
    return sorted((each for each in book if each.status is Status.ANSWERED),
                  key=lambda each: each.answered_at or each.received_at, reverse=True)


def _days_left(items: list[Complaint]) -> dict[str, int]:
    """Business days left of each open sheet; the holidays are read once for the list."""
    open_items = [each for each in items if each.is_open]
    if not open_items:
        return {}
    today = clock.lima_today()
    days = [today, *(each.due_on for each in open_items)]
    known = holidays.holidays_of_years(range(min(days).year, max(days).year + 1))
    return {each.code: business_days_left(today, each.due_on, known) for each in open_items}


def _visible(principal: Principal, code: str, context: RequestContext) -> Complaint:
    """The sheet if the caller works it (admins all, an operator those assigned to them);
    anything else is the same 404, audited when the sheet exists."""
    complaint = store.find(parse_code(code))
    if complaint is None:
        raise NotFound("No encontramos esa hoja de reclamación.", code="complaint_not_found")
    if _is_admin(principal) or complaint.assignee_id == principal.user_id:
        return complaint
    audit.record(action="complaints.access_denied", outcome="denied", context=context,
                 principal=principal, target=f"complaint:{complaint.code}")
    raise NotFound("No encontramos esa hoja de reclamación.", code="complaint_not_found")


def _detail(complaint: Complaint) -> dict[str, Any]:
    left = business_calendar.days_left_to_answer(complaint.due_on) if complaint.is_open else None
    return sheet.staff_detail(complaint, left)


def read_complaint(principal: Principal, code: str, context: RequestContext) -> dict[str, Any]:
    return _detail(_visible(principal, code, context))


def assign_complaint(principal: Principal, code: str, assignment: AssignRequest,
                     context: RequestContext) -> dict[str, Any]:
    """An admin gives an open sheet to an active operator; it is then «en atención»."""
    complaint = _visible(principal, code, context)
    operator = UserDirectory().find(assignment.operator_id)
    if operator is None or not operator.is_active_operator:
        raise InvalidInput(fields={"operator_id": "Elige un operador activo."})
    now = clock.utc_now()
    assigned = replace(
        complaint, assignee_id=operator.user_id, assignee_name=operator.name,
        status=Status.IN_PROGRESS,
        history=(*complaint.history, {"at": clock.iso_instant(now), "event": "asignado",
                                      "by": principal.user_id, "to": operator.name}))
    store.save_assignment(assigned)
    audit.record(action="complaints.assigned", outcome="success", context=context,
                 principal=principal, target=f"complaint:{complaint.code}",
                 details={"assignee_id": operator.user_id,
                          "previous": complaint.assignee_id or "-"},
                 subject_id=complaint.member_id)  # a sheet filed signed in: in their archive
    return _detail(assigned)


def answer_complaint(principal: Principal, code: str, answer: AnswerRequest,
                     context: RequestContext) -> dict[str, Any]:
    """The assigned operator or an admin answers: «respondido», e-mailed to the consumer and
    shown on the status page; the sheet leaves the open queue (409 if already answered)."""
    complaint = _visible(principal, code, context)
    staff = UserDirectory().find(principal.user_id)
    now = clock.utc_now()
    answered = replace(
        complaint, status=Status.ANSWERED, answer=answer.answer, answered_at=now,
        answered_by=staff.name if staff else principal.user_id,
        history=(*complaint.history, {"at": clock.iso_instant(now), "event": "respondido",
                                      "by": principal.user_id}))
    store.save_answer(answered)
    notifications.send_email(emails.answer_to_consumer(answered, status_link(answered.code)))
    audit.record(action="complaints.answered", outcome="success", context=context,
                 principal=principal, target=f"complaint:{complaint.code}",
                 details={"days_left": business_calendar.days_left_to_answer(complaint.due_on),
                          "chars": len(answer.answer)},
                 subject_id=complaint.member_id)
    return _detail(answered)

