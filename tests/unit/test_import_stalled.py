"""An import that can no longer finish by itself is shown as ``stalled``
(domain/imports/kinds.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.imports.kinds import STALLED_AFTER, shown_status

CREATED = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize("status", ["pending", "processing"])
def test_an_unfinished_run_stalls_only_after_three_hours(status: str) -> None:
    assert timedelta(hours=3) == STALLED_AFTER
    assert shown_status(status, CREATED, CREATED + STALLED_AFTER) == status
    assert shown_status(status, CREATED, CREATED + STALLED_AFTER + timedelta(seconds=1)) \
        == "stalled"


@pytest.mark.parametrize("status", ["completed", "failed"])
def test_a_finished_run_keeps_its_status_forever(status: str) -> None:
    assert shown_status(status, CREATED, CREATED + timedelta(days=400)) == status
