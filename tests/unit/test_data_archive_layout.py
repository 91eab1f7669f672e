"""The «Mis datos» archive built from plain records (domain.reports.data_archive): its files,
the JSON's shape, money with two decimals, ISO dates, CSV in UTF-8 with BOM, the loans'
schedules and the tickets' messages in their own tables."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

from chalicelib.domain.reports import data_archive as rules
from chalicelib.domain.reports.data_archive import MemberRecords

GENERATED = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)


def records() -> MemberRecords:
    return MemberRecords(
        profile={"user_id": "u-1", "dni": "40000001", "first_name": "María Elena",
                 "alerts_off": ["overdue"], "created_at": "2026-01-02T10:00:00Z"},
        products=[
            {"kind": "loans", "product_id": "021-1", "balance": "1200", "annual_rate": "0.1350",
             "schedule": [{"n": 1, "due_date": "2026-12-01", "total": Decimal("105.456")},
                          {"n": 2, "due_date": "2027-01-01", "total": "105.45"}]},
            {"kind": "family_benefit", "product_id": "fb-1", "monthly_fee": 12,
             "beneficiaries": [{"name": "Rosa Quispe", "percentage": "100"}]},
        ],
        movements=[{"date": date(2026, 10, 20), "kind": "savings", "amount": "-50.5",
                    "description": "RETIRO, CAJERO"}],
        tickets=[{"number": 7, "subject": "Consulta", "messages": [
            {"author": "Ana", "body": "¿Y mi saldo?", "created_at": "2026-11-01T10:00:00Z"},
            {"author": "Pedro Ríos (COOPAC)", "body": "Ya está.",
             "created_at": "2026-11-02T10:00:00Z"}]}],
        sessions=[{"created_at": "2026-11-25T16:00:00Z",
                   "expires_at": datetime(2026, 11, 25, 18, 0, tzinfo=UTC)}],
    )


def opened() -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(rules.build_zip(records(), GENERATED)))


def table(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    raw = archive.read(f"csv/{name}.csv")
    assert raw.startswith(b"\xef\xbb\xbf"), f"{name} lacks the UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_archive_has_a_readme_one_json_and_one_csv_per_section():
    names = opened().namelist()
    assert names[:2] == ["LEEME.txt", "datos.json"]
    assert names[2:] == [f"csv/{name}.csv" for _, name in rules.SECTIONS]


def test_the_json_keeps_the_nesting_with_money_as_two_decimals_and_iso_dates():
    data = json.loads(opened().read("datos.json"))
    assert data["generated_at"] == "2026-11-25T17:00:00Z"
    loan = data["products"][0]
    assert loan["balance"] == "1200.00" and loan["annual_rate"] == "0.1350"
    assert [row["total"] for row in loan["schedule"]] == ["105.46", "105.45"]
    assert data["products"][1]["monthly_fee"] == "12.00"
    assert data["movements"][0] == {"date": "2026-10-20", "kind": "savings", "amount": "-50.50",
                                    "description": "RETIRO, CAJERO"}
    assert data["sessions"][0]["expires_at"] == "2026-11-25T18:00:00Z"
    assert data["complaints"] == [] and data["audit"] == []


def test_schedules_beneficiaries_and_messages_get_their_own_tables():
    archive = opened()
    assert [(r["product_id"], r["n"], r["total"]) for r in table(archive, "cronogramas")] == [
        ("021-1", "1", "105.46"), ("021-1", "2", "105.45")]
    assert table(archive, "beneficiarios_beneficio_familiar") == [
        {"product_id": "fb-1", "name": "Rosa Quispe", "percentage": "100"}]
    products = table(archive, "productos")
    assert "schedule" not in products[0] and "beneficiaries" not in products[0]
    messages = table(archive, "mensajes")
    assert [(m["number"], m["author"]) for m in messages] == [
        ("7", "Ana"), ("7", "Pedro Ríos (COOPAC)")]


def test_csv_cells_keep_accents_commas_and_nested_values():
    archive = opened()
    [profile] = table(archive, "perfil")
    assert profile["first_name"] == "María Elena" and profile["alerts_off"] == '["overdue"]'
    [movement] = table(archive, "movimientos")
    assert movement["description"] == "RETIRO, CAJERO"
    assert table(archive, "reclamos") == []


def test_an_archive_past_its_day_is_expired():
    expires = datetime(2026, 11, 26, 17, 0, tzinfo=UTC)
    assert rules.status_of(rules.READY, expires, GENERATED) == rules.READY
    assert rules.status_of(rules.READY, expires, expires) == rules.EXPIRED


def test_object_keys_are_opaque_and_under_the_archives_prefix():
    first, second = rules.object_key(date(2026, 11, 25)), rules.object_key(date(2026, 11, 25))
    assert first.startswith("archives/2026/11/") and first.endswith(".zip")
    assert first != second
