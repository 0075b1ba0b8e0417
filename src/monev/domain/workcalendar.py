"""Working time for SOP deadlines (RULES §9).

A working day is a weekday of `workdays` that is not in `days_off` (national holidays, cuti
bersama, local days off); working time runs from `day_start` to `day_end` in the calendar's
time zone. Decisions where RULES is silent:

- `menit`/`jam` deadlines that use up a day exactly end at `day_end` of that day (16:00), not
  at 07:30 of the next working day: the work is due by the close of that day.
- `hari` keeps the clock time of the (moved) start; `minggu` is 5 `hari`.
- All results are aware datetimes in the calendar's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class TimeUnit(StrEnum):
    MENIT = "menit"
    JAM = "jam"
    HARI = "hari"
    MINGGU = "minggu"


@dataclass(frozen=True)
class WorkCalendar:
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    day_start: time = time(7, 30)
    day_end: time = time(16, 0)
    tz: str = "Asia/Makassar"
    days_off: frozenset[date] = field(default_factory=frozenset)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.workdays and day not in self.days_off

    def opening(self, day: date) -> datetime:
        return datetime.combine(day, self.day_start, tzinfo=self.zone)

    def closing(self, day: date) -> datetime:
        return datetime.combine(day, self.day_end, tzinfo=self.zone)

    def day_minutes(self) -> int:
        return int((self.closing(date(2000, 1, 3)) - self.opening(date(2000, 1, 3))).seconds // 60)


def _next_working_day(calendar: WorkCalendar, day: date) -> date:
    if not calendar.workdays:
        raise ValueError("Kalender kerja tanpa hari kerja.")
    day += timedelta(days=1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def is_working_moment(calendar: WorkCalendar, moment: datetime) -> bool:
    """Return True when `moment` lies inside working time (day_end itself is outside)."""
    local = moment.astimezone(calendar.zone)
    return (
        calendar.is_working_day(local.date())
        and calendar.day_start <= local.time().replace(tzinfo=None) < calendar.day_end
    )


def next_working_moment(calendar: WorkCalendar, moment: datetime) -> datetime:
    """Return `moment` if it is working time, else the start of the next working time."""
    local = moment.astimezone(calendar.zone)
    day = local.date()
    if calendar.is_working_day(day):
        if local < calendar.opening(day):
            return calendar.opening(day)
        if local < calendar.closing(day):
            return local
    return calendar.opening(_next_working_day(calendar, day))


def add_working_time(
    calendar: WorkCalendar, start: datetime, value: int, unit: TimeUnit | str
) -> datetime:
    """Return the due time of a step started at `start` with a standard of `value` `unit`.

    A start outside working time first moves to the next working moment. `menit`/`jam` add
    working minutes, crossing into following working days; `hari` gives the same clock time N
    working days later; `minggu` is 5 `hari`. A value of 0 returns the moved start.
    """
    unit = TimeUnit(unit)
    if value < 0:
        raise ValueError("Waktu standar tidak boleh negatif.")
    current = next_working_moment(calendar, start)
    if unit in (TimeUnit.HARI, TimeUnit.MINGGU):
        days = value * (5 if unit == TimeUnit.MINGGU else 1)
        day = current.date()
        for _ in range(days):
            day = _next_working_day(calendar, day)
        return datetime.combine(day, current.timetz().replace(tzinfo=None), tzinfo=calendar.zone)
    minutes = value * (60 if unit == TimeUnit.JAM else 1)
    while True:
        available = int((calendar.closing(current.date()) - current).total_seconds() // 60)
        if minutes <= available:
            return current + timedelta(minutes=minutes)
        minutes -= available
        current = calendar.opening(_next_working_day(calendar, current.date()))


def working_minutes_between(calendar: WorkCalendar, start: datetime, end: datetime) -> int:
    """Return the working minutes from `start` to `end` (0 when `end` is not after `start`)."""
    if end <= start:
        return 0
    a = start.astimezone(calendar.zone)
    b = end.astimezone(calendar.zone)
    total = 0.0
    day = a.date()
    while day <= b.date():
        if calendar.is_working_day(day):
            lo = max(a, calendar.opening(day))
            hi = min(b, calendar.closing(day))
            if hi > lo:
                total += (hi - lo).total_seconds()
        day += timedelta(days=1)
    return int(total // 60)


def describe_minutes(calendar: WorkCalendar, minutes: int) -> str:
    """Return working minutes in words: "2 hari 3 jam 15 menit" (a hari = one working day)."""
    days, rest = divmod(max(int(minutes), 0), calendar.day_minutes())
    hours, mins = divmod(rest, 60)
    parts = [f"{days} hari"] if days else []
    if hours:
        parts.append(f"{hours} jam")
    if mins or not parts:
        parts.append(f"{mins} menit")
    return " ".join(parts)
