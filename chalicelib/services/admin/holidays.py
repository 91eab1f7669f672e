"""«Feriados» (issue 18): an admin lists a year's holidays, adds or removes one. The business-day
calendar (``services.shared.business_calendar``) reads the same table, so a holiday added today
moves the due date of the next reclamo received. Each change is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.domain.admin.holidays import Holiday, NewHoliday
from chalicelib.domain.shared.clock import iso_instant, utc_now
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.shared import audit
from chalicelib.store.shared import holidays as store


def list_year(year: int) -> dict[str, Any]:
    return {"year": year, "items": [holiday.view() for holiday in store.of_year(year)]}


def add(principal: Principal, wanted: NewHoliday, context: RequestContext) -> dict[str, Any]:
    """409 ``holiday_exists`` when the day is already listed (its name is not overwritten)."""
    holiday = Holiday(day=wanted.day, name=wanted.name, added_by=principal.user_id,
                      added_at=iso_instant(utc_now()))
    store.add(holiday)
    audit.record(action="holidays.added", outcome="success", context=context,
                 principal=principal, target=f"holiday:{wanted.day.isoformat()}",
                 details={"name": wanted.name})
    return holiday.view()


def remove(principal: Principal, day: date, context: RequestContext) -> None:
    """404 ``holiday_not_found`` when the day is not listed."""
    removed = store.remove(day)
    audit.record(action="holidays.removed", outcome="success", context=context,
                 principal=principal, target=f"holiday:{day.isoformat()}",
                 details={"name": removed.name})
