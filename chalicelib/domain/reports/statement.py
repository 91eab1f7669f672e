"""«Estado de cuenta de ahorros»: one savings account's movements over a period, between its
opening and closing balances.

The balances rule (derived, never read from one movement's ``balance`` column):

- **closing balance** = the account's current balance − the sum of the amounts of its movements
  dated *after* the period's last day;
- **opening balance** = the closing balance − the sum of the amounts of the period's movements;
- each row's **running balance** = the opening balance plus the amounts up to that row.

The account's balance is the core system's authoritative figure and every movement since the
period's start is on file (imports carry the whole history the portal shows), so the statement
always adds up: opening + credits − debits = closing, to the cent. A movement's amount is signed:
positive is a credit (abono), negative a debit (cargo). Money is ``Decimal`` half-up to cents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from chalicelib.domain.reports.reports import (
    SAVINGS_STATEMENT,
    TITLES,
    Column,
    Member,
    ReportDocument,
    ReportRequest,
    amount_text,
    day_text,
    in_period,
    period_text,
)
from chalicelib.domain.shared.money import ZERO, to_cents

STATEMENT_COLUMNS = (Column("Fecha", 22), Column("Descripción", 78), Column("Cargo", 30, "R"),
                     Column("Abono", 30, "R"), Column("Saldo", 30, "R"))


@dataclass(frozen=True)
class StatementLine:
    day: str
    description: str
    amount: Decimal
    balance: Decimal
    """The running balance after this movement."""


@dataclass(frozen=True)
class Statement:
    opening: Decimal
    closing: Decimal
    credits: Decimal
    debits: Decimal
    """Positive: the sum of the debits' absolute amounts."""
    lines: list[StatementLine]


def _amount(movement: Mapping[str, Any]) -> Decimal:
    return to_cents(Decimal(str(movement["amount"])))


def statement(current_balance: Decimal | str, movements: Sequence[Mapping[str, Any]],
              start: date, end: date) -> Statement:
    """The period's figures from the account's ``current_balance`` and its movements (any order,
    ``{date, description, amount}``), by the rule in this module's docstring."""
    after = sum((_amount(m) for m in movements if str(m["date"]) > end.isoformat()), ZERO)
    chosen = in_period(movements, start, end)
    closing = to_cents(Decimal(str(current_balance))) - after
    opening = closing - sum((_amount(m) for m in chosen), ZERO)
    lines, running = [], opening
    for movement in chosen:
        running += _amount(movement)
        lines.append(StatementLine(str(movement["date"]), str(movement["description"]),
                                   _amount(movement), running))
    return Statement(
        opening=opening, closing=closing,
        credits=sum((line.amount for line in lines if line.amount > 0), ZERO),
        debits=-sum((line.amount for line in lines if line.amount < 0), ZERO), lines=lines)


def _rows(figures: Statement, start: date, currency: str) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        (day_text(start), "Saldo inicial", "", "", amount_text(figures.opening, currency))]
    for line in figures.lines:
        debit = amount_text(-line.amount, currency) if line.amount < 0 else ""
        credit = amount_text(line.amount, currency) if line.amount > 0 else ""
        rows.append((day_text(line.day), line.description, debit, credit,
                     amount_text(line.balance, currency)))
    return rows


def statement_document(view: Mapping[str, Any], member: Member, request: ReportRequest,
                       today: date) -> ReportDocument:
    """``view``: ``{"account": <savings item>, "movements": [<movement view>]}`` (the account's
    own movements). ``request`` carries both ends of the period (the parser requires them)."""
    account = view["account"]
    currency = str(account["currency"])
    start, end = request.start or today, request.end or today
    figures = statement(account["balance"], view["movements"], start, end)
    count = len(figures.lines)
    return ReportDocument(
        kind=SAVINGS_STATEMENT, title=TITLES[SAVINGS_STATEMENT], member_name=member.name,
        dni=member.dni, period=period_text(start, end),
        as_of=day_text(account.get("as_of") or today),
        summary=[("Cuenta de ahorros", f"{account['masked_number']} - {account['type']}"),
                 ("Moneda", "Soles" if currency == "PEN" else "Dólares"),
                 ("Saldo inicial", amount_text(figures.opening, currency)),
                 ("Total abonos", amount_text(figures.credits, currency)),
                 ("Total cargos", amount_text(figures.debits, currency)),
                 ("Saldo final", amount_text(figures.closing, currency))],
        columns=STATEMENT_COLUMNS, rows=_rows(figures, start, currency),
        totals=[("", f"Totales del periodo ({count} movimientos)",
                 amount_text(figures.debits, currency), amount_text(figures.credits, currency),
                 amount_text(figures.closing, currency))])
