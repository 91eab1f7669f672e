"""«Mis datos» (Ley 29733, right of access) through the API: the request answers 202, the import
worker builds a zip of the member's own records (and nothing of anyone else's), the owner alone
reads its status and gets a 10-minute link, the archive expires with the day the bucket keeps
it, every request and download is audited, and a fourth request of the Lima day is a 429."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from chalicelib.domain.complaints.complaint import (
    Complaint,
    Consumer,
    DocumentType,
    Kind,
    NewComplaint,
    Product,
    Status,
)
from chalicelib.domain.shared.permissions import Role
from chalicelib.settings import settings
from chalicelib.store.complaints import complaints as complaint_store
from chalicelib.store.shared.aws import client
from chalicelib.store.shared.models import AuditModel
from tests.functional.accounts_builders import load, run_worker, travel_to_lima_noon
from tests.functional.builders import signed_in
from tests.functional.ticket_builders import Person, a_ticket
from tests.product_rows import a_contributions_row, a_loan, a_movement_row

ANA, BETO = "40000011", "40000012"
TODAY = "2026-11-25"


def give_products(dni: str, description: str) -> None:
    load("contributions", [a_contributions_row(dni)])
    load("loans", a_loan(dni, number=f"021{dni[-6:]}0001", installments=3, paid=1))
    load("movements", [a_movement_row(dni, f"{dni}-A-1", product="contributions",
                                      product_number=f"03{dni}", date="2026-10-20",
                                      amount="50", balance="4800.00",
                                      description=description)])


def a_complaint(member: Person, code: str, detail: str) -> None:
    """A sheet filed signed in (``member_id``), as the Libro de Reclamaciones stores it."""
    now = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    consumer = Consumer(full_name=f"{member.user.first_name} {member.user.last_name}",
                        document_type=DocumentType.DNI, document_number=str(member.user.dni),
                        address="Av. Arequipa 123, Lima", phone="987654321",
                        email=member.email)
    complaint_store.create(Complaint(
        code=code, sheet=NewComplaint(consumer=consumer, product=Product.AHORROS,
                                      amount=Decimal("120.5"), kind=Kind.RECLAMO, detail=detail,
                                      request="Que me devuelvan el cobro.",
                                      accepts_email_answer=True),
        status=Status.RECEIVED, received_at=now, received_on=date(2026, 11, 20),
        due_on=date(2026, 12, 11), member_id=member.id))


@pytest.fixture
def cast(app, time_machine):
    travel_to_lima_noon(time_machine, TODAY)
    give_products(ANA, "APORTE DE ANA")
    give_products(BETO, "APORTE DE BETO")
    ana = Person(app, Role.MEMBER, dni=ANA, first_name="Ana", last_name="Quispe Rojas",
                 email="ana@example.pe")
    beto = Person(app, Role.MEMBER, dni=BETO, first_name="Beto", last_name="Salas Paz",
                  email="beto@example.pe")
    a_ticket(ana, subject="Consulta de Ana", message="Mensaje secreto de Ana")
    a_ticket(beto, subject="Consulta de Beto", message="Mensaje secreto de Beto")
    a_complaint(ana, "R-2026-000001", "Reclamo secreto de Ana")
    a_complaint(beto, "R-2026-000002", "Reclamo secreto de Beto")
    return ana, beto


def key_of(url: str) -> str:
    path = unquote(urlparse(url).path).lstrip("/")
    bucket = settings().reports_bucket
    return path[len(bucket) + 1:] if path.startswith(f"{bucket}/") else path


def requested_and_built(member: Person) -> dict:
    answer = member.api.post("/api/reports/data-archives", {})
    assert answer.status == 202, answer.json
    assert answer.json["status"] == "building"
    run_worker()
    return member.api.get(f"/api/reports/data-archives/{answer.json['id']}").json


def downloaded(member: Person, archive_id: str) -> tuple[dict, zipfile.ZipFile]:
    answer = member.api.post(f"/api/reports/data-archives/{archive_id}/download", {})
    assert answer.status == 200, answer.json
    stored = client("s3").get_object(Bucket=settings().reports_bucket,
                                     Key=key_of(answer.json["url"]))
    return answer.json, zipfile.ZipFile(io.BytesIO(stored["Body"].read()))


def audit_actions(actor_id: str) -> list[tuple[str, str]]:
    return [(r.action, r.outcome) for r in AuditModel.by_actor.query(actor_id)]


def test_the_archive_holds_the_members_own_data_and_none_of_anyone_elses(cast):
    ana, beto = cast
    status = requested_and_built(ana)
    assert status["status"] == "ready"
    assert status["file_name"] == f"mis-datos-coopac-{TODAY}.zip"
    _, archive = downloaded(ana, status["id"])
    names = set(archive.namelist())
    assert {"LEEME.txt", "datos.json", "csv/perfil.csv", "csv/productos.csv",
            "csv/cronogramas.csv", "csv/movimientos.csv", "csv/tickets.csv",
            "csv/mensajes.csv", "csv/auditoria.csv", "csv/reclamos.csv",
            "csv/sesiones.csv"} <= names
    everything = b"".join(archive.read(name) for name in names).decode("utf-8")
    assert ANA in everything and "APORTE DE ANA" in everything
    assert "Mensaje secreto de Ana" in everything and "Reclamo secreto de Ana" in everything
    assert BETO not in everything and "APORTE DE BETO" not in everything
    assert "Mensaje secreto de Beto" not in everything and beto.id not in everything
    assert "Reclamo secreto de Beto" not in everything and "R-2026-000002" not in everything
    for secret in ("password_hash", "totp_secret", "token_hash", "argon2"):
        assert secret not in everything


def test_money_has_two_decimals_dates_are_iso_and_the_csv_has_a_bom(cast):
    ana, _ = cast
    _, archive = downloaded(ana, requested_and_built(ana)["id"])
    data = json.loads(archive.read("datos.json"))
    movement = next(m for m in data["movements"] if m["description"] == "APORTE DE ANA")
    assert movement["amount"] == "50.00" and movement["date"] == "2026-10-20"
    assert data["profile"]["dni"] == ANA and data["generated_at"].endswith("Z")
    [complaint] = data["complaints"]
    assert complaint["amount"] == "120.50" and complaint["received_on"] == "2026-11-20"
    raw = archive.read("csv/movimientos.csv")
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["amount"] for r in rows] == ["50.00"]
    schedule = list(csv.DictReader(io.StringIO(
        archive.read("csv/cronogramas.csv").decode("utf-8-sig"))))
    assert len(schedule) == 3 and all(r["product_id"] for r in schedule)


def test_another_member_or_an_operator_cannot_read_the_status_or_the_link(app, cast):
    ana, beto = cast
    archive_id = requested_and_built(ana)["id"]
    operator = Person(app, Role.OPERATOR, email="op@example.pe")
    assert beto.api.get(f"/api/reports/data-archives/{archive_id}").status == 404
    assert beto.api.post(f"/api/reports/data-archives/{archive_id}/download", {}).status == 404
    assert beto.api.get("/api/reports/data-archives").json == {"items": []}
    for odd in ("x" * 2000, "%E2%82%AC", "a-b"):  # never a DynamoDB error: the same 404
        assert ana.api.get(f"/api/reports/data-archives/{odd}").status == 404
    assert operator.api.get(f"/api/reports/data-archives/{archive_id}").status in (403, 404)
    assert operator.api.post(
        f"/api/reports/data-archives/{archive_id}/download", {}).status in (403, 404)
    assert [item["id"] for item in ana.api.get("/api/reports/data-archives").json["items"]] == [
        archive_id]


def test_the_link_lives_ten_minutes_and_the_archive_a_day(cast, time_machine):
    ana, _ = cast
    archive_id = requested_and_built(ana)["id"]
    link, _ = downloaded(ana, archive_id)
    query = parse_qs(urlparse(link["url"]).query)
    assert query["X-Amz-Expires"] == ["600"]
    assert link["expires_at"] == "2026-11-25T17:10:00Z"
    travel_to_lima_noon(time_machine, "2026-11-26")  # a day later: the bucket removed it
    signed_in(ana.api, ana.user)
    assert ana.api.get(f"/api/reports/data-archives/{archive_id}").json["status"] == "expired"
    assert ana.api.post(f"/api/reports/data-archives/{archive_id}/download", {}).status == 404


def test_requests_and_downloads_are_audited_and_the_mail_links_to_configuracion(cast, outbox):
    ana, _ = cast
    archive_id = requested_and_built(ana)["id"]
    downloaded(ana, archive_id)
    actions = audit_actions(ana.id)
    for action in ("data_archive.requested", "data_archive.built", "data_archive.downloaded"):
        assert (action, "success") in actions
    mail = next(m for m in outbox() if m["to"] == ana.email and "Mis datos" in m["subject"])
    assert "/configuracion" in mail["text"] and "archives/" not in mail["text"]


def test_a_fourth_request_of_the_lima_day_is_refused(cast, time_machine):
    ana, _ = cast
    for _ in range(3):
        assert ana.api.post("/api/reports/data-archives", {}).status == 202
    refused = ana.api.post("/api/reports/data-archives", {})
    assert refused.status == 429
    assert refused.json["error"]["code"] == "daily_limit_reached"
    assert ("data_archive.requested", "denied") in audit_actions(ana.id)
    assert len(ana.api.get("/api/reports/data-archives").json["items"]) == 3
    travel_to_lima_noon(time_machine, "2026-11-26")  # the next Lima day
    signed_in(ana.api, ana.user)
    assert ana.api.post("/api/reports/data-archives", {}).status == 202


def test_staff_actions_about_the_member_are_in_their_archive_and_nobody_elses(app, cast):
    ana, beto = cast
    admin = Person(app, Role.ADMIN, email="admin@example.pe")
    operator = Person(app, Role.OPERATOR, email="operadora@example.pe")
    tickets = {member.id: a_ticket(member, subject=f"Saldo de {member.user.first_name}")["id"]
               for member in (ana, beto)}
    for ticket_id in tickets.values():
        assert admin.api.post(f"/api/tickets/{ticket_id}/assign",
                              {"operator_id": operator.id}).status == 200
        assert operator.api.get(f"/api/tickets/{ticket_id}/member-products").status == 200
    assert operator.api.post(f"/api/tickets/{tickets[ana.id]}/messages",
                             {"body": "Ya revisé tu saldo"}).status == 201
    status = requested_and_built(ana)
    _, archive = downloaded(ana, status["id"])
    rows = json.loads(archive.read("datos.json"))["audit"]
    about = [r for r in rows if r["about_me"]]
    assert {(r["action"], r["actor_role"]) for r in about} == {
        ("tickets.assigned", "admin"), ("member_products.viewed", "operator"),
        ("tickets.message_added", "operator"), ("tickets.status_changed", "operator")}
    assert {r["target"] for r in about} == {f"ticket:{tickets[ana.id]}"}
    assert all("ip" not in r and "user_agent" not in r for r in about)
    own = [r for r in rows if not r["about_me"]]
    assert {"tickets.created", "data_archive.requested"} <= {r["action"] for r in own}
    assert all(r["ip"] and "actor_role" not in r for r in own)
    assert [r["at"] for r in rows] == sorted((r["at"] for r in rows), reverse=True)
    about_beto = {r.target for r in AuditModel.by_subject.query(beto.id)}
    assert about_beto == {f"ticket:{tickets[beto.id]}"}  # kept, and only in Beto's archive
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8")
    for stranger in (tickets[beto.id], beto.id, admin.id, operator.id):
        assert stranger not in everything
    assert "about_me" in archive.read("csv/auditoria.csv").decode("utf-8-sig")
