"""Row checks and documents of the product kinds of the core system's CSVs (docs/imports.md).

``check_<kind>_row`` cleans one row (or lists its problems); loans and family benefit plans span
several rows (one per installment, one per beneficiary) that ``check_<kind>_group`` checks
together; ``<kind>_document`` turns a product's clean rows into the one document that is stored.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

from chalicelib.domain.imports.csv_fields import (
    Problems,
    RowError,
    amount_of,
    check_amount,
    check_choice,
    check_count,
    check_currency,
    check_date,
    check_dni,
    check_flag,
    check_identifier,
    check_name,
    check_number,
    check_optional_date,
    check_past_date,
    check_percentage,
    check_rate,
)
from chalicelib.domain.shared import product_status, products
from chalicelib.domain.shared.money import HUNDRED, money
from chalicelib.domain.shared.products import (
    MONTHS_PER_YEAR,
    MovementDocument,
    ProductDocument,
    family_benefit_annual_payment,
)

Record = dict[str, str]
Rows = list[tuple[int, Record]]
"""A product's clean rows with their line numbers, in file order."""

MAX_INSTALLMENTS = 480
MAX_PENDING_INSTALLMENTS = 1200
FIXED_DEPOSIT_STATUSES = product_status.STATUSES[products.FIXED_DEPOSITS]
FAMILY_BENEFIT_STATUSES = ("active", "suspended", "inactive")
INSTALLMENT_STATUSES = ("paid", "pending")


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _cut_off(row: Record, today: date, problems: Problems,
             opened_field: str = "opened_on") -> tuple[str, str]:
    """``as_of`` (the export's cut-off date, not future) and an opening date not after it."""
    as_of = check_past_date(row.get("as_of") or "", "as_of", today, problems)
    opened = check_date(row.get(opened_field) or "", opened_field, problems)
    if opened and as_of and opened > as_of:
        problems.append((opened_field, "La fecha no puede ser posterior a la fecha de corte."))
    return _iso(opened), _iso(as_of)


def _lifecycle(row: Record, product: str, as_of: str, problems: Problems,
               column: str = "status") -> Record:
    """The product's optional status column (docs/imports.md, "Product status"): absent or
    empty is the kind's active status."""
    text = (row.get(column) or "").strip()
    status = check_choice(text, column, product_status.STATUSES[product], problems) if text \
        else product_status.ACTIVE[product]
    return {column: status, "closed_on": _closed_on(row, product, status, as_of, problems)}


def _closed_on(row: Record, product: str, status: str, as_of: str, problems: Problems) -> str:
    """The optional ``closed_on`` column: when a closed product stopped being active (not after
    the cut-off; empty = the cut-off); an active product has none."""
    stated = check_optional_date(row.get("closed_on") or "", "closed_on", problems)
    if stated is None:
        return product_status.closed_on_for(product, status, as_of)
    if status == product_status.ACTIVE[product]:
        problems.append(("closed_on", "Un producto activo no tiene fecha de cierre; deja el "
                                      "campo vacío."))
    elif as_of and stated.isoformat() > as_of:
        problems.append(("closed_on", "La fecha de cierre no puede ser posterior a la fecha de "
                                      "corte."))
    return stated.isoformat()


# --- one row per product ------------------------------------------------------------------


def check_contributions_row(row: Record, today: date) -> tuple[Record, Problems]:
    """Aportes: ``dni,account_number,balance,monthly_fee,opened_on,as_of`` (always soles)."""
    problems: Problems = []
    opened_on, as_of = _cut_off(row, today, problems)
    record = {
        "dni": check_dni(row.get("dni") or "", problems),
        "account_number": check_number(row.get("account_number") or "", "account_number",
                                       problems),
        "balance": check_amount(row.get("balance") or "", "balance", problems),
        "monthly_fee": check_amount(row.get("monthly_fee") or "", "monthly_fee", problems),
        "opened_on": opened_on,
        "as_of": as_of,
        **_lifecycle(row, products.CONTRIBUTIONS, as_of, problems),
    }
    return record, problems


