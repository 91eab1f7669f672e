"""Paged lists over DynamoDB Queries: ``{items, next_cursor}`` with an opaque cursor.

A list is one or more *segments*, each one Query on a key or index partition, read in order (an
admin's ticket list runs through the status partitions one after the other). The cursor names the
segment it stopped in and DynamoDB's ``LastEvaluatedKey`` there, base64url-encoded JSON. A cursor
is the client's input: it is checked to be a key of that very partition before it reaches
DynamoDB, so a forged one is a 400 and never reads another partition.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.shared.errors import InvalidInput

Key = dict[str, dict[str, str]]
RunQuery = Callable[[int, Key | None], Any]
"""``(limit, exclusive_start_key) -> pynamodb ResultIterator``."""


@dataclass(frozen=True)
class Segment:
    name: str
    """Stable name of the partition (``status:open``); written into the cursor."""
    hash_attribute: str
    hash_value: str
    key_attributes: frozenset[str]
    """The attribute names of a LastEvaluatedKey of this query (table key + index key)."""
    run: RunQuery


@dataclass(frozen=True)
class Page[T]:
    items: list[T]
    next_cursor: str | None


def _invalid_cursor() -> InvalidInput:
    return InvalidInput("La paginación no es válida; vuelve a la primera página.",
                        code="invalid_cursor", fields={"cursor": "Cursor no válido."})


def encode_cursor(segment: str, key: Key | None) -> str:
    raw = json.dumps({"s": segment, "k": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[str, Any]:
    if len(cursor) > 2048:
        raise _invalid_cursor()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, RecursionError):  # a forged cursor of deep nesting
        raise _invalid_cursor() from None
    if not isinstance(value, dict) or not isinstance(value.get("s"), str):
        raise _invalid_cursor()
    return value["s"], value.get("k")


def _checked_key(key: Any, segment: Segment) -> Key | None:
    if key is None:
        return None
    if not isinstance(key, dict) or set(key) != segment.key_attributes:
        raise _invalid_cursor()
    for value in key.values():
        if not isinstance(value, dict) or len(value) != 1 or \
                not all(t in ("S", "N") and isinstance(v, str) for t, v in value.items()):
            raise _invalid_cursor()
    if key[segment.hash_attribute] != {"S": segment.hash_value}:
        raise _invalid_cursor()
    return key


def cursor_start(segments: Sequence[Segment], cursor: str | None) -> tuple[int, Key | None]:
    if not cursor:
        return 0, None
    name, key = _decode(cursor)
    for index, segment in enumerate(segments):
        if segment.name == name:
            return index, _checked_key(key, segment)
    raise _invalid_cursor()


def read_page(segments: Sequence[Segment], limit: int, cursor: str | None) -> Page[Any]:
    """Up to ``limit`` items from where ``cursor`` points, and the cursor of the next page."""
    index, start_key = cursor_start(segments, cursor)
    items: list[Any] = []
    while index < len(segments):
        results: Iterator[Any] = segments[index].run(limit - len(items), start_key)
        items.extend(results)
        last_key = results.last_evaluated_key  # type: ignore[attr-defined]
        if len(items) >= limit:
            if last_key is not None:
                return Page(items, encode_cursor(segments[index].name, last_key))
            following = index + 1
            return Page(items, encode_cursor(segments[following].name, None)
                        if following < len(segments) else None)
        index, start_key = index + 1, None
    return Page(items, None)
