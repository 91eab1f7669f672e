"""Only CloudFront's secret header lets a request in (domain/shared/edge.py)."""

from __future__ import annotations

import pytest

from chalicelib.domain.shared.edge import came_through_edge

SECRET = "Zq8Rk2mVt5Lw9Xc3Hb7Nf1Pd6Gs4Jy0A"


def test_the_secret_header_passes() -> None:
    assert came_through_edge(SECRET, SECRET)


@pytest.mark.parametrize("presented", [None, "", SECRET[:-1], SECRET + "x", SECRET.lower(),
                                       f" {SECRET}", "ñandú-secreto", "\x00"])
def test_anything_else_is_refused_without_raising(presented: str | None) -> None:
    assert not came_through_edge(presented, SECRET)


@pytest.mark.parametrize("presented", [None, "", "anything"])
def test_without_a_configured_secret_nothing_passes(presented: str | None) -> None:
    assert not came_through_edge(presented, "")
