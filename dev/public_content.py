"""The demo cooperative's «Tasas y tarifas» and «Contacto» (issue 18): savings and deposit rates,
fees and agencies of COOPAC PETROPERÚ as an admin would keep them. Addresses are plausible; the
phone numbers, WhatsApp numbers and e-mails are demo values. Loaded once by the local stack: a
document an admin edited on the local stage is kept."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.info.public_content import parse_contact, parse_rates
from chalicelib.domain.shared.clock import iso_instant, utc_now
from chalicelib.domain.shared.errors import Conflict
from chalicelib.store.info import content

DEMO_RATES: dict[str, Any] = {
    "rates": [
        {"group": "ahorros", "concept": "Ahorro a la vista", "rate": "0.0150",
         "note": "Sin monto mínimo de apertura."},
        {"group": "ahorros", "concept": "Ahorro programado", "rate": "0.0300",
         "note": "Depósito mensual por planilla desde S/ 50.00."},
        {"group": "plazo_fijo", "concept": "De 30 a 89 días", "rate": "0.0350",
         "note": "Monto mínimo S/ 1,000.00."},
        {"group": "plazo_fijo", "concept": "De 90 a 179 días", "rate": "0.0450", "note": ""},
        {"group": "plazo_fijo", "concept": "De 180 a 359 días", "rate": "0.0550", "note": ""},
        {"group": "plazo_fijo", "concept": "De 360 días a más", "rate": "0.0650",
         "note": "Intereses al vencimiento o mensuales."},
        {"group": "cts", "concept": "Depósito CTS", "rate": "0.0700",
         "note": "Depósitos del empleador en mayo y noviembre."},
    ],
    "fees": [
        {"concept": "Duplicado de tarjeta de débito", "amount": "10.00", "note": ""},
        {"concept": "Constancia de no adeudo", "amount": "5.00", "note": "Entrega en 24 horas."},
        {"concept": "Constancia de aportes", "amount": "0.00",
         "note": "Gratis en PDF desde el portal (Aportes)."},
        {"concept": "Estado de cuenta impreso", "amount": "3.00",
         "note": "Gratis en PDF desde el portal (Ahorros)."},
    ],
}

DEMO_CONTACT: dict[str, Any] = {
    "agencies": [
        {"name": "Sede principal Lima", "address": "Av. Enrique Canaval Moreyra 150, piso 2",
         "district": "San Isidro, Lima", "hours": "Lunes a viernes de 8:30 a 17:30",
         "phones": ["(01) 555-0100", "(01) 555-0101"], "whatsapp": "999 000 101",
         "email": "sede.lima@example.pe"},
        {"name": "Agencia Talara", "address": "Av. G s/n, Refinería Talara",
         "district": "Pariñas, Talara (Piura)", "hours": "Lunes a viernes de 8:00 a 16:00",
         "phones": ["(073) 555-020"], "whatsapp": "999 000 102",
         "email": "agencia.talara@example.pe"},
        {"name": "Agencia Iquitos", "address": "Av. La Marina 1200, Refinería Iquitos",
         "district": "Punchana, Maynas (Loreto)", "hours": "Lunes a viernes de 8:00 a 16:00",
         "phones": ["(065) 555-030"], "whatsapp": "999 000 103",
         "email": "agencia.iquitos@example.pe"},
        {"name": "Oficina Conchán", "address": "Antigua Panamericana Sur km 26.5",
         "district": "Lurín, Lima", "hours": "Martes y jueves de 9:00 a 13:00",
         "phones": ["(01) 555-0140"], "whatsapp": None, "email": None},
    ],
}


def load_demo_public_content() -> int:
    """Save each demo document that is missing; returns how many were saved."""
    saved = 0
    for request in (parse_rates(DEMO_RATES), parse_contact(DEMO_CONTACT)):
        if content.document(request.content_id, consistent=True) is not None:
            continue
        try:
            content.save(request.content_id, request.data, read_version=None,
                         updated_at=iso_instant(utc_now()), updated_by="demo")
            saved += 1
        except Conflict:
            continue  # seeded by someone else at the same moment
    return saved
