"""Credit simulation by the SBS method (360-day year), to the cent. Decimal only.

Period k runs ``days_k`` days from the previous due date (the disbursement for k = 1):

- interest      ``I_k   = S_{k-1} · ((1 + TEA)^(days_k/360) − 1)``
- insurance     ``Seg_k = S_{k-1} · s · days_k / 30`` (s: credit-life insurance, monthly rate)
- installment   ``R = P / Σ_k Π_{j≤k} 1/(1 + r_j)``,
                with ``r_k = (1+TEA)^(days_k/360) − 1 + s·days_k/30``
- principal     ``Capital_k = R − I_k − Seg_k``

Every amount is rounded half-up to cents in its row; the last installment takes the remaining
balance as its principal, so the schedule always ends at 0.00 and the principal adds up to the
amount lent. The TCEA is the rate that discounts the installments actually charged, by the days
elapsed since the disbursement, back to the amount lent: ``Σ_k Total_k/(1+TCEA)^(DA_k/360) = P``.

Due dates: ``ventanilla`` pays monthly on the disbursement's day of the month, ``planilla`` on the
product's payroll day (the last day of the month by default); the first due date is the first such
date at least ``MIN_FIRST_PERIOD_DAYS`` after the disbursement, and a day beyond a month's end
falls on that month's last day.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

PLANILLA = "planilla"
VENTANILLA = "ventanilla"
PAYMENT_METHODS = (PLANILLA, VENTANILLA)

MIN_FIRST_PERIOD_DAYS = 20
DAYS_IN_YEAR = Decimal(360)
DAYS_IN_MONTH = Decimal(30)
CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.0001")

_PRECISION = Context(prec=40)
_TCEA_TOLERANCE = Decimal("1e-24")
_TCEA_MAX_ITERATIONS = 100


def cents(amount: Decimal) -> Decimal:
    """Round half-up to cents (the rounding of every amount of a schedule)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


# --- due dates ----------------------------------------------------------------------------


