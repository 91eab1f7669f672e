"""An admin exports the Libro de Reclamaciones for a period (CSV, issue 18; the file's format is
``domain.complaints.export``). Every sheet received in the period, oldest first, read by one
Query per Lima month; the business days late counted against the holidays an admin keeps.
Audited ``complaints.exported``."""

from __future__ import annotations

from datetime import date

from chalicelib.domain.complaints.complaint import Complaint
from chalicelib.domain.complaints.export import ExportPeriod, export_row, to_csv
from chalicelib.domain.shared.business_days import business_days_left
from chalicelib.domain.shared.clock import LIMA, lima_today
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.shared import audit
from chalicelib.store.complaints import complaints as store
from chalicelib.store.shared import holidays


def _late_reference(complaint: Complaint, today: date) -> date:
    """An answered sheet is late by its answer's day; an open one by today."""
    return complaint.answered_at.astimezone(LIMA).date() if complaint.answered_at else today


def days_late(complaint: Complaint, today: date, known_holidays: frozenset[date]) -> int:
    """Business days past the due date (0 when answered, or still open, in time)."""
    reference = _late_reference(complaint, today)
    if reference <= complaint.due_on:
        return 0
    return -business_days_left(reference, complaint.due_on, known_holidays)


def _holidays_for(sheets: list[Complaint], today: date) -> frozenset[date]:
    years = {today.year} | {sheet.due_on.year for sheet in sheets} | {
        _late_reference(sheet, today).year for sheet in sheets}
    return holidays.holidays_of_years(range(min(years), max(years) + 1))


def export(principal: Principal, period: ExportPeriod,
           context: RequestContext) -> tuple[str, str]:
    """``(csv_text, file_name)``."""
    sheets = list(store.received_between(period.first_day, period.last_day))
    today = lima_today()
    known = _holidays_for(sheets, today)
    text = to_csv(export_row(sheet, days_late(sheet, today, known)) for sheet in sheets)
    audit.record(action="complaints.exported", outcome="success", context=context,
                 principal=principal, target="complaints",
                 details={**period.as_details(), "rows": len(sheets)})
    return text, period.file_name()
