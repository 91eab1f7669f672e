"""How long a case has waited, and when it is overdue (domain.shared.waiting)."""

from datetime import UTC, datetime, timedelta

from chalicelib.domain.shared.waiting import (
    is_overdue,
    overdue_cutoff,
    waited_label,
    waited_minutes,
)

SINCE = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def test_waiting_is_never_negative_when_the_clocks_disagree_a_little():
    assert waited_minutes(SINCE, SINCE - timedelta(seconds=30)) == 0


def test_a_case_is_overdue_from_the_stated_hour_on():
    assert not is_overdue(SINCE, SINCE + timedelta(hours=47, minutes=59), 48)
    assert is_overdue(SINCE, SINCE + timedelta(hours=48), 48)


def test_the_cutoff_agrees_with_is_overdue():
    now = SINCE + timedelta(days=3)
    cutoff = overdue_cutoff(now, 48)
    assert is_overdue(cutoff, now, 48)
    assert not is_overdue(cutoff + timedelta(seconds=1), now, 48)


def test_labels_grow_from_minutes_to_hours_to_days():
    assert waited_label(SINCE, SINCE + timedelta(minutes=35)) == "35 min"
    assert waited_label(SINCE, SINCE + timedelta(hours=5, minutes=59)) == "5 h"
    assert waited_label(SINCE, SINCE + timedelta(hours=47)) == "47 h"
    assert waited_label(SINCE, SINCE + timedelta(days=3, hours=2)) == "3 d"
