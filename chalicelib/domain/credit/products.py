"""Credit products (tipos de crédito) and the inputs of a simulation, as validated values.

A product is data an admin edits: its rates, limits, terms and payment methods. A simulation (and
the application made from it) is checked against the product as it is at that moment; an
application keeps its own copy of the result, so later edits of the product change new
simulations only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from chalicelib.domain.credit import amortization
from chalicelib.domain.credit.amortization import PAYMENT_METHODS
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import (
    FieldProblem,
    Fields,
    boolean,
    choice,
    decimal_value,
    integer_value,
    iso_date,
    present,
    text_value,
)

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,39}$")
MAX_TEA = Decimal("2")
"""200% a year: far above any legal cap; a higher figure is a typing mistake."""
MAX_INSURANCE_MONTHLY_RATE = Decimal("0.05")
MAX_PRODUCT_AMOUNT = Decimal("10000000")
MAX_TERM_MONTHS = 360
MAX_TERMS = 60
RATE_DECIMALS = 6
PAST_TOLERANCE = timedelta(days=1)
"""A disbursement date may be yesterday (Lima's midnight vs. the client's clock), not earlier."""
MAX_DAYS_AHEAD = timedelta(days=90)

PAYMENT_METHOD_MESSAGE = "Elige una forma de pago válida: planilla o ventanilla."


@dataclass(frozen=True)
class CreditProduct:
    code: str
    name: str
    tea: Decimal
    insurance_monthly_rate: Decimal
    min_amount: Decimal
    max_amount: Decimal
    terms_months: tuple[int, ...]
    payment_methods: tuple[str, ...]
    payroll_day: int | None = None
    """Day of the month payroll deductions fall due (``None``: the month's last day)."""
    active: bool = True

    def as_dict(self) -> dict[str, Any]:
        """The API's (and the store's) representation: money and rates as strings."""
        return {
            "code": self.code,
            "name": self.name,
            "tea": rate_text(self.tea),
            "insurance_monthly_rate": rate_text(self.insurance_monthly_rate),
            "min_amount": money_text(self.min_amount),
            "max_amount": money_text(self.max_amount),
            "terms_months": list(self.terms_months),
            "payment_methods": list(self.payment_methods),
            "payroll_day": self.payroll_day,
            "active": self.active,
        }


@dataclass(frozen=True)
class CatalogueEntry:
    """A product as the catalogue keeps it: the product, its fields as stored (an update's audit
    names the ones it changed), and its ``version`` (opaque: a save is conditioned on it)."""

    product: CreditProduct
    stored: Mapping[str, Any]
    version: int | None
    updated_at: str | None


@dataclass(frozen=True)
class SimulationRequest:
    product_code: str
    amount: Decimal
    term_months: int
    payment_method: str
    disbursement_date: date

    def as_dict(self) -> dict[str, Any]:
        return {"product_code": self.product_code, "amount": money_text(self.amount),
                "term_months": self.term_months, "payment_method": self.payment_method,
                "disbursement_date": self.disbursement_date.isoformat()}


def product_from_dict(code: str, data: dict[str, Any]) -> CreditProduct:
    """A product as stored (it was validated by ``parse_product`` when an admin saved it)."""
    payroll_day = data.get("payroll_day")
    return CreditProduct(
        code=code, name=str(data["name"]), tea=Decimal(data["tea"]),
        insurance_monthly_rate=Decimal(data["insurance_monthly_rate"]),
        min_amount=Decimal(data["min_amount"]), max_amount=Decimal(data["max_amount"]),
        terms_months=tuple(int(term) for term in data["terms_months"]),
        payment_methods=tuple(str(method) for method in data["payment_methods"]),
        payroll_day=int(payroll_day) if payroll_day is not None else None,
        active=bool(data.get("active", True)))


def money_text(amount: Decimal) -> str:
    """``"3105.97"``: the API's money format."""
    return str(amount.quantize(amortization.CENT, rounding=ROUND_HALF_UP))


def rate_text(rate: Decimal) -> str:
    """``"0.1350"``: a fraction with four decimals, or more when the rate has them."""
    four = rate.quantize(amortization.RATE_PLACES, rounding=ROUND_HALF_UP)
    return f"{four if four == rate else rate.normalize():f}"


def normalize_code(code: str) -> str:
    """Product codes are upper case (``consumo`` and ``CONSUMO`` are one product)."""
    normalized = code.strip().upper()
    if not CODE_PATTERN.match(normalized):
        raise InvalidInput("El código del producto no es válido.", fields={
            "code": "Usa de 2 a 40 letras, números, guiones o guiones bajos."})
    return normalized


# --- products -----------------------------------------------------------------------------


def _rate(value: Any, maximum: Decimal, *, positive: bool) -> Decimal:
    rate = decimal_value(value, places=RATE_DECIMALS)
    if rate < 0 or (positive and rate == 0):
        raise FieldProblem("La tasa debe ser mayor que cero." if positive
                           else "La tasa no puede ser negativa.")
    if rate > maximum:
        raise FieldProblem(f"La tasa se expresa como fracción (0.1350 es 13.50 %); "
                           f"no puede superar {maximum}.")
    return rate


def _product_amount(value: Any) -> Decimal:
    amount = decimal_value(value, places=2)
    if amount <= 0 or amount > MAX_PRODUCT_AMOUNT:
        raise FieldProblem(f"Debe ser mayor que cero y no superar {MAX_PRODUCT_AMOUNT}.")
    return amount


def _terms(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or not value or len(value) > MAX_TERMS:
        raise FieldProblem(f"Indica de 1 a {MAX_TERMS} plazos en meses.")
    terms = set()
    for item in value:
        term = integer_value(item)
        if not 1 <= term <= MAX_TERM_MONTHS:
            raise FieldProblem(f"Cada plazo debe estar entre 1 y {MAX_TERM_MONTHS} meses.")
        terms.add(term)
    return tuple(sorted(terms))


def _methods(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise FieldProblem("Indica al menos una forma de pago: planilla o ventanilla.")
    methods = {choice(item, PAYMENT_METHODS, PAYMENT_METHOD_MESSAGE) for item in value}
    return tuple(method for method in PAYMENT_METHODS if method in methods)


def _payroll_day(value: Any) -> int | None:
    if value is None:
        return None
    day = integer_value(value)
    if not 1 <= day <= 31:
        raise FieldProblem("El día de pago de planilla va del 1 al 31 (vacío: fin de mes).")
    return day


def parse_product(code: str, payload: dict[str, Any]) -> CreditProduct:
    """A product from an admin's body; every bad field is reported at once."""
    fields = Fields()
    name = fields.take("name", text_value, payload.get("name"), min_length=3,
                       max_length=80)
    tea = fields.take("tea", _rate, payload.get("tea"), MAX_TEA, positive=True)
    insurance = fields.take("insurance_monthly_rate", _rate,
                            payload.get("insurance_monthly_rate", "0"),
                            MAX_INSURANCE_MONTHLY_RATE, positive=False)
    min_amount = fields.take("min_amount", _product_amount, payload.get("min_amount"))
    max_amount = fields.take("max_amount", _product_amount, payload.get("max_amount"))
    terms = fields.take("terms_months", _terms, payload.get("terms_months"))
    methods = fields.take("payment_methods", _methods, payload.get("payment_methods"))
    payroll_day = fields.take("payroll_day", _payroll_day, payload.get("payroll_day"))
    active = fields.take("active", boolean, payload.get("active", True))
    if min_amount is not None and max_amount is not None and max_amount < min_amount:
        fields.add("max_amount", "El monto máximo no puede ser menor que el mínimo.")
    fields.raise_if_any("Revisa los datos del producto.")
    return CreditProduct(code=normalize_code(code), name=present(name), tea=present(tea),
                         insurance_monthly_rate=present(insurance),
                         min_amount=present(min_amount), max_amount=present(max_amount),
                         terms_months=present(terms), payment_methods=present(methods),
                         payroll_day=payroll_day, active=present(active))


# --- simulation inputs --------------------------------------------------------------------


def _product_code(value: Any) -> str:
    code = text_value(value, min_length=1, max_length=40).upper()
    if not CODE_PATTERN.match(code):
        raise FieldProblem("Elige un tipo de crédito de la lista.")
    return code


def _disbursement(value: Any, today: date) -> date:
    if value is None or value == "":
        return today
    chosen = iso_date(value)
    if chosen < today - PAST_TOLERANCE:
        raise FieldProblem("La fecha de desembolso no puede estar en el pasado.")
    if chosen > today + MAX_DAYS_AHEAD:
        raise FieldProblem(f"La fecha de desembolso no puede superar los "
                           f"{MAX_DAYS_AHEAD.days} días desde hoy.")
    return chosen


def _requested_amount(value: Any) -> Decimal:
    amount = decimal_value(value, places=2)
    if amount <= 0:
        raise FieldProblem("El monto debe ser mayor que cero.")
    return amount


def parse_simulation_request(payload: dict[str, Any], today: date) -> SimulationRequest:
    """The inputs of a simulation (or an application). Only these fields are read: figures a
    client sends along (installment, status, number...) are ignored and always recomputed."""
    fields = Fields()
    code = fields.take("product_code", _product_code, payload.get("product_code"))
    amount = fields.take("amount", _requested_amount, payload.get("amount"))
    term = fields.take("term_months", integer_value, payload.get("term_months"))
    method = fields.take("payment_method", choice, payload.get("payment_method"),
                         PAYMENT_METHODS, PAYMENT_METHOD_MESSAGE)
    disbursement = fields.take("disbursement_date", _disbursement,
                               payload.get("disbursement_date"), today)
    fields.raise_if_any("Revisa los datos de la simulación.")
    return SimulationRequest(product_code=present(code), amount=present(amount),
                             term_months=present(term), payment_method=present(method),
                             disbursement_date=present(disbursement))


def unknown_product() -> InvalidInput:
    return InvalidInput("Revisa los datos de la simulación.", fields={
        "product_code": "El tipo de crédito elegido no existe o no está disponible."})


def check_against_product(request: SimulationRequest, product: CreditProduct) -> None:
    """The request within the product's limits: active, amount range, allowed term and method."""
    if not product.active:
        raise unknown_product()
    fields = Fields()
    if not product.min_amount <= request.amount <= product.max_amount:
        fields.add("amount", f"El monto debe estar entre S/ {money_text(product.min_amount)} "
                             f"y S/ {money_text(product.max_amount)}.")
    if request.term_months not in product.terms_months:
        allowed = ", ".join(str(term) for term in product.terms_months)
        fields.add("term_months", f"Plazos disponibles para este crédito (meses): {allowed}.")
    if request.payment_method not in product.payment_methods:
        fields.add("payment_method", "Esta forma de pago no está disponible para este crédito.")
    fields.raise_if_any("Revisa los datos de la simulación.")


def simulate(request: SimulationRequest, product: CreditProduct) -> amortization.Schedule:
    """The product's schedule for a request already checked against it."""
    return amortization.simulate(request.amount, product.tea, product.insurance_monthly_rate,
                                 request.disbursement_date, request.term_months,
                                 request.payment_method, product.payroll_day)


def simulation_view(request: SimulationRequest, product: CreditProduct,
                    result: amortization.Schedule) -> dict[str, Any]:
    """The simulation as the API returns it (and as an application keeps it)."""
    return {
        **request.as_dict(),
        "product_name": product.name,
        "installment": money_text(result.installment),
        "tea": rate_text(product.tea),
        "tcea": rate_text(result.tcea_presented),
        "insurance_monthly_rate": rate_text(product.insurance_monthly_rate),
        "total_principal": money_text(result.total_principal),
        "total_interest": money_text(result.total_interest),
        "total_insurance": money_text(result.total_insurance),
        "total_payable": money_text(result.total_payable),
        "schedule": [{"n": row.n, "due_date": row.due_date.isoformat(), "days": row.days,
                      "principal": money_text(row.principal),
                      "interest": money_text(row.interest),
                      "insurance": money_text(row.insurance), "total": money_text(row.total),
                      "balance": money_text(row.balance)} for row in result.rows],
    }
