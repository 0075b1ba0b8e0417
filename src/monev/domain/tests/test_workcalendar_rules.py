"""RULES §9: working time for SOP deadlines — worked examples 11–15 and properties."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monev.domain.holidays_id import national_holidays
from monev.domain.workcalendar import (
    TimeUnit,
    WorkCalendar,
    add_working_time,
    is_working_moment,
    next_working_moment,
    working_minutes_between,
)

WITA = ZoneInfo("Asia/Makassar")
HOLIDAYS_2026 = frozenset(national_holidays([2026]))
CALENDAR = WorkCalendar(days_off=HOLIDAYS_2026)


def wita(*args: int) -> datetime:
    return datetime(*args, tzinfo=WITA)


@pytest.mark.parametrize(
    ("example", "days_off", "start", "value", "unit", "due"),
    [
        (11, (), wita(2026, 3, 18, 10, 0), 2, "hari", wita(2026, 3, 23, 10, 0)),
        (
            12,
            (date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24)),
            wita(2026, 3, 18, 10, 0),
            2,
            "hari",
            wita(2026, 3, 26, 10, 0),
        ),
        (13, (), wita(2026, 8, 14, 15, 30), 3, "jam", wita(2026, 8, 18, 10, 0)),
        (14, (), wita(2026, 11, 28, 9, 0), 15, "menit", wita(2026, 11, 30, 7, 45)),
        (15, (), wita(2026, 5, 25, 9, 0), 1, "minggu", wita(2026, 6, 3, 9, 0)),
    ],
)
def test_rules_worked_examples_11_to_15(
    example: int, days_off: tuple[date, ...], start: datetime, value: int, unit: str, due: datetime
) -> None:
    calendar = WorkCalendar(days_off=HOLIDAYS_2026 | frozenset(days_off))
    assert add_working_time(calendar, start, value, TimeUnit(unit)) == due, f"example {example}"


def test_the_library_knows_the_holidays_the_examples_rely_on() -> None:
    for day in (date(2026, 3, 19), date(2026, 8, 17), date(2026, 5, 27), date(2026, 6, 1)):
        assert day in HOLIDAYS_2026


def test_a_start_outside_working_time_moves_to_the_next_working_moment() -> None:
    assert next_working_moment(CALENDAR, wita(2026, 11, 27, 16, 0)) == wita(2026, 11, 30, 7, 30)
    assert next_working_moment(CALENDAR, wita(2026, 11, 27, 6, 0)) == wita(2026, 11, 27, 7, 30)
    assert next_working_moment(CALENDAR, wita(2026, 11, 27, 12, 0)) == wita(2026, 11, 27, 12, 0)


def test_minutes_that_fill_a_day_end_at_its_close() -> None:
    assert add_working_time(CALENDAR, wita(2026, 11, 27, 15, 0), 60, "menit") == wita(
        2026, 11, 27, 16, 0
    )


def test_working_minutes_skip_nights_weekends_and_holidays() -> None:
    assert (
        working_minutes_between(CALENDAR, wita(2026, 8, 14, 15, 30), wita(2026, 8, 18, 10, 0))
        == 180
    )
    assert working_minutes_between(CALENDAR, wita(2026, 8, 18, 10, 0), wita(2026, 8, 14, 9, 0)) == 0


def test_an_instant_in_utc_is_read_in_the_calendars_time_zone() -> None:
    utc = datetime(2026, 3, 18, 2, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 WITA
    assert add_working_time(CALENDAR, utc, 2, "hari") == wita(2026, 3, 23, 10, 0)


moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 20), timezones=st.just(WITA)
)
units = st.sampled_from(list(TimeUnit))


@settings(max_examples=200, deadline=None)
@given(start=moments, value=st.integers(min_value=1, max_value=40), unit=units)
def test_a_due_time_is_always_working_time_or_the_close_of_a_working_day(
    start: datetime, value: int, unit: TimeUnit
) -> None:
    due = add_working_time(CALENDAR, start, value, unit)
    closes = due.timetz().replace(tzinfo=None) == CALENDAR.day_end
    assert is_working_moment(CALENDAR, due) or (closes and CALENDAR.is_working_day(due.date()))
    assert due > start


@settings(max_examples=200, deadline=None)
@given(start=moments, value=st.integers(min_value=0, max_value=30), unit=units)
def test_adding_more_never_gives_an_earlier_due_time(
    start: datetime, value: int, unit: TimeUnit
) -> None:
    assert add_working_time(CALENDAR, start, value + 1, unit) >= add_working_time(
        CALENDAR, start, value, unit
    )


@settings(max_examples=100, deadline=None)
@given(start=moments, value=st.integers(min_value=1, max_value=600))
def test_menit_deadlines_use_exactly_that_much_working_time(start: datetime, value: int) -> None:
    due = add_working_time(CALENDAR, start, value, TimeUnit.MENIT)
    assert working_minutes_between(CALENDAR, start, due) == value
    assert due - next_working_moment(CALENDAR, start) >= timedelta(minutes=value)
