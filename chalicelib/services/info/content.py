"""Use cases of the public content: the two public pages' data and an admin's edit of each.

«Tasas y tarifas» joins the credit catalogue as it is (the products' TEA, insurance rate and
limits: the one copy of those figures is the ``credit_products`` table) with the savings and
deposit rates and fees an admin keeps here; «Contacto» is the agencies. Each edit is written on
the version the admin read and audited with the lists it changed.
"""

from __future__ import annotations

from typing import Any

from chalicelib.domain.credit.products import CatalogueEntry
from chalicelib.domain.info import public_content as rules
from chalicelib.domain.info.public_content import ContentDocument, ContentRequest
from chalicelib.domain.shared.clock import iso_instant, utc_now
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.shared import audit
from chalicelib.store.credit import credit as credit_store
from chalicelib.store.info import content as store
from chalicelib.store.shared import conflicts


def _document_view(content_id: str, document: ContentDocument | None) -> dict[str, Any]:
    data = document.data if document is not None else rules.EMPTY_DOCUMENTS[content_id]
    return {**data, "version": document.version if document is not None else 0,
            "updated_at": document.updated_at if document is not None else None}


def _credit_view(entry: CatalogueEntry) -> dict[str, Any]:
    product = entry.product
    shown = product.as_dict()
    return {**{key: shown[key] for key in ("code", "name", "tea", "insurance_monthly_rate",
                                           "min_amount", "max_amount")},
            "min_term_months": min(product.terms_months),
            "max_term_months": max(product.terms_months),
            "terms_months": list(product.terms_months)}


def rates_page(saved: ContentDocument | None = None) -> dict[str, Any]:
    """``GET /api/info/rates``: the active credit products and the kept rates and fees
    (``saved``: the version an admin just wrote, not read back)."""
    entries = [entry for entry in credit_store.catalogue_entries() if entry.product.active]
    kept = _document_view(rules.RATES, saved or store.document(rules.RATES))
    dates = [entry.updated_at for entry in entries if entry.updated_at]
    return {"credit_products": [_credit_view(entry) for entry in entries],
            "credit_updated_at": max(dates) if dates else None,
            "groups": [rules.rate_group_view(group) for group in rules.RATE_GROUPS],
            **kept}


def contact_page() -> dict[str, Any]:
    """``GET /api/info/contact``: the agencies."""
    return _document_view(rules.CONTACT, store.document(rules.CONTACT))


def save(principal: Principal, request: ContentRequest,
         context: RequestContext) -> dict[str, Any]:
    """An admin's new version of one document, on the version read (409 when it moved)."""
    current = store.document(request.content_id, consistent=True)
    current_version = current.version if current is not None else 0
    if request.expected_version is not None and request.expected_version != current_version:
        raise conflicts.concurrent_update()
    saved = store.save(request.content_id, request.data,
                       read_version=current.version if current is not None else None,
                       updated_at=iso_instant(utc_now()), updated_by=principal.user_id)
    changed = rules.changed_keys(current.data if current is not None else {}, request.data)
    if request.content_id == rules.RATES:
        _audit("info.rates_updated", principal, context, saved, changed)
        return rates_page(saved)
    _audit("info.contact_updated", principal, context, saved, changed)
    return _document_view(request.content_id, saved)


def _audit(action: str, principal: Principal, context: RequestContext, saved: ContentDocument,
           changed: str) -> None:
    audit.record(action=action, outcome="success", context=context, principal=principal,
                 target=f"public_content:{saved.content_id}",
                 details={"changed": changed, "version": saved.version})
