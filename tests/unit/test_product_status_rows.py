"""The product status columns of the core system's CSVs (docs/imports.md, "Product status")."""

from datetime import date

import pytest

from chalicelib.domain.imports import product_rows
from chalicelib.domain.imports.kinds import IMPORT_KINDS
from chalicelib.domain.imports.requests import ImportStart, parse_import_start
from chalicelib.domain.shared import product_status
from chalicelib.domain.shared.errors import InvalidInput
from tests.product_rows import (
    AS_OF,
    a_contributions_row,
    a_cts_row,
    a_fixed_deposit_row,
    a_loan,
    a_savings_row,
    csv_of,
)

TODAY = date(2026, 11, 25)
ACCOUNT_ROWS = [("contributions", a_contributions_row), ("savings", a_savings_row),
                ("cts", a_cts_row)]


@pytest.mark.parametrize("kind, row", ACCOUNT_ROWS)
def test_an_account_without_the_status_column_is_active(kind, row):
    record, problems = IMPORT_KINDS[kind].check(row(), TODAY)
    assert problems == []
    assert (record["status"], record["closed_on"]) == ("activo", "")
    assert IMPORT_KINDS[kind].optional_columns == ("status", "closed_on")


@pytest.mark.parametrize("kind, row", ACCOUNT_ROWS)
def test_a_closed_account_is_closed_on_the_files_cut_off(kind, row):
    record, problems = IMPORT_KINDS[kind].check(row(status=" Cerrado "), TODAY)
    assert problems == []
    assert (record["status"], record["closed_on"]) == ("cerrado", AS_OF)
    document = IMPORT_KINDS[kind].build([record])
    assert (document.data["status"], document.data["closed_on"]) == ("cerrado", AS_OF)


@pytest.mark.parametrize("kind, row", ACCOUNT_ROWS)
def test_an_unknown_account_status_is_a_bad_row_in_spanish(kind, row):
    _, problems = IMPORT_KINDS[kind].check(row(status="vigente"), TODAY)
    assert problems == [("status", "Valor no permitido; use uno de: activo, cerrado.")]


def test_an_empty_status_cell_is_active():
    record, problems = product_rows.check_savings_row(a_savings_row(status=""), TODAY)
    assert problems == [] and record["status"] == "activo"


@pytest.mark.parametrize("status, closed_on", [("vigente", ""), ("cancelado", AS_OF),
                                               ("castigado", AS_OF)])
def test_a_loan_carries_the_core_systems_status(status, closed_on):
    records = [product_rows.check_loan_row({**row, "loan_status": status}, TODAY)
               for row in a_loan()]
    assert all(problems == [] for _, problems in records)
    document = product_rows.loan_document([record for record, _ in records])
    assert (document.data["status"], document.data["closed_on"]) == (status, closed_on)
    assert product_status.is_active("loans", document.data) == (status == "vigente")


def test_a_loan_without_the_column_is_vigente_and_a_bad_value_is_refused():
    record, problems = product_rows.check_loan_row(a_loan()[0], TODAY)
    assert problems == [] and record["loan_status"] == "vigente"
    _, problems = product_rows.check_loan_row({**a_loan()[0], "loan_status": "pagado"}, TODAY)
    assert problems == [("loan_status",
                         "Valor no permitido; use uno de: vigente, cancelado, castigado.")]


def test_a_loans_rows_must_agree_on_its_status():
    rows = a_loan(installments=2)
    rows[1]["loan_status"] = "cancelado"
    rows[0]["loan_status"] = "vigente"
    checked = [(line, product_rows.check_loan_row(row, TODAY)[0])
               for line, row in enumerate(rows, start=2)]
    errors = product_rows.check_loan_group(checked)
    assert [(e.line, e.field) for e in errors] == [(3, "loan_status")]


def test_a_fixed_deposit_that_is_no_longer_active_is_closed_on_its_cut_off():
    record, _ = product_rows.check_fixed_deposit_row(a_fixed_deposit_row(status="matured"),
                                                     TODAY)
    assert record["closed_on"] == AS_OF
    assert product_rows.fixed_deposit_document([record]).data["closed_on"] == AS_OF
    record, _ = product_rows.check_fixed_deposit_row(a_fixed_deposit_row(), TODAY)
    assert record["closed_on"] == ""


def test_documents_without_a_status_are_active_and_a_snapshot_closes_them():
    assert product_status.is_active("savings", {"balance": "1.00"})
    assert not product_status.is_active("savings", {"status": "cerrado"})
    assert product_status.is_active("family_benefit", {"status": "suspended"})
    closed = product_status.closed_by_snapshot("loans", {"number": "1", "status": "vigente"},
                                               "2026-11-30")
    assert closed == {"number": "1", "status": "cancelado", "closed_on": "2026-11-30"}


def test_the_csv_builder_writes_the_status_column_only_when_a_row_has_it():
    assert csv_of("savings", [a_savings_row()]).splitlines()[0].endswith(",as_of")
    assert csv_of("savings", [a_savings_row(status="cerrado")]).splitlines()[0].endswith(
        ",as_of,status")


def test_a_closed_product_may_state_when_it_closed_but_not_after_the_cut_off():
    record, problems = product_rows.check_savings_row(
        a_savings_row(status="cerrado", closed_on="2025-03-31"), TODAY)
    assert problems == [] and record["closed_on"] == "2025-03-31"
    _, problems = product_rows.check_savings_row(
        a_savings_row(status="cerrado", closed_on="2026-12-01"), TODAY)
    assert problems == [("closed_on",
                         "La fecha de cierre no puede ser posterior a la fecha de corte.")]
    _, problems = product_rows.check_cts_row(a_cts_row(closed_on="2025-03-31"), TODAY)
    assert [field for field, _ in problems] == ["closed_on"]
    _, problems = product_rows.check_loan_row(
        {**a_loan()[0], "loan_status": "cancelado", "closed_on": "31/03/2025"}, TODAY)
    assert problems == [("closed_on", "La fecha debe tener el formato AAAA-MM-DD.")]


def test_only_a_product_kind_may_be_started_as_a_full_snapshot():
    assert parse_import_start({"kind": "loans", "snapshot": True}) == ImportStart("loans", True)
    assert parse_import_start({"kind": "loans"}).snapshot is False
    for body in ({"kind": "members", "snapshot": True}, {"kind": "movements", "snapshot": True},
                 {"kind": "savings", "snapshot": "true"}):
        with pytest.raises(InvalidInput) as refused:
            parse_import_start(body)
        assert set(refused.value.fields) == {"snapshot"}
