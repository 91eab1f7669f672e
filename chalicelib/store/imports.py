"""Import runs of the core system's CSV files."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from chalicelib.store.models import ImportModel


def get(import_id: str) -> ImportModel | None:
    """Key condition: ``import_id = :id``."""
    try:
        return ImportModel.get(import_id)
    except DoesNotExist:
        return None


def save(run: ImportModel) -> None:
    run.save()


def newest(limit: int = 50) -> list[ImportModel]:
    """Index ``by_time``: ``listing = "imports"``, newest first."""
    return list(ImportModel.by_time.query("imports", scan_index_forward=False, limit=limit))
