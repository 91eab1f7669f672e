"""Use case «Reportes en PDF»: build one of the member's reports, store it, hand back a link.

The data comes from the same service functions the screens use (``services.accounts.accounts`` for
aportes, CTS and the loan's schedule; ``services.credit.products.run_simulation`` recomputes a
simulation from its inputs, so no figure from the client is ever printed). The member is the
session's: their DNI picks the partition, so another member's loan id is simply not found (404).
"""

from __future__ import annotations

import hashlib
import time
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from chalicelib.domain.reports import reports as rules
from chalicelib.domain.reports import statement, verification
from chalicelib.domain.reports.reports import Member, ReportDocument, ReportRequest
from chalicelib.domain.reports.requests import VerifyRequest
from chalicelib.domain.shared import clock, errors
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.accounts import accounts
from chalicelib.services.auth import address_throttle
from chalicelib.services.credit import products as credit_products
from chalicelib.services.shared import audit
from chalicelib.settings import settings
from chalicelib.store.auth import users
from chalicelib.store.reports import reports as store
from chalicelib.store.reports import verifications


def _member(principal: Principal) -> Member:
    dni = principal.dni
    if not dni:  # a member account always has one; never fall back to the request
        raise errors.NotFound("No hay productos asociados a tu cuenta.")
    user = users.get(principal.user_id)
    name = users.full_name(user) if user else ""
    return Member(name=name or "-", dni=dni)


def _document(request: ReportRequest, member: Member, today: date) -> ReportDocument:
    if request.kind == rules.CONTRIBUTIONS:
        return rules.contributions_document(accounts.contributions(member.dni, today), member,
                                            request, today)
    if request.kind == rules.CTS:
        return rules.cts_document(accounts.cts(member.dni), member, request, today)
    if request.kind == rules.SAVINGS_STATEMENT:
        view = accounts.savings_account(member.dni, str(request.account_id))
        return statement.statement_document(view, member, request, today)
    if request.kind == rules.LOAN_SCHEDULE:
        loan = accounts.loan(member.dni, str(request.loan_id), today)
        return rules.loan_schedule_document(loan, member, today)
    view = credit_products.run_simulation(request.simulation or {}, today)[2]
    return rules.simulation_document(view, member, today)


def render(document: ReportDocument, code: str, generated: datetime) -> bytes:
    """fpdf2 is imported here, on the first report, never at the function's cold start."""
    from chalicelib.services.reports import pdf_report

    return pdf_report.render(document, code, generated,
                             verification.check_url(settings().site_url, code))


def create_report(principal: Principal, request: ReportRequest, now: datetime,
                  context: RequestContext) -> dict[str, Any]:
    """``POST /api/reports`` (``request`` as the handler parsed it at ``now``): the PDF goes to an
    opaque key (``rules.object_key``, SSE), its verification record is kept for the public check,
    and the answer is a presigned GET valid 5 minutes that downloads it under its Spanish file
    name. Each generation is audited with its code's reference (never the code itself)."""
    started = time.perf_counter()
    today = clock.lima_today(now)
    member = _member(principal)
    document = _document(request, member, today)
    report_id = uuid.uuid4().hex
    code = verification.new_code()
    data = render(document, code, now)
    key = rules.object_key(today, report_id)
    store.put_pdf(key, data)
    verifications.save(verification.new_record(
        code, kind=request.kind, title=document.title, issued_at=now,
        member_name=member.name, dni=member.dni, sha256=hashlib.sha256(data).hexdigest(),
        object_key=key, report_id=report_id,
        period=document.period if request.kind in rules.PERIOD_KINDS else None))
    name = rules.file_name(request.kind, today)
    url = store.download_url(key, rules.content_disposition(name), rules.URL_SECONDS)
    audit.record(action="reports.generated", outcome="success", context=context,
                 principal=principal, target=f"report:{report_id}",
                 details={"kind": request.kind, "check_ref": verification.audit_reference(code),
                          "rows": len(document.rows), "bytes": len(data),
                          "period": document.period,
                          "loan_id": request.loan_id or "-",
                          "account_id": request.account_id or "-",
                          "ms": round((time.perf_counter() - started) * 1000)})
    return {"id": report_id, "url": url, "file_name": name, "verification": code,
            "expires_at": clock.iso_instant(now + timedelta(seconds=rules.URL_SECONDS))}


def verify_report(request: VerifyRequest, context: RequestContext) -> dict[str, Any]:
    """``POST /api/reports/verify``, no session: one GetItem on the code's hash. An address that
    has used up its failures is refused (429) before the lookup; an unknown code counts as one
    failure and is the same 404 whatever the reason. Both outcomes are audited by the code's
    reference."""
    address_throttle.ensure_allowed(context)
    record = verifications.find(verification.code_hash(request.code))
    reference = verification.audit_reference(request.code)
    if record is None:
        address_throttle.register_failure(context, "reports.verify")
        audit.record(action="reports.verified", outcome="failure", context=context,
                     target=f"check:{reference}", details={"result": "not_found"})
        raise errors.NotFound(verification.NOT_FOUND_MESSAGE)
    audit.record(action="reports.verified", outcome="success", context=context,
                 target=f"report:{record.report_id}",
                 details={"result": "found", "check_ref": reference, "kind": record.kind})
    return verification.verification_answer(record)
