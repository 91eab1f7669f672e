"""The published versions of the terms of use (``TermsVersionModel``, docs/data-model.md).

The pointer is one GetItem (each member's request asks which version is in force); the history
one Query, newest first; publishing one transaction: the version put only if new, the pointer
put only if it is still the one read (two admins publishing at once: one gets a 409)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.domain.auth.terms_versions import Publication, TermsPointer, version_key
from chalicelib.domain.shared.errors import Conflict
from chalicelib.store.shared import aws
from chalicelib.store.shared.daily_quotas import failed_at
from chalicelib.store.shared.models import TermsVersionModel

BOOK = "terms"
POINTER_BOOK, POINTER_KEY = "terms#current", "-"
HISTORY_LIMIT = 100
"""A new version a few times a year: one page holds decades of them."""


def pointer() -> TermsPointer | None:
    """Eventually consistent (half a read unit): a version published a second ago may let one
    more request through, never a wrong one."""
    try:
        item = TermsVersionModel.get(POINTER_BOOK, POINTER_KEY)
    except TermsVersionModel.DoesNotExist:
        return None
    return TermsPointer(latest=item.latest or "", in_force_before=item.in_force_before or "",
                        effective_on=date.fromisoformat(item.effective_on or ""))


def history() -> list[dict[str, Any]]:
    """The published versions, newest first (without the manual's 1.0)."""
    items = TermsVersionModel.query(BOOK, scan_index_forward=False, limit=HISTORY_LIMIT)
    return [_view(item) for item in items]


def get(version: str) -> dict[str, Any] | None:
    try:
        return _view(TermsVersionModel.get(BOOK, version_key(version)))
    except TermsVersionModel.DoesNotExist:
        return None


def _view(item: TermsVersionModel) -> dict[str, Any]:
    return {"version": item.version, "effective_on": item.effective_on, "summary": item.summary,
            "text": item.text, "published_at": item.published_at,
            "published_by": item.published_by}


def publish(publication: Publication, read: TermsPointer | None, new_pointer: TermsPointer,
            *, published_at: str, published_by: str) -> None:
    version = TermsVersionModel(
        BOOK, version_key(publication.version), version=publication.version,
        effective_on=publication.effective_on.isoformat(), summary=publication.summary,
        text=publication.text, published_at=published_at, published_by=published_by)
    current = TermsVersionModel(POINTER_BOOK, POINTER_KEY, latest=new_pointer.latest,
                                effective_on=new_pointer.effective_on.isoformat(),
                                in_force_before=new_pointer.in_force_before)
    unchanged = (TermsVersionModel.book.does_not_exist() if read is None
                 else TermsVersionModel.latest == read.latest)
    try:
        with TransactWrite(connection=aws.transactions()) as transaction:
            transaction.save(version, condition=TermsVersionModel.book.does_not_exist())
            transaction.save(current, condition=unchanged)
    except TransactWriteError as error:
        if failed_at(error, 0):
            raise Conflict(f"La versión {publication.version} ya fue publicada y no se puede "
                           "modificar.", code="terms_version_exists") from error
        raise Conflict("Otra persona publicó una versión al mismo tiempo. Vuelve a cargar la "
                       "lista.", code="concurrent_update") from error
