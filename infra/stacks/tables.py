"""DynamoDB tables generated from the pynamodb models: keys, indexes and TTL are never restated.

Import this module only after ``STAGE``/``TABLE_PREFIX`` are in the environment (``infra/app.py``
sets them from the stage): the models read their table names when
``chalicelib.store.shared.models`` is
first imported, and ``table_models`` refuses names that do not carry the stage's prefix.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct
from pynamodb.attributes import Attribute, TTLAttribute
from pynamodb.indexes import (
    AllProjection,
    GlobalSecondaryIndex,
    IncludeProjection,
    Index,
    KeysOnlyProjection,
    LocalSecondaryIndex,
)
from pynamodb.models import Model

_ATTRIBUTE_TYPES = {
    "S": dynamodb.AttributeType.STRING,
    "N": dynamodb.AttributeType.NUMBER,
    "B": dynamodb.AttributeType.BINARY,
}


@dataclass(frozen=True)
class TableModel:
    model: type[Model]
    table_name: str
    suffix: str
    """The name without the stage prefix (``users``, ``audit``...): what grants refer to."""

    @property
    def construct_id(self) -> str:
        return self.model.__name__.removesuffix("Model") + "Table"


def table_models(table_prefix: str) -> list[TableModel]:
    from chalicelib.store.shared.models import ALL_MODELS

    found = []
    for model in ALL_MODELS:
        name = model.Meta.table_name
        if not name.startswith(table_prefix):
            raise RuntimeError(
                f"{model.__name__} is named {name!r}, not {table_prefix}...: "
                "chalicelib.store.shared.models was imported before STAGE/TABLE_PREFIX were set")
        found.append(TableModel(model=model, table_name=name, suffix=name[len(table_prefix):]))
    return found


def _key(attribute: Attribute) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=attribute.attr_name, type=_ATTRIBUTE_TYPES[attribute.attr_type])


def _keys(attributes: dict[str, Attribute]) -> tuple[dynamodb.Attribute, dynamodb.Attribute | None]:
    hash_keys = [a for a in attributes.values() if a.is_hash_key]
    range_keys = [a for a in attributes.values() if a.is_range_key]
    if len(hash_keys) != 1 or len(range_keys) > 1:
        raise ValueError(f"expected one hash key and at most one range key in {list(attributes)}")
    return _key(hash_keys[0]), (_key(range_keys[0]) if range_keys else None)


def _projection(index: type[Index]) -> dict[str, object]:
    projection = index.Meta.projection
    if isinstance(projection, AllProjection):
        return {"projection_type": dynamodb.ProjectionType.ALL}
    if isinstance(projection, KeysOnlyProjection):
        return {"projection_type": dynamodb.ProjectionType.KEYS_ONLY}
    if isinstance(projection, IncludeProjection):
        return {"projection_type": dynamodb.ProjectionType.INCLUDE,
                "non_key_attributes": list(projection.non_key_attributes)}
    raise ValueError(f"unknown projection {projection!r} on {index.Meta.index_name}")


def _indexes(model: type[Model]) -> list[Index]:
    return [index for _, index in inspect.getmembers(model, lambda o: isinstance(o, Index))]


def ttl_attribute(model: type[Model]) -> str | None:
    names = [a.attr_name for a in model.get_attributes().values() if isinstance(a, TTLAttribute)]
    if len(names) > 1:
        raise ValueError(f"{model.__name__} has more than one TTL attribute: {names}")
    return names[0] if names else None


def build_table(scope: Construct, spec: TableModel, *, deletion_protection: bool) -> dynamodb.Table:
    partition_key, sort_key = _keys(spec.model.get_attributes())
    table = dynamodb.Table(
        scope, spec.construct_id,
        table_name=spec.table_name,
        partition_key=partition_key,
        sort_key=sort_key,
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True),
        encryption=dynamodb.TableEncryption.AWS_MANAGED,
        time_to_live_attribute=ttl_attribute(spec.model),
        deletion_protection=deletion_protection,
        removal_policy=RemovalPolicy.RETAIN,
    )
    for index in _indexes(spec.model):
        index_partition, index_sort = _keys(index.Meta.attributes)
        if isinstance(index, GlobalSecondaryIndex):
            table.add_global_secondary_index(
                index_name=index.Meta.index_name, partition_key=index_partition,
                sort_key=index_sort, **_projection(index))  # type: ignore[arg-type]
        elif isinstance(index, LocalSecondaryIndex) and index_sort is not None:
            table.add_local_secondary_index(
                index_name=index.Meta.index_name, sort_key=index_sort,
                **_projection(index))  # type: ignore[arg-type]
        else:
            raise ValueError(f"unsupported index {index.Meta.index_name} on {spec.model.__name__}")
    return table
