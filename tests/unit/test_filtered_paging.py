"""Filtered paged lists (``store.shared.filtered_paging``) over a fake partition that answers as
DynamoDB does: ``Limit`` counts the items read, the filter runs after it, so a call may keep
none. Counts the calls: a page never makes more than ``MAX_READS``."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.store.shared import filtered_paging
from chalicelib.store.shared.paging import Segment

Raw = dict[str, dict[str, str]]


class FakePages:
    """A pynamodb ``PageIterator``: one call per page, ``last_evaluated_key`` after each."""

    def __init__(self, partition: FakePartition, read_size: int, start: Raw | None) -> None:
        self.partition, self.read_size = partition, read_size
        self.last_evaluated_key = start
        self.started = False

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self

    def __next__(self) -> dict[str, Any]:
        if self.started and self.last_evaluated_key is None:
            raise StopIteration
        self.started = True
        self.partition.calls += 1
        names = [raw["k"]["S"] for raw in self.partition.items]
        first = names.index(self.last_evaluated_key["k"]["S"]) + 1 \
            if self.last_evaluated_key else 0
        read = self.partition.items[first:first + self.read_size]
        more = first + self.read_size < len(names)
        self.last_evaluated_key = {"h": read[-1]["h"], "k": read[-1]["k"]} if more else None
        return {"Items": [raw for raw in read if raw["k"]["S"] in self.partition.matches]}


class FakePartition:
    def __init__(self, hash_value: str, names: list[str], matches: set[str]) -> None:
        self.hash_value = hash_value
        self.items = [{"h": {"S": hash_value}, "k": {"S": name}} for name in names]
        self.matches = matches
        self.calls = 0

    def segment(self) -> Segment:
        def run(read_size: int, start: Any) -> Any:
            return type("Results", (), {"page_iter": FakePages(self, read_size, start)})()

        return Segment(name=f"h:{self.hash_value}", hash_attribute="h",
                       hash_value=self.hash_value, key_attributes=frozenset({"h", "k"}), run=run)


def names(page: Any) -> list[str]:
    return [raw["k"]["S"] for raw in page.items]


def cursor_of(page: Any) -> dict[str, Any]:
    raw = page.next_cursor
    return json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))


def read(partitions: list[FakePartition], limit: int, cursor: str | None = None) -> Any:
    return filtered_paging.read_filtered_page([p.segment() for p in partitions], limit, cursor,
                                              lambda raw: raw)


@pytest.fixture
def small_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filtered_paging, "READ_SIZE", 2)
    monkeypatch.setattr(filtered_paging, "MAX_READS", 3)


def test_reads_on_until_the_page_is_full(small_reads: None) -> None:
    members = FakePartition("m", list("abcdef"), {"a", "f"})
    page = read([members], 2)
    assert (names(page), page.next_cursor, members.calls) == (["a", "f"], None, 3)


def test_a_call_that_keeps_more_than_needed_resumes_after_the_last_kept(
        small_reads: None) -> None:
    members = FakePartition("m", list("abcd"), {"a", "b", "d"})
    first = read([members], 1)
    assert names(first) == ["a"]
    assert cursor_of(first) == {"s": "h:m", "k": {"h": {"S": "m"}, "k": {"S": "a"}}}
    rest = read([members], 5, first.next_cursor)
    assert (names(rest), rest.next_cursor) == (["b", "d"], None)


def test_out_of_reads_a_short_or_empty_page_carries_the_cursor_on(small_reads: None) -> None:
    members = FakePartition("m", list("abcdefgh"), {"h"})
    empty = read([members], 5)
    assert (names(empty), members.calls) == ([], 3)
    assert cursor_of(empty)["k"]["k"] == {"S": "f"}
    last = read([members], 5, empty.next_cursor)
    assert (names(last), last.next_cursor) == (["h"], None)


def test_the_reads_are_counted_across_the_partitions_in_turn(small_reads: None) -> None:
    staff = FakePartition("s", list("ab"), {"b"})
    members = FakePartition("m", list("abcdef"), {"e"})
    page = read([staff, members], 5)
    assert names(page) == ["b"] and (staff.calls, members.calls) == (1, 2)
    assert cursor_of(page) == {"s": "h:m", "k": {"h": {"S": "m"}, "k": {"S": "d"}}}
    ended_with_a_partition = read([staff, FakePartition("m", list("ab"), set())], 1)
    assert (names(ended_with_a_partition), cursor_of(ended_with_a_partition)) == (
        ["b"], {"s": "h:m", "k": None})


def test_a_cursor_of_another_partition_is_refused() -> None:
    page = read([FakePartition("m", list("abc"), {"a", "b"})], 1)
    with pytest.raises(InvalidInput):
        read([FakePartition("s", list("abc"), {"a"})], 1, page.next_cursor)
