"""Product lifecycle (issue 17): the DynamoDB calls of a full-snapshot import closing the loans it
no longer lists, and of the same snapshot run again (it closes nothing more). Counted for real:
the import worker's ``load_upload`` against moto with ``botocore``'s calls counted. The open loans
are found with one keys-only Query per shard of ``member_products.open_by_kind``; no Scan.
"""

from __future__ import annotations

from collections.abc import Iterator

from bench.figures import Figures
from bench.support import CallCounter, by_operation, dynamodb_calls, moto_stage

MEMBERS = 500
CLOSED = 25
"""Loans the snapshot omits (members whose loans were paid off since the last export)."""


def _loan_rows(members: range) -> Iterator[dict[str, str]]:
    from tests.product_rows import a_loan

    for dni in members:
        yield from a_loan(str(dni), number=f"021{dni}", installments=2)


def _load(kind: str, import_id: str, rows: list[dict[str, str]], snapshot: bool) -> int | None:
    from chalicelib.services.imports import imports
    from chalicelib.settings import settings
    from chalicelib.store.imports import imports as import_store
    from chalicelib.store.shared.aws import client
    from chalicelib.store.shared.models import ImportModel
    from tests.product_rows import csv_of

    import_store.save(ImportModel(import_id=import_id, kind=kind, status="pending",
                                  object_key=imports.object_key(kind, import_id),
                                  created_by="bench", created_at="2026-11-25T12:00:00.000000Z",
                                  snapshot=snapshot))
    key = imports.object_key(kind, import_id)
    client("s3").put_object(Bucket=settings().imports_bucket, Key=key, Body=csv_of(kind, rows))
    run = imports.load_upload(settings().imports_bucket, key)
    return None if run is None else run.rows_closed


def run() -> Figures:
    counter = CallCounter()
    first = 40000001
    everyone = range(first, first + MEMBERS)
    still_open = list(_loan_rows(range(first + CLOSED, first + MEMBERS)))
    with moto_stage(counter):
        _load("loans", "bench-all", list(_loan_rows(everyone)), snapshot=False)
        print(f"{MEMBERS} loans loaded; a snapshot of the loans file lists "
              f"{MEMBERS - CLOSED} of them")
        for label, import_id in (("snapshot", "bench-snap-1"), ("same snapshot again",
                                                                 "bench-snap-2")):
            with counter.counting() as calls:
                closed = _load("loans", import_id, still_open, snapshot=True)
            print(f"{label:<22} closed {closed:>3}; DynamoDB calls {dynamodb_calls(calls):>4}: "
                  f"{by_operation(calls)}")
    print("(the closing itself: 10 keys-only Queries on open_by_kind, then one GetItem and one "
          "conditional UpdateItem per closed loan; the rest is the run's own item, the claim "
          "and the file's BatchWriteItems)")
    return Figures()
