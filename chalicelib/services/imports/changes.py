"""Writing only what changed since the last import of a kind (docs/imports.md, "Writing only
what changed"; the rules are ``domain.imports.manifests``).

``begin`` reads the kind's manifest and marks it ``writing`` before the run's first write;
``finish`` publishes the run's fingerprints once every row, and the snapshot's closing, is
written. A run that dies between the two leaves the mark, never a manifest that claims rows it
did not write; a run that started while another may have been writing publishes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from chalicelib.domain.imports import manifests as rules
from chalicelib.domain.shared.clock import utc_now
from chalicelib.store.imports import manifests, written

logger = logging.getLogger(__name__)

MARK_ATTEMPTS = 3


@dataclass
class Changes:
    """One run's view of its kind's manifest."""

    kind: str
    table: str
    run: str
    previous: frozenset[bytes]
    """The fingerprints of the items the last run left; an item among them is not written."""
    mark_etag: str | None
    """The ``writing`` mark this run put; None when it may not publish (a concurrent run)."""
    confirmed: set[bytes] = field(default_factory=set)
    written: int = 0

    def unchanged(self, fingerprint: bytes) -> bool:
        """Whether the stored item is already this one (then it is the run's too)."""
        if fingerprint not in self.previous:
            return False
        self.confirmed.add(fingerprint)
        return True

    def wrote(self, fingerprints: Sequence[bytes]) -> None:
        """Items just written: only now may the manifest claim them."""
        self.confirmed.update(fingerprints)
        self.written += len(fingerprints)


def begin(kind: str, run: str) -> Changes:
    """Read the manifest and put this run's ``writing`` mark over it (conditional on the version
    read; a race with another run's mark is read again, and then seen as concurrent)."""
    table = written.table_of(kind)
    for _ in range(MARK_ATTEMPTS):
        stored = manifests.read(table, kind)
        previous = rules.decode(stored.body) if stored.body is not None else None
        now = utc_now()
        mark = rules.writing(previous, table, run, now)
        etag = manifests.replace(table, kind, mark.encode(), read_etag=stored.etag)
        if etag is None:
            continue
        if rules.concurrent(previous, table, now):
            logger.warning("import %s of %s: another run may be writing (%s); every row is "
                           "written and no manifest is published", run, kind,
                           previous.run if previous else "-")
            return Changes(kind, table, run, frozenset(), None)
        return Changes(kind, table, run, rules.comparable(previous, table), etag)
    logger.warning("import %s of %s: the manifest kept changing; every row is written", run, kind)
    return Changes(kind, table, run, frozenset(), None)


def finish(changes: Changes, *, wrote_nothing: bool) -> None:
    """Publish what the table now holds for the kind: the run's items, or, when it wrote no
    row at all (a refused file), the previous manifest again. Only over the run's own mark."""
    if changes.mark_etag is None:
        return
    kept = changes.previous if wrote_nothing else changes.confirmed
    body = rules.published(changes.table, changes.run, kept).encode()
    if manifests.replace(changes.table, changes.kind, body, read_etag=changes.mark_etag) is None:
        logger.warning("import %s of %s: another run marked the manifest meanwhile; not "
                       "published", changes.run, changes.kind)
