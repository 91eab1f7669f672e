"""The terms of use: the version in force (public), the versions an admin publishes and a
member's acceptance of the version in force (issue 18). Version 1.0 is the manual's text
(``domain.auth.terms``); later ones live in ``store.auth.terms_versions``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from chalicelib.domain.auth import terms_versions as rules
from chalicelib.domain.auth.terms import (
    TERMS_CLAUSES,
    TERMS_INTRO,
    TERMS_TITLE,
    TERMS_UPDATED,
)
from chalicelib.domain.shared.clock import iso_instant, lima_today, parse_instant, utc_now
from chalicelib.domain.shared.errors import Conflict, NotAuthenticated
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.shared import audit
from chalicelib.store.auth import terms_versions as store
from chalicelib.store.auth import users


def version_in_force(today: date | None = None) -> str:
    """One GetItem on the pointer: the label members must have accepted."""
    return rules.version_in_force(store.pointer(), today or lima_today())


def version_in_force_at(moment: datetime) -> str:
    """The version shown to someone at ``moment`` (a registration is completed a few seconds
    after the member accepted the terms in the form)."""
    pointer = store.pointer()
    if pointer is not None:
        published = store.get(pointer.latest)
        if published and parse_instant(published["published_at"]) > moment:
            return pointer.in_force_before
    return rules.version_in_force(pointer, lima_today(moment))


def _public_entry(entry: dict[str, Any]) -> dict[str, Any]:
    return {"version": entry["version"], "effective_on": entry["effective_on"],
            "summary": entry["summary"]}


def terms_of_use() -> dict[str, Any]:
    """``GET /api/auth/terms``: the version in force with its text, and every version's date
    and summary (newest first)."""
    in_force = version_in_force()
    published = store.history()
    history = [_public_entry(e) for e in published] + [_public_entry(rules.manual_version_view())]
    upcoming = [e for e in history if rules.is_older(in_force, e["version"])]
    if in_force == rules.MANUAL_VERSION:
        current: dict[str, Any] = {
            **rules.manual_version_view(), "updated": TERMS_UPDATED, "intro": TERMS_INTRO,
            "clauses": [{"title": title, "text": text} for title, text in TERMS_CLAUSES]}
    else:
        entry = next(e for e in published if e["version"] == in_force)
        current = {**entry, "updated": entry["effective_on"], "intro": None, "clauses": []}
    current.pop("published_by", None)
    return {**current, "title": TERMS_TITLE,
            "history": [e for e in history if e not in upcoming],
            "upcoming": upcoming[-1] if upcoming else None}


def versions_for_admin() -> dict[str, Any]:
    """``GET /api/auth/terms/versions``: every version with its text and who published it."""
    published = store.history()
    names = {uid: users.full_name(user)
             for uid, user in users.many({e["published_by"] for e in published}).items()}
    items = [{**e, "published_by_name": names.get(e["published_by"])} for e in published]
    return {"items": [*items, {**rules.manual_version_view(), "published_by_name": None}],
            "in_force": version_in_force()}


def publish(principal: Principal, body: dict[str, Any], context: RequestContext) -> dict[str, Any]:
    """A new version: immutable once published (the same version again is a 409)."""
    today = lima_today()
    publication = rules.parse_publication(body, today)
    read = store.pointer()
    new_pointer = rules.check_publishable(publication, read, today)
    store.publish(publication, read, new_pointer, published_at=iso_instant(utc_now()),
                  published_by=principal.user_id)
    audit.record(action="terms.published", outcome="success", context=context,
                 principal=principal, target=f"terms:{publication.version}",
                 details={"version": publication.version,
                          "effective_on": publication.effective_on.isoformat()})
    return {**(store.get(publication.version) or {}), "published_by_name": None}


def accept(principal: Principal, body: dict[str, Any], context: RequestContext) -> dict[str, Any]:
    """The member accepts the version in force (the one they read: a newer one published
    meanwhile is a 409, and the screen shows it)."""
    version = rules.parse_acceptance(body)
    in_force = version_in_force()
    if rules.parse_version(version) != rules.parse_version(in_force):
        raise Conflict(f"La versión vigente de los términos es la {in_force}. Vuelve a cargar "
                       "la página para leerla.", code="terms_version_changed")
    user = users.get(principal.user_id)
    if user is None:
        raise NotAuthenticated()
    now, previous = iso_instant(utc_now()), user.terms_version
    users.accept_terms(user, in_force, now)
    audit.record(action="terms.accepted", outcome="success", context=context,
                 principal=principal, target=f"user:{principal.user_id}",
                 details={"version": in_force, "previous_version": previous})
    return {"terms_version": in_force, "terms_accepted_at": now, "terms_pending": False}
