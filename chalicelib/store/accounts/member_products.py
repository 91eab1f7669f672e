"""A member's products and movements: table ``member_products``, one partition per member (DNI).

Keys (docs/data-model.md):

- product: ``item_key = P#<product>#<product_id>``; contributions, savings and CTS accounts also
  carry ``product_key = <product>#~#<product_id>`` for the ``by_product`` index;
- movement: ``item_key = MOV#<date>#<movement_id>`` and
  ``product_key = <product>#<date>#<product_id>#<movement_id>``;
- an active loan or fixed deposit: ``due_shard = <product>#<DNI's last digit>``, ``due_on`` and
  ``due_alert`` for the ``by_due_date`` index the members' alerts job reads.

Every read takes the DNI of the signed-in member: a product id that is not in that partition is
simply not found. Cursors are opaque to clients and only ever position a Query inside the
caller's own partition. Movement pages do not use ``store.shared.paging``: each page is exactly one
Query reading ``limit + 1`` items (the extra one says whether a next page exists, so the last
page never carries a cursor to an empty one), and a cursor must lie inside the Query's own key
range, which DynamoDB would otherwise reject with an error.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pynamodb.exceptions import DoesNotExist, UpdateError

from chalicelib.domain.accounts import member_alerts
from chalicelib.domain.shared import errors, product_status, products
from chalicelib.domain.shared.products import MovementDocument, ProductDocument
from chalicelib.store.shared import conflicts
from chalicelib.store.shared.models import MemberProductItemModel

MOVEMENT = "movement"
LAST_DATE = "9999-12-31"
FIRST_DATE = "0000-00-00"
ACCOUNT_MARK = "~"
"""Sorts after any date, so a product's accounts lead a descending Query on ``by_product``."""
OPEN_SHARDS = tuple(str(digit) for digit in range(10))
FILTERED_PAGE_SIZE = 1000
"""Items one filtered Query may evaluate; a member has few accounts of one type."""


@dataclass(frozen=True)
class Page:
    movements: list[MovementDocument]
    next_cursor: str | None
    accounts: list[ProductDocument]


def _product_item_key(product: str, product_id: str) -> str:
    return f"P#{product}#{product_id}"


def _open_kind(product: str, dni: str) -> str:
    """The ``open_by_kind`` partition of an active product: the DNI's last digit shards it."""
    return f"{product}#{dni[-1:]}"


def _product_item(doc: ProductDocument) -> MemberProductItemModel:
    item = MemberProductItemModel(
        dni=doc.dni, item_key=_product_item_key(doc.product, doc.product_id), kind=doc.product,
        product_id=doc.product_id, data=json.dumps(doc.data, ensure_ascii=False, sort_keys=True))
    if doc.product in products.ACCOUNT_VIEW_PRODUCTS:
        item.product_key = f"{doc.product}#{ACCOUNT_MARK}#{doc.product_id}"
    if doc.product in product_status.SNAPSHOT_KINDS and \
            product_status.is_active(doc.product, doc.data):
        item.open_kind = _open_kind(doc.product, doc.dni)
    _index_due_date(item, doc)
    return item


def _index_due_date(item: MemberProductItemModel, doc: ProductDocument) -> None:
    """Index ``by_due_date`` (sparse): an active loan's first unpaid installment or an active
    fixed deposit's maturity, sharded like ``open_kind``, for the members' alerts job."""
    entry = member_alerts.due_entry(doc.product, doc.data)
    if entry is None:
        return
    item.due_shard = _open_kind(doc.product, doc.dni)
    item.due_on = entry.due_on
    item.due_alert = json.dumps(entry.as_json(), sort_keys=True)


def _movement_item(doc: MovementDocument) -> MemberProductItemModel:
    return MemberProductItemModel(
        dni=doc.dni, item_key=f"MOV#{doc.date}#{doc.movement_id}", kind=MOVEMENT,
        product_id=doc.product_id,
        product_key=f"{doc.product}#{doc.date}#{doc.product_id}#{doc.movement_id}",
        data=json.dumps({**doc.data, "product": doc.product}, ensure_ascii=False,
                        sort_keys=True))


def product_item(doc: ProductDocument) -> MemberProductItemModel:
    """The item ``put_products`` writes for ``doc`` (the import fingerprints it first)."""
    return _product_item(doc)


