"""Paged lists whose Query carries a FilterExpression, with ``store.shared.paging``'s segments
and cursor (the same check that a cursor is a key of the caller's own partition).

DynamoDB's ``Limit`` counts the items a Query *reads*, before the filter: one call may keep none
of them. So a page is filled by reading on, ``READ_SIZE`` items a call, across the segments in
turn, until it holds ``limit`` items or ``MAX_READS`` calls were made; then its cursor carries on
from the last item read. Cost: the reads are billed, not the matches: at most
``READ_SIZE × MAX_READS`` = 1,000 items a page, ~1 MB of 1 KB users, ~125 RCUs eventually
consistent, in five sequential calls. A filter that keeps almost nothing in a bigger partition
answers a short (even empty) page with a cursor: the next page reads on from there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from chalicelib.store.shared.paging import (
    Key,
    Page,
    Segment,
    cursor_start,  # read_page's own check
    encode_cursor,
)

READ_SIZE = 200
"""Items a call reads (its ``Limit``); each segment's ``run(READ_SIZE, start)`` opens the
filtered Query, of which only whole pages (``page_iter``) are read here."""
MAX_READS = 5
"""Calls a page may make before it answers with what it found and a cursor."""

Load = Callable[[dict[str, Any]], Any]
"""A raw item of the Query's answer to the model (``Model.from_raw_data``)."""


def _cursor_after(segments: Sequence[Segment], index: int, key: Key | None) -> str | None:
    """Where the next page starts: after ``key`` in this segment, else the next segment."""
    if key is not None:
        return encode_cursor(segments[index].name, key)
    following = index + 1
    return encode_cursor(segments[following].name, None) if following < len(segments) else None


def _fill(segment: Segment, start: Key | None, wanted: int, reads_left: int,
          load: Load) -> tuple[list[Any], Key | None, int]:
    """Read ``segment`` from ``start`` until ``wanted`` items passed the filter or
    ``reads_left`` calls were made: the items, the key to resume after (None: the segment is
    read through) and the calls made. A call that keeps more than wanted is cut, and the key
    is then the last kept item's (the key attributes of the index and the table)."""
    pages = segment.run(READ_SIZE, start).page_iter
    items: list[Any] = []
    reads = 0
    for page in pages:
        reads += 1
        raw_items = page.get("Items", [])
        missing = wanted - len(items)
        if len(raw_items) > missing:
            kept = raw_items[:missing]
            resume = {name: kept[-1][name] for name in segment.key_attributes}
            return items + [load(raw) for raw in kept], resume, reads
        items.extend(load(raw) for raw in raw_items)
        if len(items) >= wanted or reads >= reads_left:
            break
    return items, pages.last_evaluated_key, reads


def read_filtered_page(segments: Sequence[Segment], limit: int, cursor: str | None,
                       load: Load) -> Page[Any]:
    """Up to ``limit`` items that pass the segments' filter from where ``cursor`` points, in at
    most ``MAX_READS`` calls, and the cursor of the next page (None: all was read)."""
    index, start = cursor_start(segments, cursor)
    items: list[Any] = []
    reads = 0
    while index < len(segments):
        found, resume, made = _fill(segments[index], start, limit - len(items),
                                    MAX_READS - reads, load)
        items.extend(found)
        reads += made
        if len(items) >= limit or reads >= MAX_READS:
            return Page(items, _cursor_after(segments, index, resume))
        index, start = index + 1, None
    return Page(items, None)
