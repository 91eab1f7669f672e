"""Verification records of issued PDFs (``report_verifications`` table, keyed by the code's
SHA-256): one PutItem when a PDF is issued, one GetItem per public check."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist

from chalicelib.domain.reports.verification import VerificationRecord
from chalicelib.domain.shared.clock import iso_instant
from chalicelib.store.shared.models import ReportVerificationModel as Item


def save(record: VerificationRecord) -> None:
    """Conditional on a new key: a code is never reused, even by a 1 in 2^80 collision."""
    Item(code_hash=record.code_hash, kind=record.kind, title=record.title,
         issued_at=iso_instant(record.issued_at), holder_name=record.holder_name,
         holder_dni=record.holder_dni, sha256=record.sha256, object_key=record.object_key,
         report_id=record.report_id, period=record.period).save(
             condition=Item.code_hash.does_not_exist())


def find(code_hash: str) -> VerificationRecord | None:
    """GetItem on ``code_hash``."""
    try:
        item = Item.get(code_hash)
    except DoesNotExist:
        return None
    return VerificationRecord(
        code_hash=item.code_hash, kind=item.kind, title=item.title,
        issued_at=datetime.fromisoformat(item.issued_at.replace("Z", "+00:00")),
        holder_name=item.holder_name, holder_dni=item.holder_dni, sha256=item.sha256,
        object_key=item.object_key, report_id=item.report_id, period=item.period)