def check_savings_row(row: Record, today: date) -> tuple[Record, Problems]:
    problems: Problems = []
    opened_on, as_of = _cut_off(row, today, problems)
    last = check_optional_date(row.get("last_movement_on") or "", "last_movement_on", problems)
    if last and (last > today or (opened_on and last.isoformat() < opened_on)):
        problems.append(("last_movement_on", "La fecha debe estar entre la apertura y hoy."))
    record = {
        "dni": check_dni(row.get("dni") or "", problems),
        "account_number": check_number(row.get("account_number") or "", "account_number",
                                       problems),
        "type": check_name(row.get("type") or "", "type", problems),
        "currency": check_currency(row.get("currency") or "", problems),
        "balance": check_amount(row.get("balance") or "", "balance", problems),
        "rate": check_rate(row.get("rate") or "", "rate", problems),
        "opened_on": opened_on,
        "last_movement_on": _iso(last),
        "as_of": as_of,
        **_lifecycle(row, products.SAVINGS, as_of, problems),
    }
    return record, problems


def check_fixed_deposit_row(row: Record, today: date) -> tuple[Record, Problems]:
    problems: Problems = []
    opened_on, as_of = _cut_off(row, today, problems)
    matures = check_date(row.get("matures_on") or "", "matures_on", problems)
    if matures and opened_on and matures.isoformat() <= opened_on:
        problems.append(("matures_on", "El vencimiento debe ser posterior a la apertura."))
    record = {
        "dni": check_dni(row.get("dni") or "", problems),
        "certificate": check_number(row.get("certificate") or "", "certificate", problems),
        "currency": check_currency(row.get("currency") or "", problems),
        "principal": check_amount(row.get("principal") or "", "principal", problems),
        "rate": check_rate(row.get("rate") or "", "rate", problems),
        "opened_on": opened_on,
        "matures_on": _iso(matures),
        "interest_accrued": check_amount(row.get("interest_accrued") or "", "interest_accrued",
                                         problems),
        "interest_at_maturity": check_amount(row.get("interest_at_maturity") or "",
                                             "interest_at_maturity", problems),
        "status": check_choice(row.get("status") or "", "status", FIXED_DEPOSIT_STATUSES,
                               problems),
        "as_of": as_of,
    }
    record["closed_on"] = _closed_on(row, products.FIXED_DEPOSITS, record["status"], as_of,
                                     problems)
    return record, problems


def check_cts_row(row: Record, today: date) -> tuple[Record, Problems]:
    problems: Problems = []
    opened_on, as_of = _cut_off(row, today, problems)
    record = {
        "dni": check_dni(row.get("dni") or "", problems),
        "account_number": check_number(row.get("account_number") or "", "account_number",
                                       problems),
        "employer": check_name(row.get("employer") or "", "employer", problems),
        "currency": check_currency(row.get("currency") or "", problems),
        "balance": check_amount(row.get("balance") or "", "balance", problems),
        "available_to_withdraw": check_amount(row.get("available_to_withdraw") or "",
                                              "available_to_withdraw", problems),
        "opened_on": opened_on,
        "as_of": as_of,
        **_lifecycle(row, products.CTS, as_of, problems),
    }
    if record["balance"] and record["available_to_withdraw"] and \
            amount_of(record, "available_to_withdraw") > amount_of(record, "balance"):
        problems.append(("available_to_withdraw", "El disponible no puede superar el saldo."))
    return record, problems


