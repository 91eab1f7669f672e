"""The report request, parsed at the HTTP edge into a typed ``ReportRequest`` (defined in
``domain.reports.reports``, whose documents read its period); bad input is a 400 naming each
field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib.domain.reports import reports as rules
from chalicelib.domain.reports import verification
from chalicelib.domain.reports.reports import ReportRequest
from chalicelib.domain.shared import errors


def parse_report_request(data: Mapping[str, Any], today: date) -> ReportRequest:
    """``today`` is Lima's: no period may end after it. The simulation inputs stay as sent;
    credit's own parser checks them when the simulation is recomputed."""
    return rules.parse_request(data, today)


@dataclass(frozen=True)
class VerifyRequest:
    code: str
    """Canonical: 16 base32 characters, upper case, no hyphens."""


def parse_verify_request(data: Mapping[str, Any]) -> VerifyRequest:
    """``{"code": "ABCD-EFGH-JKLM-NPQR"}`` (any case, hyphens or spaces optional); anything that
    cannot be a code is a 400 before any lookup."""
    value = data.get("code")
    if not isinstance(value, str) or not value.strip():
        raise errors.InvalidInput("Escribe el código de verificación.",
                                  fields={"code": "Escribe el código impreso en el documento."})
    code = verification.canonical_code(value) if len(value) <= verification.MAX_CODE_INPUT \
        else None
    if code is None:
        raise errors.InvalidInput(
            "El código no tiene el formato esperado.",
            fields={"code": "El código tiene 16 letras y números, como ABCD-EFGH-JKLM-NPQR."})
    return VerifyRequest(code=code)
