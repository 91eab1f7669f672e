"""The public check of a PDF report (``POST /api/reports/verify``): its code, the record kept
when the PDF is issued and what a third party may learn from it.

The code printed on each PDF is 80 random bits (``secrets``) in RFC 4648 base32, grouped in fours
(``ABCD-EFGH-JKLM-NPQR``): nothing in it derives from the member or the content, so it cannot be
guessed, and the per-address throttle bounds how many guesses a client may make. The store keys
the record by the code's SHA-256, never by the code itself, and audits name that hash's prefix, so
neither a table dump nor the audit log hands out a code someone could replay. The answer names the
document, the instant it was issued, its holder masked, the period a movements report covers and
the issued file's SHA-256 — nothing else about the member.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.domain.shared.clock import LIMA, iso_instant

CODE_BYTES = 10
"""80 random bits: 16 base32 characters."""
CODE_LENGTH = 16
_CODE_TEXT = re.compile(r"^[A-Z2-7]{16}$")
_SEPARATORS = re.compile(r"[\s-]+")
MAX_CODE_INPUT = 64
AUDIT_REF_LENGTH = 16
NOT_FOUND_MESSAGE = "No encontramos un documento emitido con ese código. Revisa que esté completo."


def new_code() -> str:
    """A fresh code as printed: ``ABCD-EFGH-JKLM-NPQR``."""
    text = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")
    return "-".join(text[index:index + 4] for index in range(0, CODE_LENGTH, 4))


def canonical_code(text: str) -> str | None:
    """The code as typed (any case, with or without hyphens or spaces) in its stored form, or
    ``None`` when it cannot be a code."""
    plain = _SEPARATORS.sub("", text).upper()
    return plain if _CODE_TEXT.match(plain) else None


def code_hash(code: str) -> str:
    """The record's key: SHA-256 of the canonical code."""
    canonical = canonical_code(code) or code
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def audit_reference(code: str) -> str:
    """What audit records name: enough to match a check with its issue, useless to replay."""
    return code_hash(code)[:AUDIT_REF_LENGTH]


def mask_name(name: str) -> str:
    """«María Elena Quispe Rojas» → «M*** E*** Q*** R***»: each word's initial only."""
    words = [word for word in name.split() if word != "-"]
    return " ".join(f"{word[0].upper()}***" for word in words) or "***"


def mask_dni(dni: str) -> str:
    """«40005678» → «****5678»: the last four digits, which identify among the holder's papers
    without disclosing the document number."""
    return f"****{dni[-4:]}" if len(dni) > 4 else "****"


@dataclass(frozen=True)
class VerificationRecord:
    code_hash: str
    kind: str
    title: str
    issued_at: datetime
    holder_name: str
    """Already masked: the record never holds the member's name or DNI in clear."""
    holder_dni: str
    sha256: str
    object_key: str
    report_id: str
    period: str | None = None
    """The period a movements report covers, as printed («Del 01/10/2026 al 25/11/2026»);
    ``None`` for a loan schedule or a simulation (and for records issued before periods were
    kept)."""


def new_record(code: str, *, kind: str, title: str, issued_at: datetime, member_name: str,
               dni: str, sha256: str, object_key: str, report_id: str,
               period: str | None = None) -> VerificationRecord:
    return VerificationRecord(code_hash=code_hash(code), kind=kind, title=title,
                              issued_at=issued_at, holder_name=mask_name(member_name),
                              holder_dni=mask_dni(dni), sha256=sha256, object_key=object_key,
                              report_id=report_id, period=period)


def verification_answer(record: VerificationRecord) -> dict[str, Any]:
    """The public answer: no object key, no report id, no member data beyond the masks."""
    return {"kind": record.kind, "kind_label": record.title,
            "issued_at": iso_instant(record.issued_at),
            "issued_at_lima": record.issued_at.astimezone(LIMA).strftime("%d/%m/%Y %H:%M"),
            "holder": {"name": record.holder_name, "dni": record.holder_dni},
            "period": record.period, "sha256": record.sha256}


def check_url(site_url: str, code: str) -> str:
    """The public page that checks ``code``, as printed on the PDF."""
    return f"{site_url.rstrip('/')}/verificar?codigo={code}"
