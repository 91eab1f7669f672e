"""DynamoDB capacity units a call consumed, estimated from its operation and its items' sizes.

moto does not meter capacity, so each counted DynamoDB call is priced here the way DynamoDB's
on-demand page describes it (https://aws.amazon.com/dynamodb/pricing/on-demand/):

- reads: one read request unit (RRU) per 4 KB for a strongly consistent read, half that for an
  eventually consistent one. GetItem and BatchGetItem round each item up to 4 KB; a Query sums
  the sizes of the items it read and rounds the total once. A Query with a filter or
  ``Select=COUNT`` is billed for every item it evaluated (``ScannedCount``): the returned items'
  average size stands for the ones filtered out, or ``UNSEEN_ITEM_BYTES`` when none came back.
- writes: one write request unit (WRU) per 1 KB of the item (the item after an UpdateItem, the
  item before a DeleteItem, read back here with an uncounted GetItem), plus one standard write
  per global secondary index the item appears in (its projection's size). A failed conditional
  write is billed like a successful one. TransactWriteItems costs twice per 1 KB of each action
  (a ConditionCheck is counted as a transactional write of its item: an assumption);
  TransactGetItems twice a strongly consistent read.
- not modelled: a PutItem that replaces a larger item (billed on the larger), an update that
  moves an item between index partitions (a delete and a put in the index).

Item size follows DynamoDB's rule: attribute names plus values (strings in UTF-8, numbers about
one byte per two digits plus one, 3 bytes of overhead per list or map plus one per element).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

KB = 1024
READ_BLOCK = 4 * KB
UNSEEN_ITEM_BYTES = 1 * KB
"""Size assumed for items a Query evaluated but returned none of (``Select=COUNT``)."""

Item = dict[str, Any]
Call = Callable[[str, dict[str, Any]], Any]
"""The uncounted botocore call on the same client: (operation, params) -> response."""


@dataclass(frozen=True)
class Units:
    read: float = 0.0
    write: float = 0.0

    def __add__(self, other: Units) -> Units:
        return Units(self.read + other.read, self.write + other.write)


def value_size(value: dict[str, Any]) -> int:
    (kind, data), = value.items()
    if kind == "S":
        return len(data.encode())
    if kind == "N":
        digits = str(data).lstrip("-").replace(".", "").lstrip("0") or "0"
        return (len(digits) + 1) // 2 + 1
    if kind == "B":
        return len(data)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind in ("SS", "NS", "BS"):
        return sum(value_size({kind[0]: element}) for element in data)
    if kind == "L":
        return 3 + sum(value_size(element) + 1 for element in data)
    if kind == "M":
        return 3 + sum(len(name.encode()) + value_size(element) + 1
                       for name, element in data.items())
    raise ValueError(f"unknown DynamoDB type {kind}")


def item_size(item: Item) -> int:
    return sum(len(name.encode()) + value_size(value) for name, value in item.items())


def read_units(size: int, consistent: bool) -> float:
    blocks = max(1, math.ceil(size / READ_BLOCK))
    return float(blocks) if consistent else blocks / 2


def write_units(size: int) -> float:
    return float(max(1, math.ceil(size / KB)))


@dataclass(frozen=True)
class _Index:
    keys: tuple[str, ...]
    projection: str
    """ALL, KEYS_ONLY or INCLUDE."""
    included: tuple[str, ...]


@cache
def _indexes(table_name: str) -> tuple[tuple[str, ...], tuple[_Index, ...]]:
    """(the table's key attributes, its global secondary indexes), from the pynamodb models."""
    import inspect

    from pynamodb.indexes import GlobalSecondaryIndex, IncludeProjection, KeysOnlyProjection

    from chalicelib.store.shared.models import ALL_MODELS

    for model in ALL_MODELS:
        if model.Meta.table_name != table_name:
            continue
        table_keys = tuple(a.attr_name for a in model.get_attributes().values()
                           if a.is_hash_key or a.is_range_key)
        found = []
        for _, index in inspect.getmembers(model, lambda o: isinstance(o, GlobalSecondaryIndex)):
            keys = tuple(a.attr_name for a in index.Meta.attributes.values()
                         if a.is_hash_key or a.is_range_key)
            projection = index.Meta.projection
            kind = ("KEYS_ONLY" if isinstance(projection, KeysOnlyProjection) else
                    "INCLUDE" if isinstance(projection, IncludeProjection) else "ALL")
            included = tuple(getattr(projection, "non_key_attributes", None) or ())
            found.append(_Index(keys, kind, included))
        return table_keys, tuple(found)
    return (), ()


def index_write_units(table_name: str, item: Item | None) -> float:
    """Standard writes to the global secondary indexes this item appears in."""
    if not item:
        return 0.0
    table_keys, indexes = _indexes(table_name)
    units = 0.0
    for index in indexes:
        if not all(key in item for key in index.keys):
            continue  # sparse index: the item is not in it
        if index.projection == "ALL":
            projected = item
        else:
            names = set(table_keys) | set(index.keys) | set(index.included)
            projected = {name: value for name, value in item.items() if name in names}
        units += write_units(item_size(projected))
    return units


def _fetch(call: Call, table: str, key: Item) -> Item | None:
    try:
        response = call("GetItem", {"TableName": table, "Key": key, "ConsistentRead": True})
    except Exception:  # noqa: BLE001 - an estimate: an unreadable item counts as its key
        return None
    return response.get("Item")


def _write(call: Call, table: str, *, item: Item | None = None, key: Item | None = None,
           factor: float = 1.0) -> Units:
    """A write of ``item`` (a put) or of the item stored under ``key`` (update, delete, check)."""
    if item is None and key is not None:
        item = _fetch(call, table, key) or key
    item = item or {}
    return Units(write=write_units(item_size(item)) * factor + index_write_units(table, item))


def _query_units(params: dict[str, Any], response: dict[str, Any]) -> Units:
    items = response.get("Items") or []
    count = response.get("Count", len(items))
    scanned = response.get("ScannedCount", count)
    returned = sum(item_size(item) for item in items)
    size = returned * scanned / max(1, len(items)) if items else scanned * UNSEEN_ITEM_BYTES
    return Units(read=read_units(math.ceil(size), bool(params.get("ConsistentRead"))))


def _batch_get(params: dict[str, Any], response: dict[str, Any]) -> Units:
    units = Units()
    for table, items in (response.get("Responses") or {}).items():
        consistent = bool(params.get("RequestItems", {}).get(table, {}).get("ConsistentRead"))
        for item in items:
            units += Units(read=read_units(item_size(item), consistent))
    return units


def _batch_write(call: Call, params: dict[str, Any]) -> Units:
    units = Units()
    for table, requests in params.get("RequestItems", {}).items():
        for request in requests:
            if "PutRequest" in request:
                units += _write(call, table, item=request["PutRequest"]["Item"])
            else:
                units += Units(write=write_units(item_size(request["DeleteRequest"]["Key"])))
    return units


def _transact_write(call: Call, params: dict[str, Any]) -> Units:
    units = Units()
    for action in params.get("TransactItems", []):
        (kind, body), = action.items()
        if kind == "Put":
            units += _write(call, body["TableName"], item=body["Item"], factor=2)
        else:
            units += _write(call, body["TableName"], key=body["Key"], factor=2)
    return units


def before_call(call: Call, operation: str, params: dict[str, Any]) -> Item | None:
    """What must be read before the call changes it: the item a DeleteItem removes."""
    if operation == "DeleteItem":
        return _fetch(call, params["TableName"], params["Key"])
    return None


def units_of(call: Call, operation: str, params: dict[str, Any], response: dict[str, Any] | None,
             before: Item | None) -> Units:
    """The capacity one DynamoDB call consumed (``response`` None: the call raised)."""
    response = response or {}
    table = params.get("TableName", "")
    if operation == "GetItem":
        return Units(read=read_units(item_size(response.get("Item") or {}),
                                     bool(params.get("ConsistentRead"))))
    if operation in ("Query", "Scan"):
        return _query_units(params, response)
    if operation == "BatchGetItem":
        return _batch_get(params, response)
    if operation == "TransactGetItems":
        return Units(read=sum(2 * read_units(item_size(r.get("Item") or {}), True)
                              for r in response.get("Responses", [])))
    if operation == "PutItem":
        return _write(call, table, item=params["Item"])
    if operation == "UpdateItem":
        return _write(call, table, key=params["Key"])
    if operation == "DeleteItem":
        return _write(call, table, item=before or params["Key"])
    if operation == "BatchWriteItem":
        return _batch_write(call, params)
    if operation == "TransactWriteItems":
        return _transact_write(call, params)
    return Units()