def check_movement_row(row: Record, today: date) -> tuple[Record, Problems]:
    """``amount`` is signed: the change to the product's balance; ``balance`` is after it."""
    problems: Problems = []
    moved_on = check_past_date(row.get("date") or "", "date", today, problems)
    record = {
        "dni": check_dni(row.get("dni") or "", problems),
        "movement_id": check_identifier(row.get("movement_id") or "", "movement_id", problems),
        "product": check_choice(row.get("product") or "", "product", products.MOVEMENT_PRODUCTS,
                                problems),
        "product_number": check_number(row.get("product_number") or "", "product_number",
                                       problems),
        "date": _iso(moved_on),
        "description": check_name(row.get("description") or "", "description", problems),
        "amount": check_amount(row.get("amount") or "", "amount", problems, signed=True),
        "currency": check_currency(row.get("currency") or "", problems),
        "balance": check_amount(row.get("balance") or "", "balance", problems, signed=True),
    }
    return record, problems


# --- several rows per product -------------------------------------------------------------

LOAN_FIELDS = ("dni", "product", "currency", "original_amount", "balance", "annual_rate",
               "disbursed_on", "installments_total", "as_of", "loan_status", "closed_on")
"""Repeated on every installment row of a loan; they must agree."""

FAMILY_BENEFIT_FIELDS = ("dni", "monthly_fee", "annual_payment", "pending_installments",
                         "status", "holder_death_amount", "beneficiary_death_amount", "as_of")
"""Repeated on every beneficiary row of a plan; they must agree."""


def check_loan_row(row: Record, today: date) -> tuple[Record, Problems]:
    """One installment of a loan's schedule, with the loan's own columns repeated."""
    problems: Problems = []
    disbursed_on, as_of = _cut_off(row, today, problems, opened_field="disbursed_on")
    due = check_date(row.get("due_date") or "", "due_date", problems)
    if due and disbursed_on and due.isoformat() <= disbursed_on:
        problems.append(("due_date", "El vencimiento debe ser posterior al desembolso."))
    record = {
        "dni": check_dni(row.get("dni") or "", problems),
        "loan_number": check_number(row.get("loan_number") or "", "loan_number", problems),
        "product": check_name(row.get("product") or "", "product", problems),
        "currency": check_currency(row.get("currency") or "", problems),
        "original_amount": check_amount(row.get("original_amount") or "", "original_amount",
                                        problems),
        "balance": check_amount(row.get("balance") or "", "balance", problems),
        "annual_rate": check_rate(row.get("annual_rate") or "", "annual_rate", problems),
        "disbursed_on": disbursed_on,
        "installments_total": check_count(row.get("installments_total") or "",
                                          "installments_total", problems, low=1,
                                          high=MAX_INSTALLMENTS),
        "as_of": as_of,
        **_lifecycle(row, products.LOANS, as_of, problems, column="loan_status"),
        **_installment(row, problems),
        "due_date": _iso(due),
    }
    if record["n"] and record["installments_total"] and \
            int(record["n"]) > int(record["installments_total"]):
        problems.append(("n", "El número de cuota supera el total de cuotas."))
    return record, problems


def _installment(row: Record, problems: Problems) -> Record:
    installment = {
        "n": check_count(row.get("n") or "", "n", problems, low=1, high=MAX_INSTALLMENTS),
        "principal": check_amount(row.get("principal") or "", "principal", problems),
        "interest": check_amount(row.get("interest") or "", "interest", problems),
        "insurance": check_amount(row.get("insurance") or "", "insurance", problems),
        "total": check_amount(row.get("total") or "", "total", problems),
        "balance_after": check_amount(row.get("balance_after") or "", "balance_after", problems),
        "status": check_choice(row.get("status") or "", "status", INSTALLMENT_STATUSES,
                               problems),
    }
    parts = (installment["principal"], installment["interest"], installment["insurance"])
    if all(parts) and installment["total"] and \
            sum((Decimal(part) for part in parts), Decimal(0)) != Decimal(installment["total"]):
        problems.append(("total", "La cuota debe ser capital + interés + seguro."))
    return installment


