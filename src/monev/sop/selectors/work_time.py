"""Working time: the agency's calendar, step deadlines and how a run stands against its
standard, in working minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.core.access import scope_of
from monev.domain.holidays_id import national_holidays
from monev.domain.workcalendar import (
    TimeUnit,
    WorkCalendar,
    add_working_time,
    working_minutes_between,
)
from monev.organization.models import Agency
from monev.sop import handlers
from monev.sop.choices import Timeliness
from monev.sop.models import (
    DayOff,
    SopStep,
    StepRun,
    WorkCalendarSetting,
)

if TYPE_CHECKING:  # annotations only: typed here without a new import line above
    from monev.accounts.models import User


DEFAULT_WORKDAYS = [0, 1, 2, 3, 4]
DEFAULT_DAY_START = time(7, 30)
DEFAULT_DAY_END = time(16, 0)

#: A running step is "mendekati batas" when less than this share of its standard remains.
DUE_SOON_SHARE = 0.25


def work_calendar(agency: Agency, years: range | None = None) -> WorkCalendar:
    """Return the agency's working calendar with national holidays and its own days off."""
    setting = WorkCalendarSetting.objects.filter(agency=agency).first()
    today = timezone.localdate()
    years = years or range(today.year - 2, today.year + 3)
    days_off = set(national_holidays(years))
    days_off |= set(DayOff.objects.filter(agency=agency).values_list("date", flat=True))
    if setting is None:
        return WorkCalendar(days_off=frozenset(days_off))
    return WorkCalendar(
        workdays=frozenset(setting.workdays),
        day_start=setting.day_start,
        day_end=setting.day_end,
        tz=setting.timezone,
        days_off=frozenset(days_off),
    )


def due_time(calendar: WorkCalendar, start: datetime, step: SopStep) -> datetime:
    return add_working_time(calendar, start, step.time_value, TimeUnit(step.time_unit))


def standard_minutes(calendar: WorkCalendar, step: SopStep) -> int:
    """Return the step's time standard in working minutes (a day = one working day)."""
    day = _day_minutes(calendar)
    factor = {"menit": 1, "jam": 60, "hari": day, "minggu": 5 * day}[step.time_unit]
    return step.time_value * factor


def _day_minutes(calendar: WorkCalendar) -> int:
    start = datetime.combine(date(2000, 1, 3), calendar.day_start)
    end = datetime.combine(date(2000, 1, 3), calendar.day_end)
    return int((end - start).total_seconds() // 60)


def days_off_for_year(agency: Agency, year: int) -> list[dict[str, Any]]:
    """Return national holidays and the agency's own days off of a year, by date."""
    rows: list[dict[str, Any]] = [
        {"date": d, "description": name, "kind": "nasional", "obj": None}
        for d, name in national_holidays([year]).items()
    ]
    for day in DayOff.objects.filter(agency=agency, date__year=year):
        rows.append(
            {"date": day.date, "description": day.description, "kind": day.kind, "obj": day}
        )
    return sorted(rows, key=lambda r: r["date"])


def days_off_visible_to(user: User) -> QuerySet[DayOff]:
    return scope_of(user).filter(DayOff.objects)


@dataclass(frozen=True)
class RunTiming:
    """How a step run stands against its time standard, in working minutes."""

    status: str  # Timeliness value
    label: str
    late_minutes: int  # > 0 when late (working minutes past the due time)
    remaining_minutes: int  # >= 0 while not late
    used_minutes: int
    due_at: datetime | None = None  # the deadline counted from; None while the step waits


def run_clock(calendar: WorkCalendar | None, run: StepRun) -> tuple[datetime, datetime] | None:
    """Return when a run's time standard starts and its deadline: from its start, or, for a
    step that waited on something outside its cycle (`handlers.available_from`), from when
    that happened; None while it still waits. A finished run keeps its stored deadline (the
    engine stores the later one when the step ends). Without `calendar`, the agency's is read
    only for a step that waited."""
    if run.completed_at is not None:
        return run.started_at, run.due_at
    available = handlers.available_from(run)
    if available is None:
        return None
    if available <= run.started_at:
        return run.started_at, run.due_at
    if calendar is None:
        calendar = work_calendar(run.cycle.agency)
    return available, due_time(calendar, available, run.step)


def run_due_at(run: StepRun, calendar: WorkCalendar | None = None) -> datetime | None:
    """Return a run's deadline as `run_clock` counts it; None while the step still waits."""
    clock = run_clock(calendar, run)
    return clock[1] if clock is not None else None


def run_timing(calendar: WorkCalendar, run: StepRun, now: datetime | None = None) -> RunTiming:
    """Return the timeliness of a run: finished runs against their completion, others now.
    A running step that still waits on something outside its cycle "cannot begin yet" (never
    late)."""

    now = now or timezone.now()
    clock = run_clock(calendar, run)
    if clock is None:
        total = standard_minutes(calendar, run.step)
        return RunTiming(Timeliness.MENUNGGU, str(Timeliness.MENUNGGU.label), 0, total, 0)
    start, due = clock
    end = run.completed_at or now
    used = working_minutes_between(calendar, start, end)
    if end > due:
        late = working_minutes_between(calendar, due, end)
        return RunTiming(Timeliness.TERLAMBAT, _("Terlambat"), max(late, 1), 0, used, due)
    remaining = working_minutes_between(calendar, end, due)
    total = max(standard_minutes(calendar, run.step), 1)
    if run.completed_at is None and remaining < total * DUE_SOON_SHARE:
        return RunTiming(Timeliness.MENDEKATI_BATAS, _("Mendekati batas"), 0, remaining, used, due)
    return RunTiming(Timeliness.TEPAT_WAKTU, _("Tepat waktu"), 0, remaining, used, due)


def timing_text(calendar: WorkCalendar, timing: RunTiming) -> str:
    """Return a timing as words: "Terlambat 1 hari 2 jam", "Sisa 3 jam", "Tepat waktu"."""

    if timing.late_minutes:
        return _("Terlambat %(late)s") % {"late": minutes_label(calendar, timing.late_minutes)}
    if timing.status == Timeliness.MENUNGGU:
        return _("Belum dapat dimulai; batas waktu belum berjalan")
    if timing.status == Timeliness.MENDEKATI_BATAS:
        return _("Sisa %(left)s") % {"left": minutes_label(calendar, timing.remaining_minutes)}
    return str(timing.label)


def minutes_label(calendar: WorkCalendar, minutes: int) -> str:
    """Return working minutes as "2 hari 3 jam 15 menit" (a day = one working day)."""
    from django.utils.translation import ngettext

    day = _day_minutes(calendar)
    days, rest = divmod(int(minutes), day)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d hari", "%(n)d hari", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d jam", "%(n)d jam", hours) % {"n": hours})
    if mins or not parts:
        parts.append(ngettext("%(n)d menit", "%(n)d menit", mins) % {"n": mins})
    return " ".join(parts)


def cuti_bersama_suggestions(agency: Agency, year: int) -> list[tuple[Any, str]]:
    """Return the holiday library's cuti bersama dates of `year` not yet entered."""
    from monev.domain.holidays_id import cuti_bersama_suggestions as library_dates

    entered = set(
        DayOff.objects.filter(agency=agency, date__year=year).values_list("date", flat=True)
    )
    return sorted((d, name) for d, name in library_dates([year]).items() if d not in entered)
