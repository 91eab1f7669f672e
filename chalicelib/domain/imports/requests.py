"""The admin's request to start an import (``POST /api/admin/imports``), parsed at the HTTP
edge: the kind of core-system file it will upload and whether that file is a full snapshot."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.imports.kinds import IMPORT_KINDS
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.product_status import SNAPSHOT_KINDS


@dataclass(frozen=True)
class ImportStart:
    kind: str
    """One of ``IMPORT_KINDS``."""
    snapshot: bool = False
    """The file lists every product of its kind: what it does not mention is closed
    (docs/imports.md, "Full snapshot"); only for ``SNAPSHOT_KINDS``."""


def parse_import_start(data: Mapping[str, Any]) -> ImportStart:
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in IMPORT_KINDS:
        raise InvalidInput(fields={"kind": "Tipo de archivo desconocido. Usa uno de: "
                                           + ", ".join(sorted(IMPORT_KINDS)) + "."})
    snapshot = data.get("snapshot", False)
    if not isinstance(snapshot, bool):
        raise InvalidInput(fields={"snapshot": "Debe ser verdadero o falso."})
    if snapshot and kind not in SNAPSHOT_KINDS:
        raise InvalidInput(fields={"snapshot": "Solo los archivos de productos (aportes, "
                                               "ahorros, plazo fijo, préstamos y CTS) pueden "
                                               "ser una foto completa."})
    return ImportStart(kind=kind, snapshot=snapshot)
