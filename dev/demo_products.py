"""The demo cooperative's products and 24 months of movements, as the core system exports them
(docs/imports.md), from a fixed seed and a fixed cut-off date.

DNI 40000001 holds the manual's figures (2.4.3–2.4.7): savings S/ 3,105.97 at 1 % opened
2016-12-05, last movement 2026-10-03; loan «AMPLIACION PTMO. EDUCATIVO» N° 0210000000002,
S/ 15,000.00, balance S/ 9,191.10, TEA 13.50 %, 14 of 24 installments paid (one overdue, nine
pending on the cut-off date); family benefit S/ 30.00 a month, S/ 360.00 a year, 9 pending,
S/ 6,000.00 on the holder's death (YAI 100 %), S/ 6,000.00 per entitled beneficiary (YANQUI,
JUANA, BRIAN); plus aportes, a plazo fijo, CTS and movements, and a paid-off loan
N° 0210000000001 (cancelado 2024-03-10: «Historial», outside every active figure). DNI 40000002
holds other products (two currencies, a three-way family split). 298 more members get random
products.

Every balance is the balance after the product's last movement, so the charts of the portal
(built from movements) end on the products' totals.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from chalicelib.domain.shared.clock import lima_today

SEED = 20261125
AS_OF = date(2026, 11, 25)
"""The export's cut-off date (fecha de corte): the demo's "today"."""
HISTORY_MONTHS = 24
PRODUCT_HOLDERS = range(40000001, 40000301)
"""300 of the 500 registry members hold products (the registration DNIs 40000100–199 too, so a
member who signs up in the demo sees them)."""

CENT = Decimal("0.01")
Row = dict[str, str]


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def text(value: Decimal) -> str:
    return f"{cents(value):.2f}"


def add_months(day: date, months: int, day_of_month: int | None = None) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    wanted = day_of_month or day.day
    last = (date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month + 1, min(wanted, last))


def history_months() -> list[date]:
    """First day of each of the 24 months up to the cut-off's month."""
    first = date(AS_OF.year, AS_OF.month, 1)
    return [add_months(first, -offset) for offset in range(HISTORY_MONTHS - 1, -1, -1)]


@dataclass
class Ledger:
    """A product's movements in order, with the balance after each one."""

    dni: str
    product: str
    number: str
    currency: str
    code: str
    balance: Decimal = Decimal("0.00")
    rows: list[Row] = field(default_factory=list)

    def move(self, day: date, description: str, amount: Decimal) -> None:
        self.balance = cents(self.balance + amount)
        self.rows.append({
            "dni": self.dni, "movement_id": f"{self.dni}-{self.code}-{len(self.rows) + 1:04d}",
            "product": self.product, "product_number": self.number, "date": day.isoformat(),
            "description": description, "amount": text(amount), "currency": self.currency,
            "balance": text(self.balance)})


@dataclass
class Cooperative:
    """Every kind's rows, filled member by member."""

    contributions: list[Row] = field(default_factory=list)
    savings: list[Row] = field(default_factory=list)
    fixed_deposits: list[Row] = field(default_factory=list)
    loans: list[Row] = field(default_factory=list)
    cts: list[Row] = field(default_factory=list)
    family_benefit: list[Row] = field(default_factory=list)
    movements: list[Row] = field(default_factory=list)

    def files(self) -> dict[str, list[Row]]:
        """In loading order; movements last (the largest file)."""
        ordered = sorted(self.movements, key=lambda row: (row["dni"], row["date"],
                                                          row["movement_id"]))
        return {"contributions": self.contributions, "savings": self.savings,
                "fixed_deposits": self.fixed_deposits, "loans": self.loans, "cts": self.cts,
                "family_benefit": self.family_benefit, "movements": ordered}


def days_in(month: date, rng: random.Random, count: int, *, last: date = AS_OF) -> list[date]:
    end = min(add_months(month, 1) - timedelta(days=1), last)
    if end < month:
        return []
    return sorted(month + timedelta(days=rng.randrange((end - month).days + 1))
                  for _ in range(count))


# --- contributions ------------------------------------------------------------------------


