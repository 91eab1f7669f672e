"""A product's lifecycle as the core system states it (docs/imports.md, "Product status").

Each product document carries ``status`` (the core system's word, kept as given) and, once it is
no longer active, ``closed_on`` (ISO date). The import writes both (the accounts views and the
reports read them); a full snapshot of a kind closes what the file does not mention with
``CLOSED_BY_SNAPSHOT``. A document without ``status`` (imported before statuses existed, or from a
file without the column) is active.
"""

from __future__ import annotations

from typing import Any

from chalicelib.domain.shared import products

STATUSES: dict[str, tuple[str, ...]] = {
    products.LOANS: ("vigente", "cancelado", "castigado"),
    products.CONTRIBUTIONS: ("activo", "cerrado"),
    products.SAVINGS: ("activo", "cerrado"),
    products.CTS: ("activo", "cerrado"),
    products.FIXED_DEPOSITS: ("active", "matured", "cancelled"),
}
"""The values each kind's status column takes; the first is the active one. A written-off loan
(``castigado``) is no longer the member's active credit: it is shown in the history."""

ACTIVE: dict[str, str] = {kind: values[0] for kind, values in STATUSES.items()}

CLOSED_BY_SNAPSHOT: dict[str, str] = {
    products.LOANS: "cancelado",
    products.CONTRIBUTIONS: "cerrado",
    products.SAVINGS: "cerrado",
    products.CTS: "cerrado",
    products.FIXED_DEPOSITS: "cancelled",
}
"""The status a product gets when a full snapshot of its kind no longer mentions it."""

SNAPSHOT_KINDS: tuple[str, ...] = tuple(CLOSED_BY_SNAPSHOT)
"""The import kinds a file may declare itself a full snapshot of."""


def status_of(product: str, data: dict[str, Any]) -> str:
    """The document's status; absent means active."""
    return str(data.get("status") or ACTIVE.get(product, ""))


def is_active(product: str, data: dict[str, Any]) -> bool:
    """Whether the «Activos» screens and totals count the product. Kinds without a lifecycle
    (family benefit plans) always are."""
    return product not in ACTIVE or status_of(product, data) == ACTIVE[product]


def closed_on_for(product: str, status: str, as_of: str) -> str:
    """A product stated closed in the file is closed as of the file's cut-off date."""
    return "" if status == ACTIVE.get(product) else as_of


def closed_by_snapshot(product: str, data: dict[str, Any], file_date: str) -> dict[str, Any]:
    """The document of a product a full snapshot no longer mentions: closed on the file's date,
    everything else as last imported (never deleted)."""
    return {**data, "status": CLOSED_BY_SNAPSHOT[product], "closed_on": file_date}
