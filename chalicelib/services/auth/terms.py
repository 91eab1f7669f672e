"""The public terms of use (manual 2.4.11 D), as accepted at registration."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.auth.terms import (
    TERMS_CLAUSES,
    TERMS_INTRO,
    TERMS_TITLE,
    TERMS_UPDATED,
    TERMS_VERSION,
    terms_text,
)


def terms_of_use() -> dict[str, Any]:
    """``GET /api/auth/terms``: the current version with its clauses."""
    return {"version": TERMS_VERSION, "updated": TERMS_UPDATED, "title": TERMS_TITLE,
            "text": terms_text(), "intro": TERMS_INTRO,
            "clauses": [{"title": title, "text": text} for title, text in TERMS_CLAUSES]}
