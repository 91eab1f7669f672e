"""The holidays an admin keeps (issue 18): the days the Libro de Reclamaciones' legal due dates
skip besides weekends (``domain.shared.business_days``).

An admin lists a year, adds a day with its name or removes one. Any day may be added or removed
(a past one too): the due dates already given stay as they were computed, the change applies to
the next ones, and every change is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib.domain.shared.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.shared.input_fields import (
    Fields,
    iso_date,
    present,
    refuse_read_only_fields,
    small_natural,
    text_value,
)

FIRST_YEAR = 2000
LAST_YEAR = 2100
"""The years an admin may keep holidays for: a typo like 20266 is refused, not stored."""

NAME_MAX = 80
SERVER_OWNED = frozenset({"added_by", "added_at", "year"})


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str
    added_by: str = ""
    added_at: str = ""

    def view(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "name": self.name,
                "added_by": self.added_by, "added_at": self.added_at}


@dataclass(frozen=True)
class NewHoliday:
    day: date
    name: str


def _check_year(year: int, field: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(fields={field: f"El año debe estar entre {FIRST_YEAR} y {LAST_YEAR}."})


def parse_year_query(query: Mapping[str, str], today: date) -> int:
    """``?year=AAAA``; this year (Lima) when absent."""
    text = (query.get("year") or "").strip()
    if not text:
        return today.year
    year = small_natural(text)
    if year is None:
        raise InvalidInput(fields={"year": "El año debe ser un número de cuatro cifras."})
    _check_year(year, "year")
    return year


def parse_new_holiday(body: Mapping[str, Any]) -> NewHoliday:
    """``{date: AAAA-MM-DD, name}``; who added it and when are the server's."""
    refuse_read_only_fields(body, SERVER_OWNED)
    fields = Fields()
    day = fields.take("date", iso_date, body.get("date"))
    name = fields.take("name", text_value, body.get("name"), min_length=3, max_length=NAME_MAX)
    fields.raise_if_any()
    _check_year(present(day).year, "date")
    return NewHoliday(day=present(day), name=present(name))


def parse_holiday_day(text: str) -> date:
    """The ``{date}`` of a holiday's path: an unknown or malformed one is simply not there."""
    try:
        return iso_date(text)
    except ValueError:
        raise holiday_not_found() from None


def holiday_not_found() -> NotFound:
    return NotFound("Ese día no está en la lista de feriados.", code="holiday_not_found")


def holiday_taken(day: date) -> Conflict:
    return Conflict(f"El {day.strftime('%d/%m/%Y')} ya está en la lista de feriados.",
                    code="holiday_exists")
