"""Loading a core-system CSV upload: validate row by row, load good rows, report bad ones."""

from __future__ import annotations

import csv
import json
import logging
import re
from collections.abc import Callable, Iterator
from datetime import date

from chalicelib.domain.clock import iso_instant, utc_now
from chalicelib.domain.imports import (
    IMPORT_KINDS,
    MAX_REPORTED_ERRORS,
    ImportKind,
    RowError,
    missing_columns,
)
from chalicelib.domain.principal import RequestContext
from chalicelib.services import audit
from chalicelib.store import imports as import_store
from chalicelib.store import objects, registry
from chalicelib.store.models import ImportModel

logger = logging.getLogger(__name__)

OBJECT_KEY = re.compile(r"^imports/(?P<kind>[a-z_]+)/(?P<import_id>[A-Za-z0-9_-]{1,64})\.csv$")
BATCH_SIZE = 25
WORKER_CONTEXT = RequestContext(ip="-", user_agent="import-worker")
LOADERS: dict[str, Callable[[list[dict[str, str]]], None]] = {
    "members": registry.put_many,
}
"""How each kind's clean records are written (whole records per item, never half-written)."""


def object_key(kind: str, import_id: str) -> str:
    return f"imports/{kind}/{import_id}.csv"


def load_upload(bucket: str, key: str) -> ImportModel | None:
    """Load one uploaded object; re-running the same upload leaves the data as it was."""
    match = OBJECT_KEY.match(key)
    if not match or match["kind"] not in IMPORT_KINDS:
        logger.warning("ignoring upload with unexpected key %s", key)
        return None
    kind = IMPORT_KINDS[match["kind"]]
    run = import_store.get(match["import_id"]) or ImportModel(
        import_id=match["import_id"], kind=kind.name, object_key=key,
        created_by="core-system", created_at=iso_instant(utc_now()), status="pending")
    run.status = "processing"
    import_store.save(run)

    errors, total, loaded = _load_rows(kind, objects.read_text_lines(bucket, key))
    run.rows_total, run.rows_loaded, run.rows_rejected = total, loaded, total - loaded
    run.errors = json.dumps([e.as_dict() for e in errors[:MAX_REPORTED_ERRORS]],
                            ensure_ascii=False)
    run.status = "failed" if errors and errors[0].line == 1 else "completed"
    run.finished_at = iso_instant(utc_now())
    import_store.save(run)
    audit.record(action="import.loaded", outcome="success" if run.status == "completed"
                 else "failure", context=WORKER_CONTEXT, actor_id=run.created_by,
                 role="system", target=f"import:{run.import_id}",
                 details={"kind": kind.name, "rows_total": total, "rows_loaded": loaded})
    return run


def _load_rows(kind: ImportKind, lines: Iterator[str]) -> tuple[list[RowError], int, int]:
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        return [RowError(1, "-", "El archivo está vacío.")], 0, 0
    header = [column.strip().lower() for column in header]
    missing = missing_columns(kind, header)
    if missing:
        return [RowError(1, name, "Falta la columna en la cabecera.") for name in missing], 0, 0

    today = date.today()
    errors: list[RowError] = []
    seen: set[str] = set()
    batch: list[dict[str, str]] = []
    total = loaded = 0
    for line_number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        total += 1
        if len(values) != len(header):
            errors.append(RowError(line_number, "-",
                                   f"Se esperaban {len(header)} columnas y hay {len(values)}."))
            continue
        record, problems = kind.check(dict(zip(header, values, strict=True)), today)
        identity = record.get(kind.unique_by, "")
        if not problems and identity in seen:
            problems = [(kind.unique_by, "Valor repetido en el archivo.")]
        if problems:
            errors.extend(RowError(line_number, field, message) for field, message in problems)
            continue
        seen.add(identity)
        batch.append(record)
        if len(batch) >= BATCH_SIZE:
            LOADERS[kind.name](batch)
            loaded += len(batch)
            batch = []
    if batch:
        LOADERS[kind.name](batch)
        loaded += len(batch)
    return errors, total, loaded
