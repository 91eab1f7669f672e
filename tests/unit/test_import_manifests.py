"""The rules of writing only what changed: item fingerprints, the manifest's encoding, and which
manifest a run may compare with or publish over (chalicelib/domain/imports/manifests.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain.imports import manifests
from chalicelib.domain.imports.manifests import CLEAN, WRITING, Manifest

TABLE = "coopac-test-member_products@2026-11-25 10:00:00+00:00"
NOW = datetime(2026, 11, 25, 23, 0, tzinfo=UTC)
ITEM = {"dni": {"S": "40000001"}, "item_key": {"S": "MOV#2026-11-24#A-1"},
        "data": {"S": '{"amount": "50.00"}'}}


def test_the_same_item_has_the_same_fingerprint_whatever_the_attribute_order() -> None:
    reordered = dict(reversed(list(ITEM.items())))
    assert manifests.fingerprint(reordered) == manifests.fingerprint(ITEM)
    assert len(manifests.fingerprint(ITEM)) == manifests.FINGERPRINT_BYTES


def test_any_change_of_a_value_a_key_or_an_attribute_changes_the_fingerprint() -> None:
    original = manifests.fingerprint(ITEM)
    changes = [
        {**ITEM, "data": {"S": '{"amount": "50.01"}'}},
        {**ITEM, "dni": {"S": "40000002"}},
        {**ITEM, "item_key": {"S": "MOV#2026-11-25#A-1"}},
        {**ITEM, "open_kind": {"S": "savings#1"}},
        {key: value for key, value in ITEM.items() if key != "data"},
    ]
    assert all(manifests.fingerprint(changed) != original for changed in changes)
    assert len({manifests.fingerprint(changed) for changed in changes}) == len(changes)


def test_a_manifest_reads_back_as_written() -> None:
    prints = frozenset(manifests.fingerprint({**ITEM, "n": {"N": str(n)}}) for n in range(50))
    manifest = Manifest(CLEAN, TABLE, "import-1/v1", "", prints)
    assert manifests.decode(manifest.encode()) == manifest
    empty = Manifest(WRITING, TABLE, "import-2/v1", NOW.isoformat())
    assert manifests.decode(empty.encode()) == empty


def test_a_body_this_code_did_not_write_whole_is_no_manifest() -> None:
    body = Manifest(CLEAN, TABLE, "import-1/v1", "",
                    frozenset({manifests.fingerprint(ITEM)})).encode()
    assert manifests.decode(body[:-1]) is None  # truncated
    assert manifests.decode(body.replace(b'"format": 1', b'"format": 2')) is None
    assert manifests.decode(b"") is None
    assert manifests.decode(b"not json\n") is None


def test_a_run_compares_only_with_a_clean_manifest_of_the_same_table() -> None:
    prints = frozenset({manifests.fingerprint(ITEM)})
    clean = Manifest(CLEAN, TABLE, "import-1/v1", "", prints)
    assert manifests.comparable(clean, TABLE) == prints
    assert manifests.comparable(None, TABLE) == frozenset()
    assert manifests.comparable(clean, "coopac-test-member_products@restored") == frozenset()
    writing = Manifest(WRITING, TABLE, "import-1/v1", (NOW - timedelta(days=1)).isoformat())
    assert manifests.comparable(writing, TABLE) == frozenset(), "a run died: nothing is known"


def test_a_run_that_starts_while_another_may_be_writing_is_concurrent() -> None:
    mark = manifests.writing(None, TABLE, "import-1/v1", NOW)
    assert (mark.state, mark.run, mark.fingerprints) == (WRITING, "import-1/v1", frozenset())
    assert mark.busy_until == (NOW + manifests.RUN_LIFETIME).isoformat()
    assert manifests.concurrent(mark, TABLE, NOW + timedelta(minutes=5))
    assert not manifests.concurrent(mark, TABLE, NOW + manifests.RUN_LIFETIME)
    assert not manifests.concurrent(mark, "another-table@1", NOW)
    clean = Manifest(CLEAN, TABLE, "import-1/v1", "", frozenset())
    assert not manifests.concurrent(clean, TABLE, NOW)


def test_a_concurrent_runs_mark_keeps_covering_the_run_it_met() -> None:
    first = manifests.writing(None, TABLE, "import-1/v1", NOW)
    later = NOW + timedelta(minutes=10)
    second = manifests.writing(first, TABLE, "import-2/v1", later)
    assert second.busy_until == (later + manifests.RUN_LIFETIME).isoformat()
    long_mark = Manifest(WRITING, TABLE, "x", (NOW + timedelta(hours=2)).isoformat())
    assert manifests.writing(long_mark, TABLE, "y", NOW).busy_until == long_mark.busy_until
    unreadable = Manifest(WRITING, TABLE, "x", "someday")
    assert manifests.concurrent(unreadable, TABLE, NOW)


def test_a_published_manifest_holds_what_the_run_confirmed() -> None:
    prints = [manifests.fingerprint({**ITEM, "n": {"N": str(n)}}) for n in range(3)]
    published = manifests.published(TABLE, "import-3/v1", prints)
    assert (published.state, published.table, published.fingerprints) == (
        CLEAN, TABLE, frozenset(prints))
