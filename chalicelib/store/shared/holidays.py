"""The holidays an admin keeps (Lima), table ``holidays``: one partition per year, the ISO date
as sort key. Every read is a Query on one year's partition (no Scan); the writes are conditional
so two admins adding the same day, or removing it twice, see a conflict or a 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pynamodb.exceptions import DeleteError, PutError

from chalicelib.domain.admin.holidays import Holiday, holiday_not_found, holiday_taken
from chalicelib.store.shared.models import HolidayModel


def _holiday(item: HolidayModel) -> Holiday:
    return Holiday(day=date.fromisoformat(item.day), name=item.name,
                   added_by=item.added_by, added_at=item.added_at)


def of_year(year: int) -> list[Holiday]:
    """Key condition ``year = :y``, by date (consistent: a day just added counts at once)."""
    return [_holiday(item) for item in HolidayModel.query(year, consistent_read=True)]


def holidays_of_years(years: Iterable[int]) -> frozenset[date]:
    """The days of each year named: one Query per year."""
    return frozenset(holiday.day for year in sorted(set(years)) for holiday in of_year(year))


def _conditional_failed(error: PutError | DeleteError) -> bool:
    return error.cause_response_code == "ConditionalCheckFailedException"


def add(holiday: Holiday) -> None:
    """PutItem conditioned on ``attribute_not_exists(day)``: a day is listed once."""
    item = HolidayModel(year=holiday.day.year, day=holiday.day.isoformat(), name=holiday.name,
                        added_by=holiday.added_by, added_at=holiday.added_at)
    try:
        item.save(condition=HolidayModel.day.does_not_exist())
    except PutError as error:
        if _conditional_failed(error):
            raise holiday_taken(holiday.day) from None
        raise


def remove(day: date) -> Holiday:
    """DeleteItem conditioned on ``attribute_exists(day)``, ALL_OLD: the removed holiday (for
    the audit), or 404 when it was not listed."""
    item = HolidayModel(year=day.year, day=day.isoformat())
    try:
        old = item.delete(condition=HolidayModel.day.exists())
    except DeleteError as error:
        if _conditional_failed(error):
            raise holiday_not_found() from None
        raise
    attributes = (old or {}).get("Attributes", {})
    return Holiday(day=day, name=attributes.get("name", {}).get("S", ""),
                   added_by=attributes.get("added_by", {}).get("S", ""),
                   added_at=attributes.get("added_at", {}).get("S", ""))
