"""Closing what a full snapshot no longer mentions (docs/imports.md, "Full snapshot").

The open products of the kind come from the sparse index ``open_by_kind`` (one keys-only Query
per shard; no Scan); each one the file did not list is read (GetItem) and rewritten closed on
the file's date by a conditional UpdateItem that also takes it out of the index. Nothing is
deleted, and a second run finds nothing open to close: idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Set

from chalicelib.domain.shared import product_status
from chalicelib.domain.shared.products import ProductDocument
from chalicelib.store.accounts import member_products

logger = logging.getLogger(__name__)

ProductKey = tuple[str, str]
"""``(dni, product_id)``."""


def applies(snapshot: bool, kind: str, rejected: int, loaded: int) -> bool:
    """A snapshot closes only after a clean file: a rejected row may be a product that still
    exists, and a file with no product at all is more likely a broken export than a kind with
    no products left."""
    return snapshot and kind in product_status.SNAPSHOT_KINDS and rejected == 0 and loaded > 0


def close_missing(kind: str, kept: Set[ProductKey], file_date: str) -> int:
    """Close every open product of ``kind`` not in ``kept``; how many were closed."""
    stale = [key for key in member_products.open_products(kind) if key not in kept]
    closed = 0
    for dni, product_id in stale:
        doc = member_products.product_of(dni, kind, product_id)
        if doc is None:
            continue
        data = product_status.closed_by_snapshot(kind, doc.data, file_date)
        if member_products.close_product(ProductDocument(dni, kind, product_id, data)):
            closed += 1
    logger.info("snapshot of %s closed %d of %d open products it did not list", kind, closed,
                len(stale))
    return closed
