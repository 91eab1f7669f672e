"""The Libro de Reclamaciones exported for a period (issue 18): an admin's CSV of every sheet
received between two Lima days (UTF-8 with BOM, the sheet's fields, state, due date, answer date,
business days late), at most twelve months, never in the future, audited."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import pytest

from chalicelib.domain.shared.clock import LIMA
from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import signed_in
from tests.functional.ticket_builders import Person

SHEET = {"full_name": "Rosa Quispe Huamán", "document_type": "dni",
         "document_number": "40112233", "address": "Av. Arequipa 123, Lima",
         "phone": "987 654 321", "email": "rosa@example.pe", "product": "ahorros",
         "amount": "1250.50", "kind": "reclamo",
         "detail": "=HYPERLINK(\"http://malo\") me cobraron una comisión, sin aviso.",
         "request": "Que me devuelvan el cobro.", "accepts_email_answer": True}


def _at_lima(time_machine: Any, moment: str, *people: Person) -> None:
    """The clock at ``moment`` (Lima), each of ``people`` signed in again (sessions idle out)."""
    time_machine.move_to(datetime.fromisoformat(moment).replace(tzinfo=LIMA), tick=False)
    for person in people:
        signed_in(person.api, person.user)


def _file(person: Person, **changes: Any) -> str:
    answer = person.api.post("/api/tickets/complaints", {**SHEET, **changes})
    assert answer.status == 201, answer.json
    return str(answer.json["code"])


def _rows(answer: Any) -> list[dict[str, str]]:
    body = answer.body if isinstance(answer.body, bytes) else answer.body.encode()
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the accents
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def cast(app, time_machine):
    _at_lima(time_machine, "2026-07-01T09:00:00")
    return {"admin": Person(app, Role.ADMIN, first_name="Ada", last_name="Torres"),
            "operator": Person(app, Role.OPERATOR, first_name="Óscar", last_name="Ruiz"),
            "visitor": Person(app, Role.MEMBER)}


def test_the_export_lists_the_period_with_due_answer_and_days_late(cast, time_machine):
    admin, operator, visitor = cast["admin"], cast["operator"], cast["visitor"]
    assert admin.api.post("/api/admin/holidays",
                          {"date": "2026-07-06", "name": "Feriado de prueba"}).status == 201
    people = (admin, operator, visitor)
    _at_lima(time_machine, "2026-06-30T18:00:00", *people)
    before = _file(visitor, full_name="Fuera del Periodo")
    _at_lima(time_machine, "2026-07-01T10:15:00", *people)
    late = _file(visitor)  # received Wed 1 July; 15 business days skipping 6 July: Thu 23 July
    _at_lima(time_machine, "2026-07-02T11:00:00", *people)
    in_time = _file(visitor, kind="queja", amount=None, full_name="Juan Pérez Ñique")
    assert admin.api.post(f"/api/tickets/complaints/{late}/assign",
                          {"operator_id": operator.id}).status == 200
    _at_lima(time_machine, "2026-07-07T09:00:00", *people)
    assert admin.api.post(f"/api/tickets/complaints/{in_time}/assign",
                          {"operator_id": operator.id}).status == 200
    assert operator.api.post(f"/api/tickets/complaints/{in_time}/answer",
                             {"answer": "Conversamos con el área y mejoramos la atención."}
                             ).status == 200
    _at_lima(time_machine, "2026-07-28T09:00:00", *people)  # Tue: 24, 27, 28 July past the due date

    answer = admin.api.get("/api/admin/complaints/export?from=2026-07-01&to=2026-07-28")
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert "libro-de-reclamaciones-2026-07-01-2026-07-28.csv" in \
        answer.headers["Content-Disposition"]
    rows = _rows(answer)
    assert [row["Código"] for row in rows] == [late, in_time]
    assert before not in {row["Código"] for row in rows}
    first, second = rows
    assert (first["Tipo"], first["Estado"], first["Fecha de recepción"],
            first["Hora de recepción"], first["Nombre del consumidor"],
            first["Número de documento"], first["Monto reclamado (S/)"],
            first["Asignado a"], first["Fecha límite de respuesta"],
            first["Fecha de respuesta"], first["Días hábiles de retraso"]) == (
        "Reclamo", "En atención", "01/07/2026", "10:15", "Rosa Quispe Huamán", "40112233",
        "1250.50", "Óscar Ruiz", "23/07/2026", "", "3")
    assert first["Detalle"].startswith("'=HYPERLINK")  # never a formula in Excel
    assert (second["Tipo"], second["Estado"], second["Monto reclamado (S/)"],
            second["Fecha de respuesta"], second["Días hábiles de retraso"],
            second["Nombre del consumidor"]) == (
        "Queja", "Respondido", "", "07/07/2026", "", "Juan Pérez Ñique")
    assert second["Respuesta"] == "Conversamos con el área y mejoramos la atención."

    [record] = [r for r in AuditModel.scan() if r.action == "complaints.exported"]
    assert (record.actor_id, record.target) == (admin.id, "complaints")


def test_an_empty_period_is_a_file_with_its_header_only(cast):
    answer = cast["admin"].api.get("/api/admin/complaints/export?from=2026-01-01&to=2026-01-31")
    assert answer.status == 200
    body = answer.body if isinstance(answer.body, bytes) else answer.body.encode()
    assert body.decode("utf-8-sig").splitlines()[0].startswith("Código,Tipo,Estado,")
    assert _rows(answer) == []


@pytest.mark.parametrize(("query", "field"), [
    ("from=2026-07-01", "to"),
    ("to=2026-07-01", "from"),
    ("from=01/07/2026&to=2026-07-01", "from"),
    ("from=2026-06-02&to=2026-06-01", "from"),
    ("from=2026-06-01&to=2026-07-02", "to"),  # tomorrow in Lima
    ("from=2025-06-30&to=2026-06-30", "from"),  # twelve months and a day
])
def test_a_bad_period_is_refused_naming_the_field(cast, query, field):
    answer = cast["admin"].api.get(f"/api/admin/complaints/export?{query}")
    assert answer.status == 400
    assert field in answer.json["error"]["fields"]


def test_twelve_months_is_the_longest_period(cast):
    answer = cast["admin"].api.get("/api/admin/complaints/export?from=2025-07-01&to=2026-06-30")
    assert answer.status == 200


def test_only_admins_export_the_book(cast, app):
    operator = cast["operator"]
    assert operator.api.get(
        "/api/admin/complaints/export?from=2026-06-01&to=2026-06-30").status == 403
    assert not [r for r in AuditModel.scan() if r.action == "complaints.exported"]
