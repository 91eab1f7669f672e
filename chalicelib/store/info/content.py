"""The public content's two items (table ``public_content``): GetItem by ``content_id``, PutItem
on the version read. Nothing here is a Scan: the pages read two known keys."""

from __future__ import annotations

import json
from typing import Any

from pynamodb.exceptions import DoesNotExist

from chalicelib.domain.info.public_content import ContentDocument
from chalicelib.store.shared.conflicts import conflicts_as
from chalicelib.store.shared.models import PublicContentModel


def _document(model: PublicContentModel) -> ContentDocument:
    return ContentDocument(content_id=model.content_id, data=json.loads(model.data),
                           version=int(model.version or 0), updated_at=model.updated_at,
                           updated_by=model.updated_by)


def document(content_id: str, *, consistent: bool = False) -> ContentDocument | None:
    """Key condition ``content_id = :id`` (consistent when an admin is about to write on it)."""
    try:
        return _document(PublicContentModel.get(content_id, consistent_read=consistent))
    except DoesNotExist:
        return None


def save(content_id: str, data: dict[str, Any], *, read_version: int | None,
         updated_at: str, updated_by: str) -> ContentDocument:
    """PutItem conditioned on the version read (``None``: only while the item does not exist);
    409 ``concurrent_update`` when another admin saved in between."""
    model = PublicContentModel(content_id=content_id,
                               data=json.dumps(data, ensure_ascii=False),
                               updated_at=updated_at, updated_by=updated_by)
    if read_version is not None:
        model.version = read_version
    with conflicts_as():
        model.save()
    return _document(model)