def movement_item(doc: MovementDocument) -> MemberProductItemModel:
    """The item ``put_movements`` writes for ``doc``."""
    return _movement_item(doc)


def put_products(docs: Iterable[ProductDocument]) -> None:
    """BatchWriteItem (25 a call): each product is one whole item, never half-written."""
    with MemberProductItemModel.batch_write() as batch:
        for doc in docs:
            batch.save(_product_item(doc))


def put_movements(docs: Iterable[MovementDocument]) -> None:
    """BatchWriteItem (25 a call); the key holds the core system's movement id, so a re-run
    rewrites the same items."""
    with MemberProductItemModel.batch_write() as batch:
        for doc in docs:
            batch.save(_movement_item(doc))


def open_products(product: str) -> Iterator[tuple[str, str]]:
    """``(dni, product_id)`` of every active product of a kind: one Query on index
    ``open_by_kind`` (keys only) per shard, ``open_kind = "<product>#<0..9>"``. Only the import
    worker calls it, to close what a full snapshot no longer mentions."""
    prefix = f"P#{product}#"
    for shard in OPEN_SHARDS:
        for item in MemberProductItemModel.open_by_kind.query(f"{product}#{shard}"):
            if item.item_key.startswith(prefix):
                yield item.dni, item.item_key[len(prefix):]


def close_product(doc: ProductDocument) -> bool:
    """UpdateItem: the closed document, and out of ``open_by_kind``, only while the product is
    still open there (so a second run, or a product reimported meanwhile as closed, changes
    nothing). False when it was no longer open."""
    item = MemberProductItemModel(dni=doc.dni,
                                  item_key=_product_item_key(doc.product, doc.product_id))
    try:
        item.update(actions=[
            MemberProductItemModel.data.set(json.dumps(doc.data, ensure_ascii=False,
                                                       sort_keys=True)),
            MemberProductItemModel.open_kind.remove(),
            MemberProductItemModel.due_shard.remove(), MemberProductItemModel.due_on.remove(),
            MemberProductItemModel.due_alert.remove()],
            condition=MemberProductItemModel.open_kind == _open_kind(doc.product, doc.dni))
    except UpdateError as error:
        if conflicts.is_conflict(error):
            return False
        raise
    return True


def _as_product(item: MemberProductItemModel) -> ProductDocument:
    return ProductDocument(dni=item.dni, product=item.kind, product_id=item.product_id or "",
                           data=json.loads(item.data))


def _as_movement(item: MemberProductItemModel) -> MovementDocument:
    data = json.loads(item.data)
    _, moved_on, movement_id = item.item_key.split("#", 2)
    return MovementDocument(dni=item.dni, movement_id=movement_id, date=moved_on,
                            product=data.pop("product"), product_id=item.product_id or "",
                            data=data)


def products_of(dni: str, product: str | None = None) -> list[ProductDocument]:
    """Key condition: ``dni = :dni AND begins_with(item_key, "P#[<product>#]")``."""
    prefix = f"P#{product}#" if product else "P#"
    query = MemberProductItemModel.query(dni, MemberProductItemModel.item_key.startswith(prefix))
    return [_as_product(item) for item in query]


def product_of(dni: str, product: str, product_id: str) -> ProductDocument | None:
    """GetItem ``dni, P#<product>#<product_id>``: None when it is not this member's."""
    try:
        return _as_product(MemberProductItemModel.get(dni, _product_item_key(product,
                                                                             product_id)))
    except DoesNotExist:
        return None


def movements_since(dni: str, since: str) -> list[MovementDocument]:
    """Key condition: ``dni = :dni AND item_key BETWEEN "MOV#<since>" AND "MOV#~"``, newest
    first."""
    query = MemberProductItemModel.query(
        dni, MemberProductItemModel.item_key.between(f"MOV#{since}", f"MOV#{ACCOUNT_MARK}"),
        scan_index_forward=False)
    return [_as_movement(item) for item in query]


