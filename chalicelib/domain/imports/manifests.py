"""What the last import of a kind wrote, so the next one writes only what changed
(docs/imports.md, "Writing only what changed").

Every item an import would write has a fingerprint: a hash of exactly the attributes that would
be stored (keys included), so an unchanged row has the same fingerprint as the item already in
the table, and any change of the row, or of how the code stores it, makes a new one. A run keeps
its kind's fingerprints in a manifest (an S3 object per table and kind); the next run compares
with it and skips an item whose fingerprint is there: no write and no read.

A manifest may only claim what the table holds. So a run first marks the manifest ``writing``
(nothing to compare with for anyone else) and publishes its own fingerprints, ``clean``, only
at the very end and only if no other run of the kind touched the manifest meanwhile. A run killed
mid-file leaves ``writing``: the next run compares with nothing and writes every row. A run that
starts while another may still be writing (``busy_until`` not past) is concurrent: both runs'
rows interleave, so neither publishes, and the first run after ``busy_until`` writes everything
and publishes again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

FORMAT = 1
FINGERPRINT_BYTES = 16
"""128 bits of SHA-256: a changed item keeping its fingerprint is out of the question."""
CLEAN = "clean"
WRITING = "writing"
RUN_LIFETIME = timedelta(minutes=15)
"""No worker lives longer: Lambda's hard limit (the import worker's own is 5 minutes), and SQS
hands a message out again only after its 30-minute visibility timeout."""


def fingerprint(attributes: Mapping[str, Any]) -> bytes:
    """The fingerprint of an item as stored (DynamoDB's typed attributes, keys included)."""
    canonical = json.dumps(attributes, sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).digest()[:FINGERPRINT_BYTES]


@dataclass(frozen=True)
class Manifest:
    state: str
    table: str
    """The table it describes, with its creation time: a recreated or restored table (or
    another stage's, or a test's) never matches."""
    run: str
    busy_until: str = ""
    """``writing``: until when the runs that wrote it may still be writing (ISO instant)."""
    fingerprints: frozenset[bytes] = field(default_factory=frozenset)

    def encode(self) -> bytes:
        header = {"format": FORMAT, "state": self.state, "table": self.table, "run": self.run,
                  "busy_until": self.busy_until, "count": len(self.fingerprints)}
        return (json.dumps(header, sort_keys=True).encode() + b"\n"
                + b"".join(sorted(self.fingerprints)))


def decode(body: bytes) -> Manifest | None:
    """None for anything this code did not write whole (another format, a truncated body)."""
    head, newline, rest = body.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError:
        return None
    if not newline or not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    count = header.get("count")
    if not isinstance(count, int) or len(rest) != count * FINGERPRINT_BYTES:
        return None
    prints = frozenset(rest[i:i + FINGERPRINT_BYTES]
                       for i in range(0, len(rest), FINGERPRINT_BYTES))
    return Manifest(state=str(header.get("state")), table=str(header.get("table")),
                    run=str(header.get("run")), busy_until=str(header.get("busy_until") or ""),
                    fingerprints=prints)


def _busy_until(previous: Manifest | None, table: str) -> datetime | None:
    """Until when another run may be writing this table's kind; None when no run is."""
    if previous is None or previous.table != table or previous.state != WRITING:
        return None
    try:
        return datetime.fromisoformat(previous.busy_until)
    except ValueError:
        return datetime.max.replace(tzinfo=UTC)  # unreadable: assume someone still is


def _busy(previous: Manifest | None, table: str, now: datetime) -> bool:
    until = _busy_until(previous, table)
    return until is not None and now < until


def comparable(previous: Manifest | None, table: str) -> frozenset[bytes]:
    """What a run may skip by: a clean manifest of this very table, else nothing."""
    if previous is None or previous.table != table or previous.state != CLEAN:
        return frozenset()
    return previous.fingerprints


def concurrent(previous: Manifest | None, table: str, now: datetime) -> bool:
    """Another run of the kind may be writing right now: this one must not publish."""
    return _busy(previous, table, now)


def writing(previous: Manifest | None, table: str, run: str, now: datetime) -> Manifest:
    """The mark a run puts before its first write; it keeps covering a concurrent run."""
    until = max(now + RUN_LIFETIME, _busy_until(previous, table) or now)
    return Manifest(state=WRITING, table=table, run=run, busy_until=until.isoformat())


def published(table: str, run: str, confirmed: Iterable[bytes]) -> Manifest:
    """The manifest a run leaves when it ends: the items it wrote or found unchanged."""
    return Manifest(state=CLEAN, table=table, run=run, fingerprints=frozenset(confirmed))
