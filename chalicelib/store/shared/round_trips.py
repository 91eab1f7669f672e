"""Fewer round trips on a hot path (issue 19): several items of several tables in one
BatchGetItem, and several writes that belong together in one TransactWriteItems.

``get_many`` reads each table strongly consistent (``ConsistentRead`` per table, one read unit
per 4 KB as a GetItem would), retrying only the keys DynamoDB leaves unprocessed. ``commit``
runs ``Write``s, each one or more items of a transaction, all or none; a condition that fails
is answered as ``Cancelled`` naming the writes whose condition failed, and a transaction
cancelled only by a concurrent one on the same item (``TransactionConflict``) is run again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.store.shared import aws

_CONDITION_FAILED = "ConditionalCheckFailed"
_CONFLICT = "TransactionConflict"
_TRIES = 3
"""A transaction that meets a concurrent one on the same item is tried again, twice at most."""


@dataclass(frozen=True)
class Wanted:
    """One item to read: its model class and its key (hash, and range when the table has one)."""

    model: type[Model]
    hash_key: str
    range_key: str | None = None


def get_many(wanted: Sequence[Wanted]) -> list[Model | None]:
    """The items of ``wanted``, in order (None for each missing one), in one BatchGetItem
    (100 keys at most; a key asked twice is read once)."""
    requests: dict[str, dict[str, Any]] = {}
    models = {item.model.Meta.table_name: item.model for item in wanted}
    for item in wanted:
        keys = requests.setdefault(item.model.Meta.table_name,
                                   {"Keys": [], "ConsistentRead": True})["Keys"]
        if _key(item.model, item.hash_key, item.range_key) not in keys:
            keys.append(_key(item.model, item.hash_key, item.range_key))
    found: dict[tuple[str, str], dict[str, Any]] = {}
    while requests:
        answer = aws.transactions().dispatch("BatchGetItem", {"RequestItems": requests})
        for table, items in answer.get("Responses", {}).items():
            for raw in items:
                found[(table, _text(_key_of(models[table], raw)))] = raw
        requests = answer.get("UnprocessedKeys") or {}
    return [_model_of(item.model, found.get((item.model.Meta.table_name,
                                             _text(_key(item.model, item.hash_key,
                                                        item.range_key)))))
            for item in wanted]


def _key_names(model: type[Model]) -> list[str]:
    names = [attribute.attr_name for attribute in model.get_attributes().values()
             if attribute.is_hash_key]
    return names + [attribute.attr_name for attribute in model.get_attributes().values()
                    if attribute.is_range_key]


def _key(model: type[Model], hash_key: str, range_key: str | None) -> dict[str, Any]:
    values = [hash_key] + ([range_key] if range_key is not None else [])
    return {name: {"S": value} for name, value in zip(_key_names(model), values, strict=True)}


def _key_of(model: type[Model], raw: dict[str, Any]) -> dict[str, Any]:
    return {name: raw[name] for name in _key_names(model)}


def _text(key: dict[str, Any]) -> str:
    return "|".join(f"{name}={value['S']}" for name, value in sorted(key.items()))


def _model_of(model: type[Model], raw: dict[str, Any] | None) -> Model | None:
    return model.from_raw_data(raw) if raw is not None else None


def one_of[M: Model](found: Model | None, model: type[M]) -> M | None:
    """``found`` typed as ``model`` (what ``get_many`` read for a key of that model)."""
    return found if isinstance(found, model) else None


@dataclass(frozen=True)
class Write:
    """Part of a transaction: ``add`` puts one or more items into it; ``name`` says which
    part a failed condition belongs to."""

    name: str
    add: Callable[[TransactWrite], None]


class Cancelled(Exception):
    """The transaction wrote nothing: the conditions of ``failed`` (their names) did not hold."""

    def __init__(self, failed: frozenset[str]) -> None:
        super().__init__(", ".join(sorted(failed)))
        self.failed = failed


def commit(writes: Sequence[Write]) -> None:
    """All of ``writes`` in one TransactWriteItems, or none of them (``Cancelled``)."""
    for attempt in range(_TRIES):
        owners: list[tuple[str, int, str]] = []
        try:
            with TransactWrite(connection=aws.transactions()) as transaction:
                for write in writes:
                    owners.extend(_added(transaction, write))
            return
        except TransactWriteError as error:
            codes = _codes_by_write(error, owners)
            failed = frozenset(name for name, code in codes if code == _CONDITION_FAILED)
            if failed:
                raise Cancelled(failed) from error
            if attempt + 1 == _TRIES or not any(code == _CONFLICT for _, code in codes):
                raise


_KINDS = ("_condition_check_items", "_delete_items", "_put_items", "_update_items")
"""pynamodb sends a transaction's items grouped in this order, whatever order they were added
in: a cancellation reason's position is found through it."""


def _added(transaction: TransactWrite, write: Write) -> list[tuple[str, int, str]]:
    """(kind, index within its kind, write's name) of each item ``write`` adds."""
    before = {kind: len(getattr(transaction, kind)) for kind in _KINDS}
    write.add(transaction)
    return [(kind, index, write.name) for kind in _KINDS
            for index in range(before[kind], len(getattr(transaction, kind)))]


def _codes_by_write(error: TransactWriteError,
                    owners: list[tuple[str, int, str]]) -> list[tuple[str, str | None]]:
    reasons = list(error.cancellation_reasons or [])
    ordered = sorted(owners, key=lambda owner: (_KINDS.index(owner[0]), owner[1]))
    return [(name, reason.code if reason is not None else None)
            for (_, _, name), reason in zip(ordered, reasons, strict=False)]
