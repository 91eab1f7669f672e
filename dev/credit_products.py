"""The demo credit catalogue of the local stage (deterministic; never loaded in production).

``load_demo_credit_products()`` is called by the local stack after the demo users are created.
The first product is the one the demo member already holds a loan of ("AMPLIACION PTMO.
EDUCATIVO", 13.50 % a year); the others are typical of a Peruvian savings cooperative.
"""

from __future__ import annotations

import json
from typing import Any

from chalicelib.domain.credit.products import CreditProduct, parse_product
from chalicelib.domain.shared.clock import iso_instant, utc_now
from chalicelib.domain.shared.errors import Conflict
from chalicelib.store.credit import credit as store
from chalicelib.store.shared.models import CreditProductModel

DEMO_CREDIT_PRODUCTS: dict[str, dict[str, Any]] = {
    "AMPLIACION_EDUCATIVO": {
        "name": "AMPLIACION PTMO. EDUCATIVO", "tea": "0.1350",
        "insurance_monthly_rate": "0.00050", "min_amount": "1000.00",
        "max_amount": "20000.00", "terms_months": [6, 12, 18, 24, 36],
        "payment_methods": ["planilla", "ventanilla"], "payroll_day": None,
    },
    "CONSUMO": {
        "name": "PTMO. CONSUMO", "tea": "0.1800", "insurance_monthly_rate": "0.00060",
        "min_amount": "500.00", "max_amount": "30000.00",
        "terms_months": [6, 12, 18, 24, 36, 48, 60],
        "payment_methods": ["planilla", "ventanilla"], "payroll_day": None,
    },
    "ORDINARIO": {
        "name": "PTMO. ORDINARIO", "tea": "0.1450", "insurance_monthly_rate": "0.00050",
        "min_amount": "1000.00", "max_amount": "60000.00",
        "terms_months": [12, 24, 36, 48, 60, 72, 84, 96],
        "payment_methods": ["planilla"], "payroll_day": None,
    },
    "EMERGENCIA": {
        "name": "PTMO. EMERGENCIA", "tea": "0.2200", "insurance_monthly_rate": "0.00060",
        "min_amount": "300.00", "max_amount": "5000.00", "terms_months": [3, 6, 9, 12],
        "payment_methods": ["planilla", "ventanilla"], "payroll_day": None,
    },
    "CONSUMO_ESPECIAL": {
        "name": "PTMO. CONSUMO ESPECIAL (con garantía de aportes)", "tea": "0.1200",
        "insurance_monthly_rate": "0.00045", "min_amount": "1000.00",
        "max_amount": "40000.00", "terms_months": [12, 24, 36, 48, 60],
        "payment_methods": ["planilla"], "payroll_day": 25,
    },
}


def add_product_if_missing(product: CreditProduct) -> bool:
    """Seed one product (this demo catalogue, the test and bench builders); an existing product
    is left as an admin may have edited it. True when it was added. Production's catalogue is
    only ever written by an admin (``services.credit.products.put_product``)."""
    if store.product(product.code) is not None:
        return False
    data = {key: value for key, value in product.as_dict().items() if key != "code"}
    model = CreditProductModel(code=product.code, data=json.dumps(data, ensure_ascii=False),
                               updated_at=iso_instant(utc_now()))
    try:
        store.save_product(model)
    except Conflict:
        return False  # seeded by someone else at the same moment
    return True


def load_demo_credit_products() -> int:
    """Add the demo products that are missing; returns how many were added."""
    return sum(add_product_if_missing(parse_product(code, fields))
               for code, fields in DEMO_CREDIT_PRODUCTS.items())
