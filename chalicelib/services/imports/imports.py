"""Loading a core-system CSV upload: validate row by row, load good rows, report bad ones.

The file is streamed (never held in memory) and written 25 items per BatchWriteItem. A product
that spans several rows (a loan and its schedule, a plan and its beneficiaries) is checked as a
whole and written as one item, or not at all: never half-written. Every item is a function of its
rows alone, so re-running an upload rewrites the same items (idempotent); an item the last run of
its kind already wrote, unchanged, is not written at all (``changes``).
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chalicelib.domain.imports.kinds import (
    FILE_REPLACED,
    IMPORT_KINDS,
    MAX_LINE_CHARS,
    MAX_REPORTED_ERRORS,
    MAX_UPLOAD_BYTES,
    UNCLOSED_QUOTE,
    ImportKind,
    RowError,
    file_too_large,
    line_too_long,
    missing_columns,
)
from chalicelib.domain.shared.clock import iso_instant, lima_today, utc_now
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.domain.shared.products import ProductDocument
from chalicelib.services.imports import changes, closing, member_accounts
from chalicelib.services.shared import audit
from chalicelib.store.imports import imports as import_store
from chalicelib.store.imports import written
from chalicelib.store.shared import objects
from chalicelib.store.shared.models import ImportModel

logger = logging.getLogger(__name__)

OBJECT_KEY = re.compile(r"^imports/(?P<kind>[a-z_]+)/(?P<import_id>[A-Za-z0-9_-]{1,64})\.csv$")
BATCH_SIZE = 25
WORKER_CONTEXT = RequestContext(ip="-", user_agent="import-worker")
Batch = list[tuple[Any, written.Prepared]]
"""Built records (a registry row, a product, a movement) with the item each one is."""


def _write_items(batch: Batch) -> None:
    written.write([prepared for _, prepared in batch])


def _write_members(batch: Batch) -> None:
    """The registry rows' status changes reach the accounts first (docs/imports.md)."""
    member_accounts.follow_status_changes([built for built, _ in batch])
    _write_items(batch)


LOADERS: dict[str, Callable[[Batch], None]] = {
    "members": _write_members,
    **{kind: _write_items for kind in IMPORT_KINDS if kind != "members"},
}
"""How each kind writes a batch of changed records (one whole item per record or product)."""


@dataclass
class _Outcome:
    """What one pass over a file did: its problems, its counts and, for a snapshot, the
    products it listed and its cut-off date (the latest ``as_of``)."""

    errors: list[RowError]
    total: int = 0
    loaded: int = 0
    kept: set[tuple[str, str]] = field(default_factory=set)
    file_date: str = ""


def object_key(kind: str, import_id: str) -> str:
    return f"imports/{kind}/{import_id}.csv"


def load_upload(bucket: str, key: str, *, etag: str | None = None,
                version_id: str | None = None) -> ImportModel | None:
    """Load the one upload an import takes. The run is claimed for the notified object (its
    version, else its ETag): SQS handing the same object's message out again (a worker that
    died mid-file) loads it again, idempotently; any later object at the key is refused."""
    match = OBJECT_KEY.match(key)
    if not match or match["kind"] not in IMPORT_KINDS:
        logger.warning("ignoring upload with unexpected key %s", key)
        return None
    kind = IMPORT_KINDS[match["kind"]]
    stored = objects.open_upload(bucket, key, etag=etag, version_id=version_id)
    upload = version_id or etag or (stored.version_id or stored.etag if stored else "")
    run, claimed = import_store.claim(match["import_id"], upload, lambda: ImportModel(
        import_id=match["import_id"], kind=kind.name, object_key=key,
        created_by="core-system", created_at=iso_instant(utc_now()), status="pending"))
    try:
        if not claimed:
            _refuse_later_upload(run, upload)
            return run
        changed = changes.begin(kind.name, f"{run.import_id}/{upload}")
        outcome = _read(kind, stored, changed)
    finally:
        if stored:
            stored.close()
    _finish(run, kind, outcome, changed)
    return run