def add_contributions(coop: Cooperative, dni: str, fee: Decimal, final: Decimal | None,
                      rng: random.Random) -> None:
    ledger = Ledger(dni, "contributions", f"03{dni}", "PEN", "A1")
    paid_months = [month for month in history_months()
                   if final is not None or rng.random() > 0.05]
    ledger.balance = (final - fee * len(paid_months)) if final is not None else \
        Decimal(rng.randrange(10, 400)) * fee / 2
    for month in paid_months:
        ledger.move(month.replace(day=20), "APORTE MENSUAL POR PLANILLA", fee)
    coop.contributions.append({"dni": dni, "account_number": ledger.number,
                               "balance": text(ledger.balance), "monthly_fee": text(fee),
                               "opened_on": "2010-03-15" if final else "2015-06-01",
                               "as_of": AS_OF.isoformat()})
    coop.movements.extend(ledger.rows)


# --- savings ------------------------------------------------------------------------------


def savings_amounts(rng: random.Random, per_month: int, last: date) -> list[tuple[date, Decimal]]:
    moves = []
    for month in history_months():
        for day in days_in(month, rng, rng.randint(1, per_month), last=last):
            amount = Decimal(rng.randrange(20, 600)) / 2
            moves.append((day, amount if rng.random() < 0.55 else -amount))
    return moves


def savings_path(rng: random.Random, per_month: int, last: date,
                 final: Decimal | None) -> tuple[Decimal, list[tuple[date, Decimal]]]:
    """The opening balance and movements of an account that never goes below zero and, when
    ``final`` is given, ends exactly on it (drawing again until a path fits)."""
    while True:
        moves = savings_amounts(rng, per_month, last)
        running, lowest = Decimal(0), Decimal(0)
        for _, amount in moves:
            running += amount
            lowest = min(lowest, running)
        start = (final - running) if final is not None else -lowest + rng.randrange(50, 3000)
        if start >= 0 and start + lowest >= 0:
            return start, moves


def add_savings(coop: Cooperative, dni: str, index: int, *, currency: str, kind: str,
                rate: str, opened_on: date, rng: random.Random, final: Decimal | None = None,
                last: date = AS_OF, per_month: int = 3) -> None:
    number = f"0011{dni[-6:]}{index:02d}"
    start, moves = savings_path(rng, per_month, last, final)
    ledger = Ledger(dni, "savings", number, currency, f"S{index}", balance=cents(start))
    for day, amount in moves:
        description = "DEPÓSITO EN VENTANILLA" if amount > 0 else "RETIRO EN VENTANILLA"
        ledger.move(day, description, amount)
    coop.savings.append({
        "dni": dni, "account_number": number, "type": kind, "currency": currency,
        "balance": text(ledger.balance), "rate": rate, "opened_on": opened_on.isoformat(),
        "last_movement_on": ledger.rows[-1]["date"] if ledger.rows else "",
        "as_of": AS_OF.isoformat()})
    coop.movements.extend(ledger.rows)


# --- fixed deposits -----------------------------------------------------------------------


def add_fixed_deposit(coop: Cooperative, dni: str, index: int, *, currency: str,
                      principal: Decimal, rate: Decimal, opened_on: date, days: int) -> None:
    certificate = f"05{dni[-6:]}{index:02d}"
    matures_on = opened_on + timedelta(days=days)
    status = "active" if matures_on > AS_OF else "matured"
    elapsed = max(0, min((AS_OF - opened_on).days, days))
    interest = cents(principal * ((1 + rate) ** (Decimal(days) / 360) - 1))
    accrued = cents(principal * ((1 + rate) ** (Decimal(elapsed) / 360) - 1))
    coop.fixed_deposits.append({
        "dni": dni, "certificate": certificate, "currency": currency,
        "principal": text(principal), "rate": f"{rate:.4f}", "opened_on": opened_on.isoformat(),
        "matures_on": matures_on.isoformat(), "interest_accrued": text(accrued),
        "interest_at_maturity": text(interest), "status": status, "as_of": AS_OF.isoformat()})
    if opened_on >= history_months()[0]:
        ledger = Ledger(dni, "fixed_deposits", certificate, currency, f"F{index}")
        ledger.move(opened_on, "APERTURA DE DEPÓSITO A PLAZO FIJO", principal)
        coop.movements.extend(ledger.rows)


