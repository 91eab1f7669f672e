"""Product statuses in the core system's CSVs and full snapshots that close what they omit
(docs/imports.md, "Product status" and "Full snapshot")."""

from __future__ import annotations

import json

from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.products import product_id
from chalicelib.store.accounts import member_products
from chalicelib.store.shared.models import AuditModel
from tests.functional.accounts_builders import (
    STAFF_TOTP_SECRET,
    errors_of,
    load,
    run_worker,
    upload,
)
from tests.functional.builders import ApiClient, a_user, signed_in
from tests.product_rows import a_loan, a_savings_row, csv_of

LOAN_A, LOAN_B = "0210000000002", "0210000000009"


def loan_of(dni: str, number: str) -> dict:
    doc = member_products.product_of(dni, "loans", product_id("loans", number))
    assert doc is not None
    return doc.data


def loans(dni: str, number: str, status: str | None = None) -> list[dict[str, str]]:
    rows = a_loan(dni, number=number, installments=2)
    return [{**row, "loan_status": status} for row in rows] if status else rows


def start_snapshot(api: ApiClient, kind: str, rows: list[dict[str, str]]) -> dict:
    """The admin starts a snapshot import, the file arrives and the worker loads it."""
    started = api.post("/api/admin/imports", {"kind": kind, "snapshot": True})
    assert started.status == 201 and started.json["snapshot"] is True
    upload(kind, csv_of(kind, rows), started.json["id"])
    run_worker()
    return api.get(f"/api/admin/imports/{started.json['id']}").json


def test_statuses_in_the_file_are_stored_with_the_closing_date(aws):
    run = load("loans", loans("40000001", LOAN_A, "cancelado") + loans("40000001", LOAN_B))
    assert (run.status, run.rows_loaded, run.rows_rejected) == ("completed", 4, 0)
    assert (loan_of("40000001", LOAN_A)["status"], loan_of("40000001", LOAN_A)["closed_on"]) \
        == ("cancelado", "2026-11-25")
    assert (loan_of("40000001", LOAN_B)["status"], loan_of("40000001", LOAN_B)["closed_on"]) \
        == ("vigente", "")
    assert run.snapshot is None and run.rows_closed is None


def test_a_bad_status_is_a_bad_row_and_the_rest_loads(aws):
    run = load("savings", [a_savings_row("40000001", status="cerrado"),
                           a_savings_row("40000002", status="suspendido")])
    assert (run.rows_loaded, run.rows_rejected) == (1, 1)
    assert errors_of(run) == [(3, "status")]


def test_a_snapshot_closes_what_it_omits_once_and_never_deletes(api, aws):
    load("loans", loans("40000001", LOAN_A) + loans("40000002", LOAN_B))
    signed_in(api, a_user(Role.ADMIN, totp_secret=STAFF_TOTP_SECRET))

    first = start_snapshot(api, "loans", loans("40000002", LOAN_B))
    assert (first["status"], first["rows_loaded"], first["rows_closed"]) == ("completed", 2, 1)
    closed = loan_of("40000001", LOAN_A)
    assert (closed["status"], closed["closed_on"]) == ("cancelado", "2026-11-25")
    assert len(closed["schedule"]) == 2  # kept whole, not deleted
    assert loan_of("40000002", LOAN_B)["status"] == "vigente"

    again = start_snapshot(api, "loans", loans("40000002", LOAN_B))
    assert again["rows_closed"] == 0
    assert loan_of("40000001", LOAN_A) == closed
    audited = [json.loads(event.details) for event in AuditModel.by_action.query("import.loaded")]
    assert sorted(d["rows_closed"] for d in audited if d["snapshot"] == "True") == ["0", "1"]


def test_a_product_listed_again_as_active_reopens_and_can_be_closed_again(api, aws):
    load("savings", [a_savings_row("40000001")])
    signed_in(api, a_user(Role.ADMIN, totp_secret=STAFF_TOTP_SECRET))
    assert start_snapshot(api, "savings", [a_savings_row("40000003",
                                                         account_number="001100000999")]
                          )["rows_closed"] == 1
    load("savings", [a_savings_row("40000001")])
    doc = member_products.products_of("40000001", "savings")[0]
    assert (doc.data["status"], doc.data["closed_on"]) == ("activo", "")
    assert start_snapshot(api, "savings", [a_savings_row("40000003",
                                                         account_number="001100000999")]
                          )["rows_closed"] == 1


def test_a_snapshot_with_a_rejected_row_closes_nothing(api, aws):
    load("loans", loans("40000001", LOAN_A))
    signed_in(api, a_user(Role.ADMIN, totp_secret=STAFF_TOTP_SECRET))
    broken = [{**row, "loan_status": "pagado"} for row in loans("40000002", LOAN_B)]
    run = start_snapshot(api, "loans", broken + loans("40000003", "0210000000077"))
    assert (run["rows_rejected"], run["rows_closed"]) == (2, None)
    assert loan_of("40000001", LOAN_A)["status"] == "vigente"


def test_only_product_files_can_be_snapshots(api, aws):
    signed_in(api, a_user(Role.ADMIN, totp_secret=STAFF_TOTP_SECRET))
    refused = api.post("/api/admin/imports", {"kind": "movements", "snapshot": True})
    assert refused.status == 400 and "snapshot" in refused.json["error"]["fields"]
    assert api.post("/api/admin/imports", {"kind": "loans", "snapshot": "sí"}).status == 400
    plain = api.post("/api/admin/imports", {"kind": "loans"})
    assert plain.status == 201 and plain.json["snapshot"] is False