def _read(kind: ImportKind, stored: objects.Upload | None,
          changed: changes.Changes) -> _Outcome:
    if stored is None:
        return _Outcome([RowError(1, "-", FILE_REPLACED)])
    if stored.size > MAX_UPLOAD_BYTES:
        return _Outcome([file_too_large(stored.size, MAX_UPLOAD_BYTES)])
    return _load_rows(kind, stored.lines(MAX_LINE_CHARS), changed)


def _finish(run: ImportModel, kind: ImportKind, outcome: _Outcome,
            changed: changes.Changes) -> None:
    """Close what a clean snapshot omits, publish the kind's manifest (every write is done),
    then save the run's outcome and audit it."""
    errors, total, loaded = outcome.errors, outcome.total, outcome.loaded
    run.rows_total, run.rows_loaded, run.rows_rejected = total, loaded, total - loaded
    run.errors = json.dumps([e.as_dict() for e in errors[:MAX_REPORTED_ERRORS]],
                            ensure_ascii=False)
    run.status = "failed" if errors and errors[0].line == 1 else "completed"
    run.rows_closed = None
    if closing.applies(bool(run.snapshot), kind.name, total - loaded, loaded):
        run.rows_closed = closing.close_missing(kind.name, outcome.kept, outcome.file_date)
    changes.finish(changed, wrote_nothing=loaded == 0)
    run.finished_at = iso_instant(utc_now())
    import_store.save(run)
    logger.info("import %s of %s: %d rows loaded, %d items written (the rest unchanged)",
                run.import_id, kind.name, loaded, changed.written)
    audit.record(action="import.loaded", outcome="success" if run.status == "completed"
                 else "failure", context=WORKER_CONTEXT, actor_id=run.created_by,
                 role="system", target=f"import:{run.import_id}",
                 details={"kind": kind.name, "rows_total": total, "rows_loaded": loaded,
                          "items_written": changed.written,
                          "snapshot": bool(run.snapshot), "rows_closed": run.rows_closed})


def _refuse_later_upload(run: ImportModel, upload: str) -> None:
    """An import loads one upload: its message delivered again after the run ended changes
    nothing; another object at its key (the form used twice, an overwrite) is audited."""
    if upload == run.object_claim:
        logger.info("import %s: upload %s was already loaded", run.import_id, upload)
        return
    logger.warning("import %s (%s): refused a later upload %s; it loads %s", run.import_id,
                   run.status, upload, run.object_claim)
    audit.record(action="import.upload_refused", outcome="denied", context=WORKER_CONTEXT,
                 actor_id=run.created_by, role="system", target=f"import:{run.import_id}",
                 details={"kind": run.kind, "status": run.status, "refused_upload": upload,
                          "loaded_upload": run.object_claim or "-"})


class _Lines:
    """The file's lines for ``csv.reader``, counted; a line too long to read (None) is handed
    on as an empty one and its number remembered."""

    def __init__(self, lines: Iterator[str | None]) -> None:
        self._lines = lines
        self.count = 0
        self.overlong: set[int] = set()

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        if line is None:
            self.overlong.add(self.count)
            return ""
        return line


def _records(lines: Iterator[str | None]) -> Iterator[tuple[int, list[str], RowError | None]]:
    """Each CSV record with the line it starts on, or the problem that line is: too long, or
    the start of a quoted field that never closes (csv raises once the field passes its
    limit, so it stays bounded too)."""
    source = _Lines(lines)
    reader = csv.reader(source)
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield line, [], RowError(line, "-", UNCLOSED_QUOTE)
            continue
        yield line, values, line_too_long(line) if line in source.overlong else None


def _header_errors(kind: ImportKind, first: tuple[int, list[str], RowError | None] | None
                   ) -> list[RowError]:
    if first is None:
        return [RowError(1, "-", "El archivo está vacío.")]
    _, header, problem = first
    if problem:
        return [RowError(1, problem.field, problem.message)]
    return [RowError(1, name, "Falta la columna en la cabecera.")
            for name in missing_columns(kind, header)]