# --- loans --------------------------------------------------------------------------------

INSURANCE_MONTHLY = Decimal("0.00077")


def level_installment(principal: Decimal, rate: Decimal, periods: int,
                      remaining: Decimal = Decimal(0)) -> Decimal:
    """The constant installment that takes ``principal`` to ``remaining`` in ``periods``."""
    growth = (1 + rate) ** periods
    return cents((principal * growth - remaining) * rate / (growth - 1))


def schedule_segment(start_balance: Decimal, end_balance: Decimal, periods: int,
                     monthly: Decimal) -> Iterator[tuple[Decimal, Decimal, Decimal, Decimal]]:
    """(principal, interest, insurance, balance) rows of a level installment from
    ``start_balance`` to exactly ``end_balance``; the last row absorbs the rounding."""
    installment = level_installment(start_balance, monthly + INSURANCE_MONTHLY, periods,
                                     end_balance)
    balance = start_balance
    for period in range(1, periods + 1):
        interest = cents(balance * monthly)
        insurance = cents(balance * INSURANCE_MONTHLY)
        principal = balance - end_balance if period == periods else \
            installment - interest - insurance
        balance = cents(balance - principal)
        yield principal, interest, insurance, balance


@dataclass(frozen=True)
class LoanSpec:
    number: str
    product: str
    amount: Decimal
    tea: Decimal
    installments: int
    disbursed_on: date
    due_day: int
    paid: int
    balance_after_paid: Decimal | None = None
    """Only the manual's loan: its installments up to ``paid`` leave exactly this balance (a
    reprogrammed «ampliación»; the rest is level again)."""


def loan_schedule(spec: LoanSpec) -> list[tuple[Decimal, Decimal, Decimal, Decimal]]:
    monthly = (1 + spec.tea) ** (Decimal(1) / 12) - 1
    if spec.balance_after_paid is None:
        return list(schedule_segment(spec.amount, Decimal(0), spec.installments, monthly))
    first = list(schedule_segment(spec.amount, spec.balance_after_paid, spec.paid, monthly))
    rest = schedule_segment(spec.balance_after_paid, Decimal(0), spec.installments - spec.paid,
                            monthly)
    return first + list(rest)


def add_loan(coop: Cooperative, dni: str, index: int, spec: LoanSpec) -> None:
    rows = loan_schedule(spec)
    due_dates = [add_months(spec.disbursed_on, n, spec.due_day)
                 for n in range(1, spec.installments + 1)]
    balance = sum((principal for n, (principal, *_) in enumerate(rows, start=1)
                   if n > spec.paid), Decimal(0))
    ledger = Ledger(dni, "loans", spec.number, "PEN", f"L{index}")
    window_start = history_months()[0]
    if spec.disbursed_on >= window_start:
        ledger.move(spec.disbursed_on, "DESEMBOLSO DE PRÉSTAMO", spec.amount)
    else:
        ledger.balance = spec.amount
    for n, ((principal, interest, insurance, after), due) in enumerate(zip(rows, due_dates,
                                                                            strict=True),
                                                                        start=1):
        paid = n <= spec.paid
        if paid and ledger.rows == [] and due < window_start:
            ledger.balance = after
        elif paid:
            ledger.move(due, f"PAGO DE CUOTA {n}/{spec.installments} (CAPITAL)", -principal)
        coop.loans.append({
            "dni": dni, "loan_number": spec.number, "product": spec.product, "currency": "PEN",
            "original_amount": text(spec.amount), "balance": text(balance),
            "annual_rate": f"{spec.tea:.4f}", "disbursed_on": spec.disbursed_on.isoformat(),
            "installments_total": str(spec.installments), "n": str(n),
            "due_date": due.isoformat(), "principal": text(principal),
            "interest": text(interest), "insurance": text(insurance),
            "total": text(principal + interest + insurance), "balance_after": text(after),
            "status": "paid" if paid else "pending", "as_of": AS_OF.isoformat()})
    coop.movements.extend(ledger.rows)


