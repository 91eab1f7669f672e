"""The admin's other reads: the import history page and the dashboard's counters.

Every read is a Query or a BatchGetItem; no Scan.
"""

from __future__ import annotations

from typing import Any

from chalicelib.store.shared.models import (
    CounterModel,
    ImportModel,
    SecurityCounterModel,
)
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


def counters(counter_ids: list[str]) -> dict[str, int]:
    """BatchGetItem of ``counters`` items (the dashboard's, issue 19; one call for up to 100):
    ``{counter_id: value}``, 0 for one never written and never below 0."""
    wanted = sorted(set(counter_ids))
    found = {counter.counter_id: counter.value for counter in CounterModel.batch_get(wanted)}
    return {counter_id: max(0, int(found.get(counter_id) or 0)) for counter_id in wanted}


def locked_until(counter_ids: list[str]) -> dict[str, str]:
    """BatchGetItem of lockout counters: ``{counter_id: locked_until}`` for those that have one."""
    found: dict[str, str] = {}
    for counter in SecurityCounterModel.batch_get(sorted(set(counter_ids))):
        if counter.locked_until:
            found[counter.counter_id] = counter.locked_until
    return found
