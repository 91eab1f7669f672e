"""The product CSVs go S3 → SQS → import worker → member_products, row by row, never half a
product, and a re-run changes nothing (docs/imports.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.domain.imports.kinds import MAX_LINE_CHARS
from chalicelib.domain.shared.products import product_id
from chalicelib.services.imports import imports
from chalicelib.store.accounts import member_products
from chalicelib.store.shared.models import MemberProductItemModel
from tests.functional.accounts_builders import errors_of, load, run_worker, upload
from tests.product_rows import (
    a_contributions_row,
    a_cts_row,
    a_family_plan,
    a_fixed_deposit_row,
    a_loan,
    a_movement_row,
    a_savings_row,
    csv_of,
)

KINDS = {
    "contributions": (a_contributions_row, {"monthly_fee": "50,00"}, "monthly_fee"),
    "savings": (a_savings_row, {"currency": "EUR"}, "currency"),
    "fixed_deposits": (a_fixed_deposit_row, {"matures_on": "2026-01-01"}, "matures_on"),
    "cts": (a_cts_row, {"balance": "-5.00"}, "balance"),
    "movements": (a_movement_row, {"date": "03/10/2026"}, "date"),
}


def items_of(dni: str) -> list[dict]:
    return [item.attribute_values for item in MemberProductItemModel.query(dni)]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_good_rows_load_and_a_bad_row_is_reported_by_line_field_and_message(aws, kind):
    build, bad, field = KINDS[kind]
    good_one = build("40000001") if kind != "movements" else build("40000001", "M-1")
    bad_one = {**(build("40000002") if kind != "movements" else build("40000002", "M-2")),
               **bad}
    run = load(kind, [good_one, bad_one])

    assert (run.status, run.rows_total, run.rows_loaded, run.rows_rejected) == (
        "completed", 2, 1, 1)
    assert errors_of(run) == [(3, field)]
    assert json.loads(run.errors)[0]["message"]
    assert len(items_of("40000001")) == 1 and items_of("40000002") == []


def test_a_loan_is_written_with_its_whole_schedule(aws):
    run = load("loans", a_loan(installments=6, paid=2))
    assert (run.rows_total, run.rows_loaded) == (6, 6)
    doc = member_products.product_of("40000001", "loans", product_id("loans", "0210000000002"))
    assert doc is not None
    assert [row["n"] for row in doc.data["schedule"]] == [1, 2, 3, 4, 5, 6]


def test_a_loan_with_one_bad_schedule_row_is_not_written_at_all(aws):
    broken = a_loan("40000001", installments=6)
    broken[3] = {**broken[3], "due_date": "2026-02-30"}
    fine = a_loan("40000002", number="0210000000009", installments=3)
    run = load("loans", broken + fine)

    assert (run.rows_total, run.rows_loaded, run.rows_rejected) == (9, 3, 6)
    assert errors_of(run) == [(5, "due_date"), (2, "loan_number")]
    assert "2 a 7" in json.loads(run.errors)[1]["message"]
    assert items_of("40000001") == []
    assert len(items_of("40000002")) == 1


def test_a_schedule_missing_an_installment_is_not_written(aws):
    rows = a_loan(installments=4)
    del rows[2]
    run = load("loans", rows)
    assert run.rows_loaded == 0 and (2, "n") in errors_of(run)
    assert items_of("40000001") == []


def test_a_loan_whose_rows_are_not_together_is_refused_the_second_time(aws):
    first, other = a_loan(installments=2), a_loan("40000002", number="0210000000009",
                                                  installments=2)
    run = load("loans", [first[0], first[1], *other, first[0], first[1]])
    assert run.rows_loaded == 4 and errors_of(run)[0] == (6, "loan_number")


def test_a_family_plan_whose_percentages_do_not_add_to_100_is_not_written(aws):
    bad = a_family_plan("40000001", beneficiaries=(("ANA", "Hija", "50", "true"),
                                                   ("LUIS", "Hijo", "40", "true")))
    good = a_family_plan("40000002")
    run = load("family_benefit", bad + good)
    assert (run.rows_loaded, run.rows_rejected) == (4, 2)
    assert errors_of(run)[0] == (2, "percentage")
    assert items_of("40000001") == [] and len(items_of("40000002")) == 1


def test_re_running_the_same_files_changes_nothing(aws):
    """The same files imported again (a new import each: an import loads one upload)."""
    files = {"savings": [a_savings_row()], "loans": a_loan(),
             "family_benefit": a_family_plan(), "movements": [a_movement_row()]}
    for kind, rows in files.items():
        load(kind, rows, import_id=f"first-{kind}")
    before = sorted(items_of("40000001"), key=lambda item: item["item_key"])
    for kind, rows in files.items():
        run = load(kind, rows, import_id=f"again-{kind}")
        assert run.rows_loaded == len(rows) and run.rows_rejected == 0
    assert sorted(items_of("40000001"), key=lambda item: item["item_key"]) == before
    assert len(before) == 4


def test_a_later_export_updates_the_product_in_place(aws):
    load("savings", [a_savings_row(balance="100.00")])
    load("savings", [a_savings_row(balance="250.00")])
    [doc] = member_products.products_of("40000001", "savings")
    assert doc.data["balance"] == "250.00"


def test_a_file_of_many_movements_loads_in_batches(aws):
    rows = [a_movement_row(movement_id=f"M-{n:04d}", date=f"2026-{1 + n % 10:02d}-{1 + n % 28:02d}")
            for n in range(260)]
    run = load("movements", rows)
    assert (run.rows_total, run.rows_loaded) == (260, 260)
    assert len(items_of("40000001")) == 260


def test_a_repeated_movement_id_is_a_bad_row(aws):
    run = load("movements", [a_movement_row(movement_id="M-1"),
                             a_movement_row(movement_id="M-1", amount="5.00")])
    assert errors_of(run) == [(3, "movement_id")]


def test_a_product_file_without_its_header_fails_on_line_one(aws):
    import_id = upload("savings", "dni,account_number\n40000001,001100000101\n")
    run_worker()
    from chalicelib.store.shared.models import ImportModel

    run = ImportModel.get(import_id)
    assert run.status == "failed" and {line for line, _ in errors_of(run)} == {1}
    assert items_of("40000001") == []


def test_a_row_with_the_wrong_number_of_columns_is_reported(aws):
    content = csv_of("savings", [a_savings_row()]) + "40000002,1,2\n"
    import_id = upload("savings", content)
    run_worker()
    from chalicelib.store.shared.models import ImportModel

    run = ImportModel.get(import_id)
    assert errors_of(run) == [(3, "-")] and run.rows_loaded == 1


# --- bounded reading: line length, object size (issue 13) ------------------------------------


def _run_of(import_id: str) -> tuple[str, list[dict[str, Any]]]:
    from chalicelib.store.shared.models import ImportModel

    run = ImportModel.get(import_id)
    return run.status, json.loads(run.errors)


def test_a_file_without_line_breaks_is_refused_on_line_one(aws):
    content = csv_of("savings", [a_savings_row()]).replace("\n", ";") * 2000
    assert "\n" not in content and len(content) > MAX_LINE_CHARS
    import_id = upload("savings", content)
    run_worker()
    status, errors = _run_of(import_id)
    assert status == "failed"
    assert [(e["line"], e["field"]) for e in errors] == [(1, "-")]
    assert "saltos de línea" in errors[0]["message"]
    assert items_of("40000001") == []


def test_an_overlong_line_is_a_bad_line_and_the_rest_of_the_file_loads(aws):
    first, last = a_savings_row("40000001"), a_savings_row("40000003")
    overlong = ",".join(a_savings_row("40000002").values()) + "x" * MAX_LINE_CHARS
    lines = csv_of("savings", [first, last]).splitlines()
    import_id = upload("savings", "\n".join([*lines[:2], overlong, lines[2]]) + "\n")
    run_worker()
    status, errors = _run_of(import_id)
    assert status == "completed"
    assert [(e["line"], e["field"]) for e in errors] == [(3, "-")]
    assert f"{MAX_LINE_CHARS:,}" in errors[0]["message"]
    assert len(items_of("40000001")) == len(items_of("40000003")) == 1
    assert items_of("40000002") == []


def test_an_unclosed_quote_is_a_bad_line_not_a_crash(aws):
    """csv would gather every following line into the quoted field, up to its 128 KiB limit,
    then raise: the worker reports the line instead of failing the message five times."""
    filler = "\n".join("40000009,00110000000901,AHORRO" for _ in range(6000))
    content = (csv_of("savings", [a_savings_row("40000001")])
               + '40000002,"0011000002\n' + filler + "\n")
    import_id = upload("savings", content)
    run_worker()
    status, errors = _run_of(import_id)
    assert status == "completed" and errors[0]["line"] == 3 and errors[0]["field"] == "-"
    assert "comillas" in errors[0]["message"].lower()
    assert len(items_of("40000001")) == 1


def test_an_object_larger_than_the_maximum_is_refused_without_loading_a_row(aws, monkeypatch):
    """S3 refuses such a POST (the form's content-length-range); the core system writes with
    its own credentials, so the worker checks the size too before reading a byte."""
    content = csv_of("savings", [a_savings_row()])
    monkeypatch.setattr(imports, "MAX_UPLOAD_BYTES", len(content.encode()) - 1)
    import_id = upload("savings", content)
    run_worker()
    status, errors = _run_of(import_id)
    assert status == "failed" and [(e["line"], e["field"]) for e in errors] == [(1, "-")]
    assert "máximo" in errors[0]["message"]
    assert items_of("40000001") == []


def test_reading_an_upload_holds_one_capped_line_at_most(aws):
    """12 MiB without a line break, then two short lines: the reader drops the long line as it
    goes (``None``) and never holds much more than a chunk and a line."""
    import tracemalloc

    from chalicelib.store.shared.objects import decoded_lines

    def chunks() -> Iterator[bytes]:
        block = b"x" * (256 * 1024)
        yield from (block for _ in range(48))
        yield b"\nnext,line\r\nlast"

    tracemalloc.start()
    try:
        lines = list(decoded_lines(chunks(), max_line_chars=MAX_LINE_CHARS))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lines == [None, "next,line", "last"]
    assert peak < 2 * 1024 * 1024