def check_family_benefit_row(row: Record, today: date) -> tuple[Record, Problems]:
    """One beneficiary of a plan, with the plan's own columns repeated; its ``annual_payment``
    must be 12 × ``monthly_fee`` (``products.family_benefit_annual_payment``)."""
    problems: Problems = []
    record = {
        "dni": check_dni(row.get("dni") or "", problems),
        "plan_number": check_number(row.get("plan_number") or "", "plan_number", problems),
        "monthly_fee": check_amount(row.get("monthly_fee") or "", "monthly_fee", problems),
        "annual_payment": check_amount(row.get("annual_payment") or "", "annual_payment",
                                       problems),
        "pending_installments": check_count(row.get("pending_installments") or "",
                                            "pending_installments", problems, low=0,
                                            high=MAX_PENDING_INSTALLMENTS),
        "status": check_choice(row.get("status") or "", "status", FAMILY_BENEFIT_STATUSES,
                               problems),
        "holder_death_amount": check_amount(row.get("holder_death_amount") or "",
                                            "holder_death_amount", problems),
        "beneficiary_death_amount": check_amount(row.get("beneficiary_death_amount") or "",
                                                 "beneficiary_death_amount", problems),
        "beneficiary_name": check_name(row.get("beneficiary_name") or "", "beneficiary_name",
                                       problems),
        "relationship": check_name(row.get("relationship") or "", "relationship", problems),
        "percentage": check_percentage(row.get("percentage") or "", "percentage", problems),
        "entitled": check_flag(row.get("entitled") or "", "entitled", problems),
        "as_of": _iso(check_past_date(row.get("as_of") or "", "as_of", today, problems)),
    }
    if record["monthly_fee"] and record["annual_payment"]:
        annual = family_benefit_annual_payment(amount_of(record, "monthly_fee"))
        if amount_of(record, "annual_payment") != annual:
            problems.append(("annual_payment", f"El pago anual debe ser {MONTHS_PER_YEAR} "
                                               f"cuotas mensuales: S/ {money(annual)}."))
    return record, problems


def _disagreements(rows: Rows, fields: tuple[str, ...]) -> list[RowError]:
    first_line, first = rows[0]
    errors = []
    for line, record in rows[1:]:
        field = next((name for name in fields if record[name] != first[name]), None)
        if field:
            errors.append(RowError(line, field, "No coincide con la primera fila del mismo "
                                                f"producto (línea {first_line})."))
    return errors


def check_loan_group(rows: Rows) -> list[RowError]:
    """A loan's rows agree on the loan, and its schedule has each installment 1..N once, with
    due dates that grow with the installment number."""
    errors = _disagreements(rows, LOAN_FIELDS)
    first_line, first = rows[0]
    seen: dict[int, str] = {}
    for line, record in rows:
        number = int(record["n"])
        if number in seen:
            errors.append(RowError(line, "n", "Cuota repetida en el cronograma."))
        seen[number] = record["due_date"]
    missing = [n for n in range(1, int(first["installments_total"]) + 1) if n not in seen]
    if missing:
        listed = ", ".join(str(n) for n in missing[:20]) + ("…" if len(missing) > 20 else "")
        errors.append(RowError(first_line, "n", f"Faltan cuotas del cronograma: {listed}."))
    due_dates = [seen[n] for n in sorted(seen)]
    if any(later <= earlier for earlier, later in pairwise(due_dates)):
        errors.append(RowError(first_line, "due_date",
                               "Los vencimientos deben crecer con el número de cuota."))
    return errors


def check_family_benefit_group(rows: Rows) -> list[RowError]:
    """A plan's rows agree on the plan, and its beneficiaries' percentages add to exactly 100."""
    errors = _disagreements(rows, FAMILY_BENEFIT_FIELDS)
    total = sum((Decimal(record["percentage"]) for _, record in rows), Decimal(0))
    if total != HUNDRED:
        errors.append(RowError(rows[0][0], "percentage",
                               f"Los porcentajes de los beneficiarios suman {total}; deben "
                               "sumar exactamente 100."))
    return errors


