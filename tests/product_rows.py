"""Builders of core-system CSV rows (docs/imports.md) for unit and functional tests."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

from chalicelib.domain.imports.kinds import IMPORT_KINDS

Row = dict[str, str]
AS_OF = "2026-11-25"


def a_contributions_row(dni: str = "40000001", **overrides: str) -> Row:
    row = {"dni": dni, "account_number": f"03{dni}", "balance": "4850.00",
           "monthly_fee": "50.00", "opened_on": "2010-03-15", "as_of": AS_OF}
    return {**row, **overrides}


def a_savings_row(dni: str = "40000001", **overrides: str) -> Row:
    row = {"dni": dni, "account_number": f"0011{dni[-6:]}01", "type": "AHORRO",
           "currency": "PEN", "balance": "3105.97", "rate": "0.0100", "opened_on": "2016-12-05",
           "last_movement_on": "2026-10-03", "as_of": AS_OF}
    return {**row, **overrides}


def a_fixed_deposit_row(dni: str = "40000001", **overrides: str) -> Row:
    row = {"dni": dni, "certificate": f"05{dni[-6:]}01", "currency": "PEN",
           "principal": "10000.00", "rate": "0.0550", "opened_on": "2026-03-02",
           "matures_on": "2027-02-25", "interest_accrued": "406.12",
           "interest_at_maturity": "550.00", "status": "active", "as_of": AS_OF}
    return {**row, **overrides}


def a_cts_row(dni: str = "40000001", **overrides: str) -> Row:
    row = {"dni": dni, "account_number": f"07{dni[-6:]}01",
           "employer": "PETRÓLEOS DEL PERÚ - PETROPERÚ S.A.", "currency": "PEN",
           "balance": "12480.50", "available_to_withdraw": "3744.15", "opened_on": "2012-05-14",
           "as_of": AS_OF}
    return {**row, **overrides}


def a_movement_row(dni: str = "40000001", movement_id: str = "M-0001", **overrides: str) -> Row:
    row = {"dni": dni, "movement_id": movement_id, "product": "savings",
           "product_number": f"0011{dni[-6:]}01", "date": "2026-10-03",
           "description": "DEPÓSITO EN VENTANILLA", "amount": "100.00", "currency": "PEN",
           "balance": "3105.97"}
    return {**row, **overrides}


def a_loan(dni: str = "40000001", *, number: str = "0210000000002", installments: int = 4,
           paid: int = 2, amount: str = "1000.00", first_due: date = date(2026, 8, 20),
           product: str = "AMPLIACION PTMO. EDUCATIVO") -> list[Row]:
    """One row per installment: equal principal, 1 % interest on the balance, no insurance."""
    principal = (Decimal(amount) / installments).quantize(Decimal("0.01"))
    balance = Decimal(amount)
    rows = []
    for n in range(1, installments + 1):
        part = balance if n == installments else principal
        interest = (balance * Decimal("0.01")).quantize(Decimal("0.01"))
        balance -= part
        rows.append({
            "dni": dni, "loan_number": number, "product": product, "currency": "PEN",
            "original_amount": amount, "balance": "", "annual_rate": "0.1350",
            "disbursed_on": (first_due - timedelta(days=31)).isoformat(),
            "installments_total": str(installments), "n": str(n),
            "due_date": (first_due + timedelta(days=30 * (n - 1))).isoformat(),
            "principal": f"{part:.2f}", "interest": f"{interest:.2f}", "insurance": "0.00",
            "total": f"{part + interest:.2f}", "balance_after": f"{balance:.2f}",
            "status": "paid" if n <= paid else "pending", "as_of": AS_OF})
    unpaid = sum((Decimal(r["principal"]) for r in rows if r["status"] == "pending"),
                 Decimal(0))
    for row in rows:
        row["balance"] = f"{unpaid:.2f}"
    return rows


def a_family_plan(dni: str = "40000001", *,
                  beneficiaries: tuple[tuple[str, str, str, str], ...] = (
                      ("YAI", "Hijo/a", "100", "false"), ("YANQUI", "Hijo", "0", "true"),
                      ("JUANA", "Hija", "0", "true"), ("BRIAN", "Hijo", "0", "true")),
                  holder_amount: str = "6000.00") -> list[Row]:
    return [{"dni": dni, "plan_number": f"09{dni[-6:]}01", "monthly_fee": "30.00",
             "annual_payment": "360.00", "pending_installments": "9", "status": "active",
             "holder_death_amount": holder_amount, "beneficiary_death_amount": "6000.00",
             "beneficiary_name": name, "relationship": relationship, "percentage": percentage,
             "entitled": entitled, "as_of": AS_OF}
            for name, relationship, percentage, entitled in beneficiaries]


def csv_of(kind: str, rows: list[Row]) -> str:
    buffer = io.StringIO()
    optional = [column for column in IMPORT_KINDS[kind].optional_columns
                if any(column in row for row in rows)]
    writer = csv.DictWriter(buffer, fieldnames=[*IMPORT_KINDS[kind].columns, *optional],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
