"""The admin's lists across statuses in one Query (issue 19): index ``by_staff_order`` of the
tickets, credit applications and beneficiary changes.

Every item sits in one partition, ``staff_list = all``, sorted by ``staff_order`` =
``<rank>#<created_at>``, where the rank counts down along the domain's ``ADMIN_LIST_ORDER``
(the first status has the highest digit). Read backwards (``ScanIndexForward=false``), the
partition is exactly the order the lists had when they read one ``by_status`` partition after
the other: the first status first, newest first within each. So "all statuses" is one Query
(and one more per page), with the same filters, and its cursor is checked like any other
(``store.shared.paging``).

The key moves with the status: every write that changes an item's status writes its new
``staff_order`` in the same request. Items written before the index have neither attribute and
are not in it until ``dev.recount`` writes them (it is idempotent, and the deploy runs it).
One partition holds the whole list: a cooperative's few thousand cases a year are far below
a partition's limits (1,000 writes/s, 3,000 reads/s).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib.store.shared.paging import Key, Segment

PARTITION = "all"
"""The one ``staff_list`` value: the whole list is one partition."""


def staff_order(order: Sequence[Enum], status: str, created_at: str) -> str:
    """``<rank>#<created_at>``: the first status of ``order`` has the highest rank."""
    values = [each.value for each in order]
    return f"{len(values) - values.index(status)}#{created_at}"


def rank_range(order: Sequence[Enum], statuses: Sequence[Enum]) -> tuple[str, str]:
    """The ``staff_order`` range that holds ``statuses`` (the lowest and the highest rank's
    prefix, ``~`` after every instant)."""
    ranks = [len(order) - list(order).index(status) for status in statuses]
    return f"{min(ranks)}#", f"{max(ranks)}#~"


def segment(model: Any, table_key: str, order: Sequence[Enum], statuses: Sequence[Enum],
            condition: Condition | None) -> Segment:
    """One Query of the partition, newest first within each status, on the ranks between the
    first and the last of ``statuses``; a status in between that is not wanted is filtered
    out (with ``condition``)."""
    low, high = rank_range(order, statuses)
    range_condition = model.staff_order.between(low, high)
    if not _contiguous(order, statuses):
        wanted = model.status.is_in(*(status.value for status in statuses))
        condition = wanted if condition is None else wanted & condition

    def run(limit: int, start: Key | None) -> Any:
        return model.by_staff_order.query(PARTITION, range_key_condition=range_condition,
                                          filter_condition=condition, scan_index_forward=False,
                                          limit=limit, last_evaluated_key=start)

    return Segment(name=f"staff_list:{PARTITION}", hash_attribute="staff_list",
                   hash_value=PARTITION,
                   key_attributes=frozenset({table_key, "staff_list", "staff_order"}), run=run)


def _contiguous(order: Sequence[Enum], statuses: Sequence[Enum]) -> bool:
    positions = sorted({list(order).index(status) for status in statuses})
    return positions == list(range(positions[0], positions[-1] + 1))