def _on_day(year: int, month: int, day: int | None) -> date:
    """``day`` of that month, clamped to its last day; ``None`` is the last day."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, last if day is None else min(day, last))


def _month_after(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def due_dates(disbursement: date, count: int, payment_method: str,
              payroll_day: int | None = None) -> list[date]:
    """The ``count`` monthly due dates of a credit disbursed on ``disbursement``.

    ``ventanilla``: on the disbursement's day of the month. ``planilla``: on ``payroll_day``
    (``None``: the month's last day). The first is the first such date at least 20 days after the
    disbursement; each later one falls in the following month, clamped to its last day.
    """
    if count < 1:
        raise ValueError("a schedule has at least one installment")
    if payment_method not in PAYMENT_METHODS:
        raise ValueError(f"unknown payment method {payment_method!r}")
    anchor = disbursement.day if payment_method == VENTANILLA else payroll_day
    earliest = disbursement + timedelta(days=MIN_FIRST_PERIOD_DAYS)
    offset = 0
    while _on_day(*_month_after(disbursement.year, disbursement.month, offset), anchor) < earliest:
        offset += 1
    return [_on_day(*_month_after(disbursement.year, disbursement.month, offset + k), anchor)
            for k in range(count)]


# --- the schedule -------------------------------------------------------------------------


@dataclass(frozen=True)
class Installment:
    n: int
    due_date: date
    days: int
    principal: Decimal
    interest: Decimal
    insurance: Decimal
    total: Decimal
    balance: Decimal
    """The balance left after this installment (saldo programado)."""


@dataclass(frozen=True)
class Schedule:
    amount: Decimal
    tea: Decimal
    insurance_monthly_rate: Decimal
    disbursement: date
    installment: Decimal
    """The constant total installment R (the last one may differ by the rounding it absorbs)."""
    tcea: Decimal
    """Unrounded (about 20 significant digits); ``tcea_presented`` is what a client is shown."""
    rows: tuple[Installment, ...]

    @property
    def tcea_presented(self) -> Decimal:
        return self.tcea.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)

    @property
    def total_principal(self) -> Decimal:
        return sum((row.principal for row in self.rows), Decimal("0.00"))

    @property
    def total_interest(self) -> Decimal:
        return sum((row.interest for row in self.rows), Decimal("0.00"))

    @property
    def total_insurance(self) -> Decimal:
        return sum((row.insurance for row in self.rows), Decimal("0.00"))

    @property
    def total_payable(self) -> Decimal:
        return sum((row.total for row in self.rows), Decimal("0.00"))


def _period_days(disbursement: date, dates: Sequence[date]) -> list[int]:
    days, previous = [], disbursement
    for due in dates:
        if due <= previous:
            raise ValueError("due dates must come after the disbursement, in order")
        days.append((due - previous).days)
        previous = due
    return days


class _Rates:
    """``(1+TEA)^(d/360) − 1`` and ``s·d/30`` per distinct period length (computed once each)."""

    def __init__(self, tea: Decimal, insurance_monthly_rate: Decimal) -> None:
        self._log_growth = (1 + tea).ln()
        self._insurance = insurance_monthly_rate
        self._interest: dict[int, Decimal] = {}

    def interest(self, days: int) -> Decimal:
        if days not in self._interest:
            self._interest[days] = (self._log_growth * days / DAYS_IN_YEAR).exp() - 1
        return self._interest[days]

    def insurance(self, days: int) -> Decimal:
        return self._insurance * days / DAYS_IN_MONTH


def constant_installment(amount: Decimal, days: Sequence[int], rates: _Rates) -> Decimal:
    """``R = P / Σ_k Π_{j≤k} 1/(1+r_j)``, rounded half-up to cents."""
    discount, annuity = Decimal(1), Decimal(0)
    for period in days:
        discount /= 1 + rates.interest(period) + rates.insurance(period)
        annuity += discount
    return cents(amount / annuity)


def _rows(amount: Decimal, dates: Sequence[date], days: Sequence[int], rates: _Rates,
          installment: Decimal) -> tuple[Installment, ...]:
    rows, balance, last = [], amount, len(days)
    for n, (due, period) in enumerate(zip(dates, days, strict=True), start=1):
        interest = cents(balance * rates.interest(period))
        insurance = cents(balance * rates.insurance(period))
        principal = balance if n == last else installment - interest - insurance
        balance -= principal
        rows.append(Installment(n=n, due_date=due, days=period, principal=principal,
                                interest=interest, insurance=insurance,
                                total=principal + interest + insurance, balance=balance))
    return tuple(rows)


def _closing_rows(amount: Decimal, dates: Sequence[date], days: Sequence[int], rates: _Rates,
                  installment: Decimal) -> tuple[Decimal, tuple[Installment, ...]]:
    """The installment and its rows, a cent lower while the rows would pay the loan off before
    its last installment. Each row's rounding to cents moves the balance by up to half a cent,
    and that drift grows at the loan's rate: over a long term at a high rate, the rounded
    installment can overpay, leaving negative rows at the end. A cent less makes the last
    installment take what remains instead."""
    rows = _rows(amount, dates, days, rates, installment)
    while rows[-1].principal < 0 or any(row.balance < 0 for row in rows):
        installment -= CENT
        rows = _rows(amount, dates, days, rates, installment)
    return installment, rows


def schedule(amount: Decimal, tea: Decimal, insurance_monthly_rate: Decimal,
             disbursement: date, dates: Sequence[date]) -> Schedule:
    """The amortization table of ``amount`` at ``tea`` with installments due on ``dates``."""
    if amount <= 0 or tea < 0 or insurance_monthly_rate < 0:
        raise ValueError("amount must be positive and rates not negative")
    amount = cents(amount)
    days = _period_days(disbursement, dates)
    with localcontext(_PRECISION):
        rates = _Rates(tea, insurance_monthly_rate)
        installment, rows = _closing_rows(amount, dates, days, rates,
                                          constant_installment(amount, days, rates))
        tcea = annual_cost_rate(amount, [(row.total, (row.due_date - disbursement).days)
                                         for row in rows], guess=tea)
    return Schedule(amount=amount, tea=tea, insurance_monthly_rate=insurance_monthly_rate,
                    disbursement=disbursement, installment=installment, tcea=tcea, rows=rows)


def simulate(amount: Decimal, tea: Decimal, insurance_monthly_rate: Decimal,
             disbursement: date, term_months: int, payment_method: str,
             payroll_day: int | None = None) -> Schedule:
    """The schedule of a product's credit: monthly due dates by payment method, then the SBS
    table on them."""
    dates = due_dates(disbursement, term_months, payment_method, payroll_day)
    return schedule(amount, tea, insurance_monthly_rate, disbursement, dates)


# --- TCEA ---------------------------------------------------------------------------------


def _present_value(flows: Sequence[tuple[Decimal, int]], log_rate: Decimal
                   ) -> tuple[Decimal, Decimal]:
    """``Σ F·e^(−x·t)`` and its derivative in ``x`` (``x = ln(1+rate)``, ``t = days/360``).

    The discount factor is carried from row to row, ``v_k = v_{k−1}·e^(−x/360)^(d_k)``, with one
    power per distinct period length: a multiplication per row instead of an exponential.
    """
    daily = (-log_rate / DAYS_IN_YEAR).exp()
    powers: dict[int, Decimal] = {}
    value, slope, discount, elapsed = Decimal(0), Decimal(0), Decimal(1), 0
    for amount, days in flows:
        step = days - elapsed
        if step not in powers:
            powers[step] = daily ** step
        discount *= powers[step]
        elapsed = days
        discounted = amount * discount
        value += discounted
        slope -= discounted * days / DAYS_IN_YEAR
    return value, slope


def annual_cost_rate(amount: Decimal, payments: Sequence[tuple[Decimal, int]],
                     guess: Decimal = Decimal(0)) -> Decimal:
    """The TCEA: the annual rate at which ``payments`` ``(total, days since disbursement)``,
    discounted on a 360-day year, are worth exactly ``amount``.

    Newton's method on ``x = ln(1 + TCEA)``: the present value is a decreasing convex function of
    ``x``, so from any start the iterates reach the root's left side after one step and then
    converge monotonically (quadratically near the root). ``guess`` (the TEA) starts it close.
    """
    with localcontext(_PRECISION):
        flows = sorted(payments, key=lambda payment: payment[1])
        if sum(total for total, _ in flows) <= amount:
            return Decimal(0)
        log_rate = (1 + max(guess, Decimal(0))).ln()
        for _ in range(_TCEA_MAX_ITERATIONS):
            value, slope = _present_value(flows, log_rate)
            step = (value - amount) / slope
            log_rate -= step
            if abs(step) < _TCEA_TOLERANCE:
                break
        return +(log_rate.exp() - 1)