# --- CTS and family benefit ---------------------------------------------------------------


def add_cts(coop: Cooperative, dni: str, *, employer: str, currency: str, deposit: Decimal,
            start: Decimal, available_share: Decimal, rng: random.Random,
            withdrawal: bool = False) -> None:
    number = f"07{dni[-6:]}01"
    ledger = Ledger(dni, "cts", number, currency, "C1", balance=start)
    for month in history_months():
        if month.month in (5, 11):
            day = month.replace(day=14)
            if day <= AS_OF:
                amount = cents(deposit * Decimal(rng.randrange(90, 111)) / 100)
                ledger.move(day, f"DEPÓSITO CTS {month.strftime('%m/%Y')}", amount)
        if withdrawal and month.month == 7:
            ledger.move(month.replace(day=8), "RETIRO DE CTS DE LIBRE DISPONIBILIDAD",
                        -cents(ledger.balance * Decimal("0.2")))
    coop.cts.append({"dni": dni, "account_number": number, "employer": employer,
                     "currency": currency, "balance": text(ledger.balance),
                     "available_to_withdraw": text(ledger.balance * available_share),
                     "opened_on": "2012-05-14", "as_of": AS_OF.isoformat()})
    coop.movements.extend(ledger.rows)


@dataclass(frozen=True)
class Beneficiary:
    name: str
    relationship: str
    percentage: str
    entitled: bool


def add_family_benefit(coop: Cooperative, dni: str, *, monthly_fee: Decimal, pending: int,
                       holder_amount: Decimal, beneficiary_amount: Decimal,
                       beneficiaries: list[Beneficiary], status: str = "active") -> None:
    for person in beneficiaries:
        coop.family_benefit.append({
            "dni": dni, "plan_number": f"09{dni[-6:]}01", "monthly_fee": text(monthly_fee),
            "annual_payment": text(monthly_fee * 12), "pending_installments": str(pending),
            "status": status, "holder_death_amount": text(holder_amount),
            "beneficiary_death_amount": text(beneficiary_amount),
            "beneficiary_name": person.name, "relationship": person.relationship,
            "percentage": person.percentage, "entitled": "true" if person.entitled else "false",
            "as_of": AS_OF.isoformat()})


# --- the members --------------------------------------------------------------------------

PETROPERU = "PETRÓLEOS DEL PERÚ - PETROPERÚ S.A."


def manual_loan_disbursement(today: date) -> date:
    """The manual's loan shows 14 paid, 1 overdue and 9 pending installments whatever the day the
    demo is loaded: overdue is judged against the real today (not the cut-off), so the loan is
    disbursed 15 months and 5 days before it, leaving the 15th due date 5 days in the past and
    the 16th about 25 days ahead. On 2026-11-25 that is 2025-08-20, the manual's own example."""
    return add_months(max(today, AS_OF), -15) - timedelta(days=5)


PAID_OFF_LOAN = LoanSpec(
    number="0210000000001", product="PRÉSTAMO DE CONSUMO", amount=Decimal("6000.00"),
    tea=Decimal("0.1600"), installments=24, disbursed_on=date(2022, 3, 10), due_day=10, paid=24)
"""The demo member's paid-off loan (cancelado on its last due date, before the movements'
window): shown under «Historial» of Préstamos, never in the active loans or the totals."""


def close_loan(coop: Cooperative, number: str, status: str) -> None:
    """The core system states the loan is no longer vigente: closed on its last due date."""
    rows = [row for row in coop.loans if row["loan_number"] == number]
    for row in rows:
        row.update(loan_status=status, closed_on=rows[-1]["due_date"])


