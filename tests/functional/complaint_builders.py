"""A Libro de Reclamaciones sheet as the public form would send it, for tests that put sheets
straight through the store (the form itself is tested in test_complaints.py)."""

from __future__ import annotations

from decimal import Decimal

from chalicelib.domain.complaints.complaint import (
    Consumer,
    DocumentType,
    Kind,
    NewComplaint,
    Product,
)


def a_sheet(amount: Decimal | None = Decimal("150.50")) -> NewComplaint:
    consumer = Consumer(full_name="Rosa Quispe Huamán", document_type=DocumentType.DNI,
                        document_number="40112233", address="Av. Arequipa 123, Lima",
                        phone="987654321", email="rosa@example.pe")
    return NewComplaint(consumer=consumer, product=Product.AHORROS, amount=amount,
                        kind=Kind.RECLAMO, detail="Me cobraron una comisión indebida.",
                        request="Que me devuelvan el cobro.", accepts_email_answer=True)
