"""The admin's other reads: the import history page and the dashboard's counts.

Every read is a Query (``Select=COUNT`` for counts) or a BatchGetItem; no Scan.
"""

from __future__ import annotations

from typing import Any

from chalicelib.store.shared.models import ImportModel, SecurityCounterModel, TicketModel
from chalicelib.store.shared.paging import Key, Page, Segment, read_page

IMPORTS_LISTING = "imports"


def imports_page(limit: int, cursor: str | None) -> Page[ImportModel]:
    """Index ``by_time``: ``listing = "imports"``, newest first."""

    def run(page_limit: int, start: Key | None) -> Any:
        return ImportModel.by_time.query(IMPORTS_LISTING, scan_index_forward=False,
                                         limit=page_limit, last_evaluated_key=start)

    segment = Segment(name="imports", hash_attribute="listing", hash_value=IMPORTS_LISTING,
                      key_attributes=frozenset({"import_id", "listing", "created_at"}), run=run)
    return read_page([segment], limit, cursor)


def tickets_with_status(status: str) -> int:
    """Index ``by_status``: ``status = :s`` with ``Select=COUNT`` (no items returned)."""
    return int(TicketModel.by_status.count(status))


def locked_until(counter_ids: list[str]) -> dict[str, str]:
    """BatchGetItem of lockout counters: ``{counter_id: locked_until}`` for those that have one."""
    found: dict[str, str] = {}
    for counter in SecurityCounterModel.batch_get(sorted(set(counter_ids))):
        if counter.locked_until:
            found[counter.counter_id] = counter.locked_until
    return found