def manual_member(coop: Cooperative, rng: random.Random) -> None:
    """DNI 40000001: every figure of the manual."""
    dni = "40000001"
    add_contributions(coop, dni, Decimal("50.00"), Decimal("4850.00"), rng)
    add_savings(coop, dni, 1, currency="PEN", kind="AHORRO", rate="0.0100",
                opened_on=date(2016, 12, 5), rng=rng, final=Decimal("3105.97"),
                last=date(2026, 10, 3), per_month=2)
    coop.movements[-1]["date"] = "2026-10-03"  # the manual's «ÚLT. MOV. 3/10/2026»
    coop.savings[-1]["last_movement_on"] = "2026-10-03"
    add_fixed_deposit(coop, dni, 1, currency="PEN", principal=Decimal("10000.00"),
                      rate=Decimal("0.0550"), opened_on=date(2026, 3, 2), days=360)
    disbursed_on = manual_loan_disbursement(lima_today())
    add_loan(coop, dni, 1, LoanSpec(
        number="0210000000002", product="AMPLIACION PTMO. EDUCATIVO", amount=Decimal("15000.00"),
        tea=Decimal("0.1350"), installments=24, disbursed_on=disbursed_on,
        due_day=min(disbursed_on.day, 28), paid=14, balance_after_paid=Decimal("9191.10")))
    add_loan(coop, dni, 2, PAID_OFF_LOAN)
    close_loan(coop, PAID_OFF_LOAN.number, "cancelado")
    add_cts(coop, dni, employer=PETROPERU, currency="PEN", deposit=Decimal("2150.00"),
            start=Decimal("6480.40"), available_share=Decimal("0.30"), rng=rng)
    add_family_benefit(coop, dni, monthly_fee=Decimal("30.00"), pending=9,
                       holder_amount=Decimal("6000.00"), beneficiary_amount=Decimal("6000.00"),
                       beneficiaries=[Beneficiary("YAI", "Hijo/a", "100", False),
                                      Beneficiary("YANQUI", "Hijo", "0", True),
                                      Beneficiary("JUANA", "Hija", "0", True),
                                      Beneficiary("BRIAN", "Hijo", "0", True)])


def second_member(coop: Cooperative, rng: random.Random) -> None:
    """DNI 40000002: other products — dollars, a matured deposit, a three-way family split."""
    dni = "40000002"
    add_contributions(coop, dni, Decimal("80.00"), Decimal("7360.00"), rng)
    add_savings(coop, dni, 1, currency="PEN", kind="AHORRO", rate="0.0150",
                opened_on=date(2014, 4, 22), rng=rng)
    add_savings(coop, dni, 2, currency="USD", kind="AHORRO DÓLARES", rate="0.0050",
                opened_on=date(2019, 9, 2), rng=rng, per_month=1)
    add_savings(coop, dni, 3, currency="PEN", kind="AHORRO PROGRAMADO", rate="0.0350",
                opened_on=date(2025, 1, 10), rng=rng, per_month=1)
    add_fixed_deposit(coop, dni, 1, currency="USD", principal=Decimal("5000.00"),
                      rate=Decimal("0.0300"), opened_on=date(2026, 7, 1), days=180)
    add_fixed_deposit(coop, dni, 2, currency="PEN", principal=Decimal("20000.00"),
                      rate=Decimal("0.0625"), opened_on=date(2026, 1, 15), days=360)
    add_fixed_deposit(coop, dni, 3, currency="PEN", principal=Decimal("3000.00"),
                      rate=Decimal("0.0450"), opened_on=date(2025, 2, 3), days=180)
    add_loan(coop, dni, 1, LoanSpec(
        number="0210000000003", product="PTMO. CONSUMO", amount=Decimal("8000.00"),
        tea=Decimal("0.1650"), installments=36, disbursed_on=date(2025, 3, 28), due_day=28,
        paid=19))
    add_cts(coop, dni, employer="REFINERÍA TALARA S.A.C.", currency="USD",
            deposit=Decimal("650.00"), start=Decimal("3120.00"),
            available_share=Decimal("0.50"), rng=rng, withdrawal=True)
    add_family_benefit(coop, dni, monthly_fee=Decimal("20.00"), pending=4,
                       holder_amount=Decimal("4000.00"), beneficiary_amount=Decimal("4000.00"),
                       beneficiaries=[Beneficiary("ROSA MENDOZA", "Cónyuge", "33.33", True),
                                      Beneficiary("LUIS MENDOZA", "Hijo", "33.33", True),
                                      Beneficiary("ANA MENDOZA", "Hija", "33.34", True)])


