"""The demo cooperative's «Feriados» (issue 18): Peru's national holidays of 2026 and 2027
(Ley 27353 and later laws; Jueves and Viernes Santo follow Easter: 5 April 2026, 28 March 2027),
which the Libro de Reclamaciones' due dates skip. Each day once: one an admin removed on the
local stage stays removed only until the stack starts again with demo data."""

from __future__ import annotations

from datetime import date, timedelta

from chalicelib.domain.admin.holidays import Holiday
from chalicelib.domain.shared.clock import iso_instant, utc_now
from chalicelib.store.shared import holidays

_FIXED = (
    (1, 1, "Año Nuevo"),
    (5, 1, "Día del Trabajo"),
    (6, 7, "Batalla de Arica y Día de la Bandera"),
    (6, 29, "San Pedro y San Pablo"),
    (7, 23, "Día de la Fuerza Aérea del Perú"),
    (7, 28, "Fiestas Patrias"),
    (7, 29, "Fiestas Patrias"),
    (8, 6, "Batalla de Junín"),
    (8, 30, "Santa Rosa de Lima"),
    (10, 8, "Combate de Angamos"),
    (11, 1, "Día de Todos los Santos"),
    (12, 8, "Inmaculada Concepción"),
    (12, 9, "Batalla de Ayacucho"),
    (12, 25, "Navidad"),
)
EASTER_SUNDAYS = {2026: date(2026, 4, 5), 2027: date(2027, 3, 28)}


def peru_national_holidays(year: int) -> list[tuple[date, str]]:
    """The fixed national holidays of ``year`` and its Jueves and Viernes Santo, by date."""
    easter = EASTER_SUNDAYS[year]
    days = [(date(year, month, day), name) for month, day, name in _FIXED]
    days += [(easter - timedelta(days=3), "Jueves Santo"),
             (easter - timedelta(days=2), "Viernes Santo")]
    return sorted(days)


def load_demo_holidays() -> None:
    """Each year's list once: a year that already has holidays is left as the admin keeps it."""
    for year in sorted(EASTER_SUNDAYS):
        if holidays.of_year(year):
            continue
        for day, name in peru_national_holidays(year):
            holidays.add(Holiday(day=day, name=name, added_by="demo",
                                 added_at=iso_instant(utc_now())))