def movements_page(dni: str, *, start: str | None, end: str | None, product: str | None,
                   limit: int, cursor: str | None) -> Page:
    """Newest first, ``limit`` at a time. Without ``product``: ``item_key BETWEEN
    "MOV#<start>" AND "MOV#<end>#~"``; with it, index ``by_product``: ``product_key BETWEEN
    "<product>#<start>" AND "<product>#<end>#~"``."""
    low, high = start or FIRST_DATE, f"{end or LAST_DATE}#{ACCOUNT_MARK}"
    if product is None:
        bounds = (f"MOV#{low}", f"MOV#{high}")
        query = MemberProductItemModel.query(
            dni, MemberProductItemModel.item_key.between(*bounds), scan_index_forward=False,
            limit=limit + 1, page_size=limit + 1,
            last_evaluated_key=_start_key(dni, cursor, "item_key", bounds))
    else:
        bounds = (f"{product}#{low}", f"{product}#{high}")
        query = MemberProductItemModel.by_product.query(
            dni, MemberProductItemModel.product_key.between(*bounds), scan_index_forward=False,
            limit=limit + 1, page_size=limit + 1,
            last_evaluated_key=_start_key(dni, cursor, "product_key", bounds))
    return _page([item for item in query], limit, index=product is not None)


def account_with_movements(dni: str, product: str, product_id: str | None = None, *,
                           limit: int | None = None, cursor: str | None = None) -> Page:
    """Index ``by_product``: ``product_key BETWEEN "<product>#" AND "<product>#~#~"``, newest
    first: the product's accounts, then its movements (only ``product_id``'s when given, by a
    filter on the same Query)."""
    bounds = (f"{product}#", f"{product}#{ACCOUNT_MARK}#{ACCOUNT_MARK}")
    start_key = _start_key(dni, cursor, "product_key", bounds)
    if start_key and product_id and \
            start_key["product_key"]["S"].split("#")[2:3] != [product_id]:
        raise _bad_cursor()  # a cursor of another account's list
    query = MemberProductItemModel.by_product.query(
        dni, MemberProductItemModel.product_key.between(*bounds), scan_index_forward=False,
        filter_condition=(MemberProductItemModel.product_id == product_id) if product_id
        else None,
        limit=None if limit is None else limit + 2, page_size=FILTERED_PAGE_SIZE,
        last_evaluated_key=start_key)
    items = list(query)
    accounts = [_as_product(item) for item in items if item.kind != MOVEMENT]
    movement_items = [item for item in items if item.kind == MOVEMENT]
    if limit is None:
        return Page([_as_movement(item) for item in movement_items], None, accounts)
    page = _page(movement_items, limit, index=True)
    return Page(page.movements, page.next_cursor, accounts)


def _page(items: list[MemberProductItemModel], limit: int, *, index: bool) -> Page:
    """``limit`` items and, when one more was found, a cursor after the last one returned."""
    shown = items[:limit]
    next_cursor = None
    if len(items) > limit and shown:
        last = shown[-1]
        position = {"i": last.item_key, **({"p": last.product_key} if index else {})}
        next_cursor = base64.urlsafe_b64encode(json.dumps(position).encode()).decode()
    return Page([_as_movement(item) for item in shown], next_cursor, [])


def _start_key(dni: str, cursor: str | None, sort_key: str,
               bounds: tuple[str, str]) -> dict[str, Any] | None:
    """The Query's ExclusiveStartKey from a cursor, always in ``dni``'s own partition."""
    if not cursor:
        return None
    position = _decode(cursor)
    item_key, product_key = position.get("i"), position.get("p")
    valid = isinstance(item_key, str) and item_key.startswith("MOV#")
    if sort_key == "product_key":
        valid = valid and isinstance(product_key, str) and \
            bounds[0] <= product_key <= bounds[1]
    else:
        valid = valid and bounds[0] <= str(item_key) <= bounds[1]
    if not valid:
        raise _bad_cursor()
    key = {"dni": {"S": dni}, "item_key": {"S": item_key}}
    if sort_key == "product_key":
        key["product_key"] = {"S": product_key}
    return key


def _decode(cursor: str) -> dict[str, Any]:
    try:
        position = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, binascii.Error, UnicodeError, RecursionError):
        raise _bad_cursor() from None
    if not isinstance(position, dict):
        raise _bad_cursor()
    return position


def _bad_cursor() -> errors.InvalidInput:
    return errors.InvalidInput("El cursor de paginación no es válido.", code="invalid_cursor",
                               fields={"cursor": "Cursor no válido; vuelva a la primera página."})
