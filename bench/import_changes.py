"""Imports that cost what changed: the 100,000-row movements file loaded in full (no manifest
yet), then the next night's export of the same rows with the usage profile's daily change rate
changed (a new import), then that export again. Run by ``bench.accounts`` after its full
import, on the same moto tables; every figure is counted, none extrapolated (the full file)."""

from __future__ import annotations

import time
from pathlib import Path

import yaml

from bench.figures import ImportKind
from bench.support import CallCounter, Calls, app_seconds, aws_calls, capacity_units

PROFILE = Path(__file__).resolve().parent / "usage_profile.yaml"
REIMPORT = "movements re-import"
"""The key of the re-import's figures in ``Figures.imports`` (bench.cost reads it)."""


def daily_change_rate() -> float:
    """The share of a nightly full export's rows that differ from the night before."""
    profile = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    return float(profile["imports"]["daily_change_rate"])


def _load(counter: CallCounter, content: bytes, import_id: str) -> tuple[int, float, Calls]:
    from chalicelib.services.imports import imports
    from chalicelib.settings import settings
    from chalicelib.store.shared.aws import client

    key = imports.object_key("movements", import_id)
    client("s3").put_object(Bucket=settings().imports_bucket, Key=key, Body=content)
    with counter.counting() as calls:
        started = time.perf_counter()
        run = imports.load_upload(settings().imports_bucket, key)
        elapsed = time.perf_counter() - started
    if run is None or run.rows_rejected:
        raise RuntimeError(f"the movements file did not load: {run and run.errors[:300]}")
    return run.rows_loaded, elapsed, calls


def measure(counter: CallCounter, changed_file: bytes, full: ImportKind) -> ImportKind:
    """The re-import with ``daily_change_rate`` of its rows changed, and the same file again;
    prints the one line ``make bench`` promises. ``full`` is the first import's figures."""
    rate = daily_change_rate()
    rows, elapsed, calls = _load(counter, changed_file, "bench-100k-next-night")
    writes = int(calls[("dynamodb", "BatchWriteItem")])
    reimport = ImportKind(kind=REIMPORT, rows=rows, batch_writes=writes,
                          write_units=capacity_units(calls)[1],
                          app_seconds=app_seconds(elapsed, calls),
                          other_calls=aws_calls(calls) - writes, file_bytes=len(changed_file))
    again_rows, again_elapsed, again = _load(counter, changed_file, "bench-100k-same-again")
    print(f"import writes: full {full.write_units:,.0f} WRU, re-import with {rate:.0%} changed "
          f"{reimport.write_units:,.0f} WRU")
    print(f"  ({full.rows:,} movement rows each; full: {full.batch_writes:,} BatchWriteItem; "
          f"re-import: {writes:,} BatchWriteItem, {reimport.other_calls} other calls (S3 file "
          f"and manifest, DescribeTable, the run), {rows / elapsed:,.0f} rows/s, app's own "
          f"{reimport.app_seconds:.1f} s; the same file again: "
          f"{capacity_units(again)[1]:,.0f} WRU, {again[('dynamodb', 'BatchWriteItem')]} "
          f"BatchWriteItem, {again_rows / again_elapsed:,.0f} rows/s)")
    return reimport
