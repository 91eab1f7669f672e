"""The member registry (padrón de socios)."""

from __future__ import annotations

from collections.abc import Iterable

from pynamodb.exceptions import DoesNotExist

from chalicelib.store.shared.models import RegistryMemberModel


def get(dni: str) -> RegistryMemberModel | None:
    """Key condition: ``dni = :dni``."""
    try:
        return RegistryMemberModel.get(dni)
    except DoesNotExist:
        return None


def member_item(record: dict[str, str]) -> RegistryMemberModel:
    """The item ``put_many`` writes for one registry row (the import fingerprints it first)."""
    return RegistryMemberModel(
        dni=record["dni"], first_name=record["first_name"], last_name=record["last_name"],
        birth_date=record["birth_date"], status=record["status"],
        email=record.get("email") or None, mobile=record.get("mobile") or None)


def put_many(records: Iterable[dict[str, str]]) -> None:
    """Batch-write whole rows: each member is one item, so a row is never half-written."""
    with RegistryMemberModel.batch_write() as batch:
        for record in records:
            batch.save(member_item(record))


def statuses(dnis: Iterable[str]) -> dict[str, str]:
    """Each registered member's status, by DNI: BatchGetItem (pynamodb asks 100 keys a call),
    strongly consistent; a DNI not in the registry is absent."""
    wanted = sorted(set(dnis))
    if not wanted:
        return {}
    return {member.dni: member.status for member in RegistryMemberModel.batch_get(
        wanted, consistent_read=True, attributes_to_get=["dni", "status"])}