def _load_rows(kind: ImportKind, lines: Iterator[str | None],
               changed: changes.Changes) -> _Outcome:
    records = _records(lines)
    first = next(records, None)
    errors = _header_errors(kind, first)
    if errors or first is None:
        return _Outcome(errors)
    header = [column.strip().lower() for column in first[1]]

    run = _FileRun(kind, lima_today(), changed)
    for line_number, values, problem in records:
        if problem:
            run.reject_row(line_number, [(problem.field, problem.message)])
        elif not any(value.strip() for value in values):
            continue
        elif len(values) != len(header):
            run.reject_row(line_number, [("-", f"Se esperaban {len(header)} columnas y hay "
                                               f"{len(values)}.")])
        else:
            run.add(line_number, dict(zip(header, values, strict=True)))
    run.finish()
    return _Outcome(run.errors, run.total, run.loaded, run.kept, run.file_date)


class _FileRun:
    """One pass over a file: checks each row, gathers a grouped product's rows, writes clean
    records that changed 25 at a time and counts what was loaded (written or already stored
    unchanged) and rejected."""

    def __init__(self, kind: ImportKind, today: date, changed: changes.Changes) -> None:
        self.kind = kind
        self.today = today
        self.changes = changed
        self.errors: list[RowError] = []
        self.total = self.loaded = 0
        self._seen: set[tuple[str, ...]] = set()
        self._group: list[tuple[int, dict[str, str], list[tuple[str, str]]]] = []
        self._pending: Batch = []
        self._pending_rows = 0
        self.kept: set[tuple[str, str]] = set()
        self.file_date = ""

    def report(self, errors: list[RowError]) -> None:
        room = MAX_REPORTED_ERRORS - len(self.errors)
        if room > 0:
            self.errors.extend(errors[:room])

    def reject_row(self, line: int, problems: list[tuple[str, str]]) -> None:
        self.total += 1
        self.report([RowError(line, field, message) for field, message in problems])

    def add(self, line: int, row: dict[str, str]) -> None:
        record, problems = self.kind.check(row, self.today)
        if self.kind.grouped:
            self.total += 1
            self._add_to_group(line, record, problems)
            return
        identity = self.kind.identity(record)
        if not problems and identity in self._seen:
            problems = [(self.kind.unique_by[0], "Valor repetido en el archivo.")]
        if problems:
            self.reject_row(line, problems)
            return
        self.total += 1
        self._seen.add(identity)
        self._queue(self.kind.build([record]), rows=1)

    def _add_to_group(self, line: int, record: dict[str, str],
                      problems: list[tuple[str, str]]) -> None:
        if self._group and self.kind.identity(self._group[0][1]) != self.kind.identity(record):
            self._finish_group()
        self._group.append((line, record, problems))

    def _finish_group(self) -> None:
        """Write the product if every one of its rows is good and they agree; else none."""
        group, self._group = self._group, []
        if not group:
            return
        first_line, first, _ = group[0]
        identity = self.kind.identity(first)
        errors = [RowError(line, field, message) for line, _, problems in group
                  for field, message in problems]
        if not errors and identity in self._seen:
            errors = [RowError(first_line, self.kind.unique_by[0],
                               "Las filas de un mismo producto deben ir juntas; este ya "
                               "apareció antes en el archivo.")]
        if not errors and self.kind.check_group:
            errors = self.kind.check_group([(line, record) for line, record, _ in group])
        if errors:
            last_line = group[-1][0]
            self.report([*errors, RowError(first_line, self.kind.unique_by[0],
                                           f"No se cargó el producto (líneas {first_line} a "
                                           f"{last_line}): ninguna de sus filas se escribe "
                                           "si alguna tiene errores.")])
            return
        self._seen.add(identity)
        self._queue(self.kind.build([record for _, record, _ in group]), rows=len(group))

    def _queue(self, built: Any, rows: int) -> None:
        if isinstance(built, ProductDocument):
            self.kept.add((built.dni, built.product_id))
            self.file_date = max(self.file_date, str(built.data.get("as_of") or ""))
        prepared = written.prepare(built)
        if self.changes.unchanged(prepared.fingerprint):
            self.loaded += rows
            return
        self._pending.append((built, prepared))
        self._pending_rows += rows
        if len(self._pending) >= BATCH_SIZE:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            LOADERS[self.kind.name](self._pending)
            self.changes.wrote([prepared.fingerprint for _, prepared in self._pending])
            self.loaded += self._pending_rows
        self._pending, self._pending_rows = [], 0

    def finish(self) -> None:
        self._finish_group()
        self._flush()
