"""The rule for days (docs/time.md): instants in UTC, every day a person sees is Lima's."""

from __future__ import annotations

from datetime import UTC, date, datetime

from chalicelib.domain.admin.users import parse_audit_filter
from chalicelib.domain.shared import clock


def test_lima_s_today_is_still_the_last_day_of_the_month_when_utc_is_already_the_next():
    assert clock.lima_today(datetime(2027, 1, 1, 4, 30, tzinfo=UTC)) == date(2026, 12, 31)
    assert clock.lima_today(datetime(2027, 1, 1, 5, 0, tzinfo=UTC)) == date(2027, 1, 1)


def test_a_lima_day_begins_at_five_in_the_morning_utc():
    assert clock.lima_day_start(date(2026, 11, 30)) == datetime(2026, 11, 30, 5, tzinfo=UTC)


def test_a_span_of_lima_days_ends_where_the_day_after_the_last_begins():
    start, end = clock.lima_days_span(date(2026, 11, 29), date(2026, 11, 30))
    assert (start, end) == (datetime(2026, 11, 29, 5, tzinfo=UTC),
                            datetime(2026, 12, 1, 5, tzinfo=UTC))


def test_one_lima_day_touches_two_utc_days():
    span = clock.lima_days_span(date(2026, 11, 30), date(2026, 11, 30))
    assert clock.utc_days_touched(*span) == [date(2026, 11, 30), date(2026, 12, 1)]


def test_a_span_ending_exactly_at_utc_midnight_does_not_touch_the_next_utc_day():
    touched = clock.utc_days_touched(datetime(2026, 11, 30, 5, tzinfo=UTC),
                                     datetime(2026, 12, 1, tzinfo=UTC))
    assert touched == [date(2026, 11, 30)]


def test_the_audit_viewer_reads_one_utc_partition_more_than_the_lima_days_asked():
    wanted = parse_audit_filter({"from": "2026-11-29", "to": "2026-11-30"}, date(2026, 12, 2))
    assert clock.utc_days_touched(*wanted.instant_span()) == [
        date(2026, 11, 29), date(2026, 11, 30), date(2026, 12, 1)]


def test_the_calendar_s_last_day_is_a_valid_audit_filter_not_an_overflow():
    wanted = parse_audit_filter({"from": "9999-12-31", "to": "9999-12-31"}, date(2026, 12, 2))
    start, end = wanted.instant_span()
    assert (start, end) == (datetime(9999, 12, 31, 5, tzinfo=UTC),
                            datetime.max.replace(tzinfo=UTC))
    assert parse_audit_filter({"to": "0001-01-01"}, date(2026, 12, 2)).instant_span()[0] == \
        datetime(1, 1, 1, 5, tzinfo=UTC)
