"""PDF reports (docs/design/API.md ``reports``): what a report request may ask for and what a report
holds.

Pure rules: parse and check a request (kind, period, loan id, simulation inputs), turn the
member's views (the same dicts the accounts and credit endpoints answer) into a ``ReportDocument``
— title, summary lines, a table and its totals — and name the downloaded file. Drawing the PDF is
``services.reports.pdf_report``'s job; nothing here knows fpdf2 or S3.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from chalicelib.domain.shared import errors
from chalicelib.domain.shared.input_fields import is_iso_date_text
from chalicelib.domain.shared.money import ZERO, to_cents

CONTRIBUTIONS = "contributions"
CTS = "cts"
LOAN_SCHEDULE = "loan_schedule"
SIMULATION = "simulation"
SAVINGS_STATEMENT = "savings_statement"
KINDS: tuple[str, ...] = (CONTRIBUTIONS, CTS, LOAN_SCHEDULE, SIMULATION, SAVINGS_STATEMENT)
PERIOD_KINDS = frozenset({CONTRIBUTIONS, CTS, SAVINGS_STATEMENT})
"""The kinds whose PDF lists a period's movements: their verification names the period."""

SIMULATION_FIELDS = ("product_code", "amount", "term_months", "payment_method",
                     "disbursement_date")
EARLIEST_DATE = date(1960, 1, 1)
"""No movement of the cooperative predates it: an earlier ``from`` is a typo, not a request."""
MAX_PERIOD_MONTHS = 24
"""The longest period one PDF may cover: a statement stays a few pages, not a life's history."""
URL_SECONDS = 300
"""The presigned GET's validity (5 minutes)."""
MAX_ID_LENGTH = 64

TITLES = {CONTRIBUTIONS: "Reporte de aportes", CTS: "Reporte de CTS",
          LOAN_SCHEDULE: "Cronograma de pagos del préstamo",
          SIMULATION: "Simulación de crédito",
          SAVINGS_STATEMENT: "Estado de cuenta de ahorros"}
FILE_STEMS = {CONTRIBUTIONS: "reporte-aportes", CTS: "reporte-cts",
              LOAN_SCHEDULE: "cronograma-prestamo", SIMULATION: "simulacion-credito",
              SAVINGS_STATEMENT: "estado-cuenta-ahorros"}
"""Plain ASCII: phone download managers mangle accents in a saved file's name."""
CURRENCY_SYMBOLS = {"PEN": "S/", "USD": "US$"}
STATUS_NAMES = {"paid": "Pagada", "pending": "Pendiente", "overdue": "Vencida"}
PAYMENT_METHODS = {"planilla": "descuento por planilla", "ventanilla": "pago en ventanilla"}



# --- the request ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRequest:
    kind: str
    start: date | None = None
    end: date | None = None
    loan_id: str | None = None
    simulation: dict[str, Any] | None = None
    account_id: str | None = None
    """The savings account of a ``savings_statement``."""


def _date_field(payload: Mapping[str, Any], name: str, today: date,
                fields: dict[str, str]) -> date | None:
    value = payload.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not is_iso_date_text(value):
        fields[name] = "Use una fecha con el formato AAAA-MM-DD."
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        fields[name] = "La fecha no existe."
        return None
    if day < EARLIEST_DATE:
        fields[name] = f"La fecha no puede ser anterior a {EARLIEST_DATE.year}."
    elif day > today:
        fields[name] = "La fecha no puede ser posterior a hoy."
    return day