LOAN_PRODUCTS = ("PTMO. CONSUMO", "PTMO. EDUCATIVO", "AMPLIACION PTMO. EDUCATIVO",
                 "PTMO. VIVIENDA", "PTMO. EMERGENCIA")
RELATIONSHIPS = (("Cónyuge", "ESPOSA"), ("Hijo", "CARLOS"), ("Hija", "MARÍA"),
                 ("Padre", "JORGE"), ("Madre", "ROSA"))
SPLITS = (["100"], ["50", "50"], ["60", "40"], ["33.33", "33.33", "33.34"],
          ["25", "25", "25", "25"])


def random_loan(coop: Cooperative, dni: str, rng: random.Random) -> None:
    term = rng.choice((12, 24, 36, 48))
    disbursed = AS_OF - timedelta(days=rng.randrange(60, 30 * term))
    due_day = min(disbursed.day, 28)
    due_dates = [add_months(disbursed, n, due_day) for n in range(1, term + 1)]
    paid = sum(1 for due in due_dates if due < AS_OF)
    if paid and rng.random() < 0.1:
        paid -= 1  # one installment overdue
    add_loan(coop, dni, 1, LoanSpec(
        number=f"021{dni[-6:]}0001", product=rng.choice(LOAN_PRODUCTS),
        amount=Decimal(rng.randrange(4, 80) * 500), tea=Decimal(rng.randrange(1000, 2200)) /
        10000, installments=term, disbursed_on=disbursed, due_day=due_day, paid=paid))


def random_member(coop: Cooperative, dni: str, rng: random.Random) -> None:
    add_contributions(coop, dni, Decimal(rng.choice((30, 40, 50, 60, 80, 100))), None, rng)
    if rng.random() < 0.85:
        add_savings(coop, dni, 1, currency="PEN", kind="AHORRO", rate="0.0100",
                    opened_on=date(2010, 1, 4) + timedelta(days=rng.randrange(5000)), rng=rng,
                    per_month=2)
    if rng.random() < 0.2:
        add_savings(coop, dni, 2, currency="USD", kind="AHORRO DÓLARES", rate="0.0050",
                    opened_on=date(2012, 1, 2) + timedelta(days=rng.randrange(4000)), rng=rng,
                    per_month=1)
    if rng.random() < 0.2:
        add_fixed_deposit(coop, dni, 1, currency=rng.choice(("PEN", "PEN", "USD")),
                          principal=Decimal(rng.randrange(2, 60) * 500),
                          rate=Decimal(rng.randrange(300, 700)) / 10000,
                          opened_on=AS_OF - timedelta(days=rng.randrange(10, 300)),
                          days=rng.choice((90, 180, 360)))
    if rng.random() < 0.45:
        random_loan(coop, dni, rng)
    if rng.random() < 0.35:
        add_cts(coop, dni, employer=PETROPERU, currency="PEN",
                deposit=Decimal(rng.randrange(800, 3500)), start=Decimal(rng.randrange(0, 9000)),
                available_share=Decimal("0.30"), rng=rng)
    if rng.random() < 0.5:
        split = rng.choice(SPLITS)
        people = rng.sample(RELATIONSHIPS, len(split))
        add_family_benefit(coop, dni, monthly_fee=Decimal("30.00"), pending=rng.randrange(0, 12),
                           holder_amount=Decimal("6000.00"),
                           beneficiary_amount=Decimal("6000.00"),
                           beneficiaries=[Beneficiary(name, relationship, share,
                                                      rng.random() < 0.7)
                                          for (relationship, name), share in zip(people, split,
                                                                                 strict=True)])


def cooperative() -> Cooperative:
    rng = random.Random(SEED)
    coop = Cooperative()
    manual_member(coop, rng)
    second_member(coop, rng)
    for dni in PRODUCT_HOLDERS[2:]:
        random_member(coop, str(dni), rng)
    return coop
