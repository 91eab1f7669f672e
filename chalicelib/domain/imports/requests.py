"""The admin's request to start an import (``POST /api/admin/imports``), parsed at the HTTP
edge: the kind of core-system file it will upload."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.imports.kinds import IMPORT_KINDS
from chalicelib.domain.shared.errors import InvalidInput


@dataclass(frozen=True)
class ImportStart:
    kind: str
    """One of ``IMPORT_KINDS``."""


def parse_import_start(data: Mapping[str, Any]) -> ImportStart:
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in IMPORT_KINDS:
        raise InvalidInput(fields={"kind": "Tipo de archivo desconocido. Usa uno de: "
                                           + ", ".join(sorted(IMPORT_KINDS)) + "."})
    return ImportStart(kind=kind)