# --- documents ----------------------------------------------------------------------------


def _pick(record: Record, *fields: str) -> dict[str, Any]:
    return {field: record[field] for field in fields}


def contributions_document(records: list[Record]) -> ProductDocument:
    record = records[0]
    return ProductDocument(
        dni=record["dni"], product=products.CONTRIBUTIONS,
        product_id=products.product_id(products.CONTRIBUTIONS, record["account_number"]),
        data={"number": record["account_number"], "currency": "PEN",
              **_pick(record, "balance", "monthly_fee", "opened_on", "as_of", "status",
                      "closed_on")})


def savings_document(records: list[Record]) -> ProductDocument:
    record = records[0]
    return ProductDocument(
        dni=record["dni"], product=products.SAVINGS,
        product_id=products.product_id(products.SAVINGS, record["account_number"]),
        data={"number": record["account_number"],
              **_pick(record, "type", "currency", "balance", "rate", "opened_on",
                      "last_movement_on", "as_of", "status", "closed_on")})


def fixed_deposit_document(records: list[Record]) -> ProductDocument:
    record = records[0]
    return ProductDocument(
        dni=record["dni"], product=products.FIXED_DEPOSITS,
        product_id=products.product_id(products.FIXED_DEPOSITS, record["certificate"]),
        data=_pick(record, "certificate", "currency", "principal", "rate", "opened_on",
                   "matures_on", "interest_accrued", "interest_at_maturity", "status", "as_of",
                   "closed_on"))


def cts_document(records: list[Record]) -> ProductDocument:
    record = records[0]
    return ProductDocument(
        dni=record["dni"], product=products.CTS,
        product_id=products.product_id(products.CTS, record["account_number"]),
        data={"number": record["account_number"],
              **_pick(record, "employer", "currency", "balance", "available_to_withdraw",
                      "opened_on", "as_of", "status", "closed_on")})


def loan_document(records: list[Record]) -> ProductDocument:
    """The loan and its whole schedule, ordered by installment: one item."""
    first = records[0]
    schedule = [{**_pick(record, "n", "due_date", "principal", "interest", "insurance",
                         "total", "status"), "n": int(record["n"]),
                 "balance": record["balance_after"]}
                for record in sorted(records, key=lambda r: int(r["n"]))]
    return ProductDocument(
        dni=first["dni"], product=products.LOANS,
        product_id=products.product_id(products.LOANS, first["loan_number"]),
        data={"number": first["loan_number"],
              **_pick(first, "product", "currency", "original_amount", "balance",
                      "annual_rate", "disbursed_on", "as_of", "closed_on"),
              "status": first["loan_status"],
              "installments_total": int(first["installments_total"]),
              "schedule": schedule})


def family_benefit_document(records: list[Record]) -> ProductDocument:
    """The plan and all its beneficiaries, in file order: one item."""
    first = records[0]
    return ProductDocument(
        dni=first["dni"], product=products.FAMILY_BENEFIT,
        product_id=products.product_id(products.FAMILY_BENEFIT, first["plan_number"]),
        data={"number": first["plan_number"],
              **_pick(first, "monthly_fee", "annual_payment", "status",
                      "holder_death_amount", "beneficiary_death_amount", "as_of"),
              "pending_installments": int(first["pending_installments"]),
              "beneficiaries": [{"name": r["beneficiary_name"],
                                 "relationship": r["relationship"],
                                 "percentage": r["percentage"],
                                 "entitled": r["entitled"] == "true"} for r in records]})


def movement_document(records: list[Record]) -> MovementDocument:
    record = records[0]
    return MovementDocument(
        dni=record["dni"], movement_id=record["movement_id"], date=record["date"],
        product=record["product"],
        product_id=products.product_id(record["product"], record["product_number"]),
        data=_pick(record, "description", "amount", "currency", "balance"))