def months_later(day: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _period(payload: Mapping[str, Any], today: date,
            fields: dict[str, str]) -> tuple[date | None, date | None]:
    """``from`` ≤ ``to`` ≤ today, and at most ``MAX_PERIOD_MONTHS`` from ``from`` to ``to``
    (to today when ``to`` is left out): 01/01/2025–31/12/2026 is 24 months, one day more is
    not."""
    start = _date_field(payload, "from", today, fields)
    end = _date_field(payload, "to", today, fields)
    if "from" in fields or "to" in fields or start is None:
        return start, end
    if end and start > end:
        fields["to"] = "La fecha final no puede ser anterior a la inicial."
    elif (end or today) >= months_later(start, MAX_PERIOD_MONTHS):
        fields["to" if end else "from"] = \
            f"El periodo no puede ser mayor a {MAX_PERIOD_MONTHS} meses."
    return start, end


ID_MESSAGES = {LOAN_SCHEDULE: ("Indica el préstamo del cronograma.",
                              "Identificador de préstamo no válido."),
               SAVINGS_STATEMENT: ("Indica la cuenta de ahorros del estado de cuenta.",
                                   "Identificador de cuenta no válido.")}


def _product_id(payload: Mapping[str, Any], kind: str, fields: dict[str, str]) -> str | None:
    """The loan of a schedule, the savings account of a statement."""
    missing, invalid = ID_MESSAGES[kind]
    value = payload.get("id")
    if value is None or value == "":
        fields["id"] = missing
        return None
    if not isinstance(value, str) or len(value) > MAX_ID_LENGTH:
        fields["id"] = invalid
        return None
    return value


def _statement_period(start: date | None, end: date | None, fields: dict[str, str]) -> None:
    """A statement always names its period: both ends are required."""
    if start is None and "from" not in fields:
        fields["from"] = "Indica la fecha inicial del periodo."
    if end is None and "to" not in fields:
        fields["to"] = "Indica la fecha final del periodo."


def _simulation_inputs(payload: Mapping[str, Any], fields: dict[str, str]) -> dict[str, Any]:
    """The inputs, nested under ``simulation`` or at the top level (never computed figures)."""
    nested = payload.get("simulation")
    if nested is not None and not isinstance(nested, dict):
        fields["simulation"] = "Debe ser un objeto con los datos de la simulación."
        return {}
    source = nested if isinstance(nested, dict) else payload
    return {name: source[name] for name in SIMULATION_FIELDS if name in source}


def parse_request(payload: Mapping[str, Any], today: date) -> ReportRequest:
    """``kind`` (one of ``KINDS``), ``from``/``to`` (``YYYY-MM-DD``, 1960 ≤ from ≤ to ≤ today,
    at most ``MAX_PERIOD_MONTHS``; both required for a savings statement), ``id`` (the loan of
    ``loan_schedule``, the account of ``savings_statement``) and the simulation inputs
    (``simulation``); every problem is named in the 400's ``fields``."""
    fields: dict[str, str] = {}
    kind = payload.get("kind")
    if kind not in KINDS:
        fields["kind"] = f"Use uno de: {', '.join(KINDS)}."
    start, end = _period(payload, today, fields)
    if kind == SAVINGS_STATEMENT:
        _statement_period(start, end, fields)
    product_id = _product_id(payload, str(kind), fields) if kind in ID_MESSAGES else None
    inputs = _simulation_inputs(payload, fields) if kind == SIMULATION else None
    if fields:
        raise errors.InvalidInput("Revisa los datos del reporte.", fields=fields)
    return ReportRequest(kind=str(kind), start=start, end=end,
                         loan_id=product_id if kind == LOAN_SCHEDULE else None,
                         account_id=product_id if kind == SAVINGS_STATEMENT else None,
                         simulation=inputs)


# --- the document ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    """Millimetres on an A4 portrait page (190 mm between the margins)."""
    align: str = "L"


MOVEMENT_COLUMNS = (Column("Fecha", 24), Column("Descripción", 96), Column("Monto", 35, "R"),
                    Column("Saldo", 35, "R"))
SCHEDULE_COLUMNS = (Column("Fecha", 21), Column("Descripción", 35), Column("Capital", 25, "R"),
                    Column("Interés", 25, "R"), Column("Seguro", 20, "R"),
                    Column("Monto", 30, "R"), Column("Saldo", 34, "R"))
LOAN_SCHEDULE_COLUMNS = (Column("Fecha", 20), Column("Descripción", 25),
                         Column("Capital", 24, "R"), Column("Interés", 22, "R"),
                         Column("Seguro", 18, "R"), Column("Monto", 27, "R"),
                         Column("Saldo", 32, "R"), Column("Estado", 22))
"""A loan's schedule adds each installment's state in its own column, so the description
("Cuota 10 de 24") is never cut; the widths still add up to the page's 190 mm."""


@dataclass(frozen=True)
class ReportDocument:
    kind: str
    title: str
    member_name: str
    dni: str
    period: str
    as_of: str
    summary: list[tuple[str, str]]
    columns: tuple[Column, ...]
    rows: list[tuple[str, ...]]
    totals: list[tuple[str, ...]] = field(default_factory=list)
    """Rows drawn in bold after the table, aligned with its columns."""
    empty_message: str = "No hay movimientos en el periodo."


def amount_text(value: Decimal | str, currency: str = "PEN") -> str:
    """``S/ 1,234.56`` (``-S/ 1,234.56`` when negative; ``US$`` for dollars)."""
    amount = to_cents(Decimal(value))
    sign = "-" if amount < 0 else ""
    return f"{sign}{CURRENCY_SYMBOLS.get(currency, currency)} {abs(amount):,.2f}"


def day_text(iso: str | date | None) -> str:
    """``25/11/2026``; empty for no date."""
    if not iso:
        return ""
    day = iso if isinstance(iso, date) else date.fromisoformat(str(iso)[:10])
    return day.strftime("%d/%m/%Y")


def period_text(start: date | None, end: date | None) -> str:
    if start and end:
        return f"Del {day_text(start)} al {day_text(end)}"
    if start:
        return f"Desde el {day_text(start)}"
    if end:
        return f"Hasta el {day_text(end)}"
    return "Todos los movimientos"


def in_period(movements: Iterable[Mapping[str, Any]], start: date | None,
              end: date | None) -> list[Mapping[str, Any]]:
    """The movements dated within [start, end], oldest first (the order of a statement)."""
    low = start.isoformat() if start else ""
    high = end.isoformat() if end else "9999-12-31"
    chosen = [m for m in movements if low <= str(m["date"]) <= high]
    return sorted(chosen, key=lambda m: (str(m["date"]), str(m.get("id", ""))))


def movement_totals(movements: Sequence[Mapping[str, Any]]) -> dict[str, Decimal]:
    """Per currency: the sum of the period's amounts."""
    sums: dict[str, Decimal] = {}
    for movement in movements:
        currency = str(movement.get("currency") or "PEN")
        sums[currency] = sums.get(currency, ZERO) + Decimal(str(movement["amount"]))
    return sums


def _movement_rows(movements: Sequence[Mapping[str, Any]]) -> list[tuple[str, ...]]:
    return [(day_text(m["date"]), str(m["description"]),
             amount_text(m["amount"], m.get("currency") or "PEN"),
             amount_text(m["balance"], m.get("currency") or "PEN")) for m in movements]


def _movement_total_rows(movements: Sequence[Mapping[str, Any]]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for currency, total in sorted(movement_totals(movements).items()):
        closing = next(m["balance"] for m in reversed(movements)
                       if (m.get("currency") or "PEN") == currency)
        rows.append(("", f"Total del periodo ({len(movements)} movimientos)",
                     amount_text(total, currency), amount_text(closing, currency)))
    return rows


@dataclass(frozen=True)
class Member:
    name: str
    dni: str


def contributions_document(view: Mapping[str, Any], member: Member, request: ReportRequest,
                           today: date) -> ReportDocument:
    """Aportes: the period's movements with their balance, the period's total and the balance
    after its last movement; the account's current balance and monthly fee above."""
    movements = in_period(view["movements"], request.start, request.end)
    account = view.get("account") or {}
    return ReportDocument(
        kind=CONTRIBUTIONS, title=TITLES[CONTRIBUTIONS], member_name=member.name, dni=member.dni,
        period=period_text(request.start, request.end),
        as_of=day_text(account.get("as_of") or today),
        summary=[("Cuenta de aportes", str(account.get("masked_number") or "-")),
                 ("Saldo actual", amount_text(view["balance"])),
                 ("Aporte mensual", amount_text(view["monthly_fee"]))],
        columns=MOVEMENT_COLUMNS, rows=_movement_rows(movements),
        totals=_movement_total_rows(movements))


def cts_document(view: Mapping[str, Any], member: Member, request: ReportRequest,
                 today: date) -> ReportDocument:
    """CTS: the deposits' balances and withdrawable parts, then the period's movements."""
    summary = []
    for item in view["items"]:
        currency = item["currency"]
        summary.append((f"{item['employer']} ({item['masked_number']})",
                        f"Saldo {amount_text(item['balance'], currency)} - disponible "
                        f"{amount_text(item['available_to_withdraw'], currency)}"))
    for currency, total in view["totals"].items():
        if Decimal(total) != 0:
            summary.append((f"Saldo total CTS ({currency})", amount_text(total, currency)))
    movements = in_period(view["movements"], request.start, request.end)
    as_of = max((str(item["as_of"]) for item in view["items"]), default="") or today
    return ReportDocument(
        kind=CTS, title=TITLES[CTS], member_name=member.name, dni=member.dni,
        period=period_text(request.start, request.end), as_of=day_text(as_of),
        summary=summary or [("Depósitos CTS", "No registra depósitos CTS.")],
        columns=MOVEMENT_COLUMNS, rows=_movement_rows(movements),
        totals=_movement_total_rows(movements))


def _schedule_rows(schedule: Sequence[Mapping[str, Any]], currency: str,
                   with_status: bool) -> list[tuple[str, ...]]:
    rows = []
    for row in schedule:
        cells = (day_text(row["due_date"]), f"Cuota {row['n']} de {len(schedule)}",
                 *(amount_text(row[name], currency)
                   for name in ("principal", "interest", "insurance", "total", "balance")))
        status = str(row.get("status"))
        rows.append((*cells, STATUS_NAMES.get(status, status)) if with_status else cells)
    return rows


def _schedule_total(schedule: Sequence[Mapping[str, Any]], currency: str) -> tuple[str, ...]:
    sums = [sum((Decimal(str(row[name])) for row in schedule), ZERO)
            for name in ("principal", "interest", "insurance", "total")]
    return ("", "Totales", *(amount_text(value, currency) for value in sums), "")


def loan_schedule_document(loan: Mapping[str, Any], member: Member,
                           today: date) -> ReportDocument:
    """The loan's whole schedule, each installment paid, pending or overdue, with its totals."""
    currency = loan["currency"]
    schedule = loan["schedule"]
    return ReportDocument(
        kind=LOAN_SCHEDULE, title=TITLES[LOAN_SCHEDULE], member_name=member.name,
        dni=member.dni,
        period=f"Desembolso {day_text(loan['disbursed_on'])} - {len(schedule)} cuotas",
        as_of=day_text(loan.get("as_of") or today),
        summary=[("Préstamo", f"{loan['product']} N.° {loan['number']}"),
                 ("Monto desembolsado", amount_text(loan["original_amount"], currency)),
                 ("Saldo de capital", amount_text(loan["balance"], currency)),
                 ("Tasa efectiva anual", percent_text(loan["annual_rate"])),
                 ("Cuotas pagadas", f"{loan['installments_paid']} de "
                                    f"{loan['installments_total']}")],
        columns=LOAN_SCHEDULE_COLUMNS,
        rows=_schedule_rows(schedule, currency, with_status=True),
        totals=[(*_schedule_total(schedule, currency), "")] if schedule else [],
        empty_message="El préstamo no tiene cuotas registradas.")


def simulation_document(view: Mapping[str, Any], member: Member,
                        today: date) -> ReportDocument:
    """A simulation recomputed on the server from its inputs; figures are referential."""
    schedule = view["schedule"]
    return ReportDocument(
        kind=SIMULATION, title=TITLES[SIMULATION], member_name=member.name, dni=member.dni,
        period=f"Desembolso {day_text(view['disbursement_date'])} - "
               f"{view['term_months']} cuotas",
        as_of=day_text(today),
        summary=[("Producto", f"{view['product_name']} ({view['product_code']})"),
                 ("Monto solicitado", amount_text(view["amount"])),
                 ("Forma de pago", PAYMENT_METHODS.get(view["payment_method"],
                                                       view["payment_method"])),
                 ("Cuota", amount_text(view["installment"])),
                 ("TEA / TCEA", f"{percent_text(view['tea'])} / {percent_text(view['tcea'])}"),
                 ("Total a pagar", amount_text(view["total_payable"])),
                 ("Aviso", "Simulación referencial; no constituye una aprobación del crédito.")],
        columns=SCHEDULE_COLUMNS, rows=_schedule_rows(schedule, "PEN", with_status=False),
        totals=[_schedule_total(schedule, "PEN")])


def percent_text(rate: str | Decimal) -> str:
    """``"0.1350"`` → ``13.50%``."""
    return f"{to_cents(Decimal(str(rate)) * 100)}%"


# --- the file ----------------------------------------------------------------------------------


def file_name(kind: str, day: date) -> str:
    """The file name, e.g. ``simulacion-credito-2026-11-25.pdf``."""
    return f"{FILE_STEMS[kind]}-{day.isoformat()}.pdf"


def ascii_name(name: str) -> str:
    """Accents dropped, anything else unsafe in a header turned into ``-``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._-]", "-", plain)


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the exact UTF-8 name as RFC 5987's
    ``filename*`` (browsers prefer the latter)."""
    return f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def object_key(issued_on: date, report_id: str) -> str:
    """``reports/<yyyy>/<mm>/<report id>.pdf``: opaque (the id is random; no DNI, no name), so the
    presigned URL that lands in browser history and proxy logs says nothing about its owner. Only
    the owner's own ``POST /api/reports`` answer ever carries a URL for it."""
    return f"reports/{issued_on:%Y}/{issued_on:%m}/{report_id}.pdf"
