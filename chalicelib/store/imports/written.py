"""The items an import writes, built once and fingerprinted before they are written: the
fingerprint is of exactly the attributes DynamoDB would store (``Model.serialize``), so it
changes with the row and with any change to how the store lays an item out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pynamodb.models import Model

from chalicelib.domain.imports.manifests import fingerprint
from chalicelib.domain.shared.products import MovementDocument, ProductDocument
from chalicelib.store.accounts import member_products
from chalicelib.store.auth import registry
from chalicelib.store.shared.models import MemberProductItemModel, RegistryMemberModel


@dataclass(frozen=True)
class Prepared:
    item: Model
    fingerprint: bytes


def prepare(built: Any) -> Prepared:
    """The item for one built record: a product, a movement or a registry row."""
    if isinstance(built, ProductDocument):
        item: Model = member_products.product_item(built)
    elif isinstance(built, MovementDocument):
        item = member_products.movement_item(built)
    else:
        item = registry.member_item(built)
    return Prepared(item, fingerprint(item.serialize()))


def write(prepared: Sequence[Prepared]) -> None:
    """BatchWriteItem, 25 items a call (unprocessed items retried by pynamodb); all of one
    table, as a file is of one kind."""
    if not prepared:
        return
    with type(prepared[0].item).batch_write() as batch:
        for one in prepared:
            batch.save(one.item)


def table_of(kind: str) -> str:
    """The table a kind's items go to, with its creation time (one DescribeTable per run): a
    table recreated or restored under the same name is another table to the manifests."""
    model: type[Model] = RegistryMemberModel if kind == "members" else MemberProductItemModel
    described = model.describe_table()
    return f"{model.Meta.table_name}@{described.get('CreationDateTime', '')}"
