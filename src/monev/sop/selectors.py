"""Reads of the SOP engine: definitions, calendars, cycles, the inbox, compliance."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.choices import Role
from monev.core import store
from monev.core.access import scope_of
from monev.domain.holidays_id import national_holidays
from monev.domain.workcalendar import (
    TimeUnit,
    WorkCalendar,
    add_working_time,
    working_minutes_between,
)
from monev.organization.models import Agency
from monev.sop.choices import ACTIVE_STEP_STATUSES, Cadence, CycleStatus, StepKey, Timeliness
from monev.sop.models import (
    Cycle,
    DayOff,
    Notification,
    SopDefinition,
    SopStep,
    StepDocument,
    StepRun,
    WorkCalendarSetting,
)
from monev.sop.step_data import step_data

if TYPE_CHECKING:  # annotations only: typed here without a new import line above
    from django.contrib.auth.models import AnonymousUser

    from monev.accounts.models import User

DEFAULT_WORKDAYS = [0, 1, 2, 3, 4]
DEFAULT_DAY_START = time(7, 30)
DEFAULT_DAY_END = time(16, 0)

#: A running step is "mendekati batas" when less than this share of its standard remains.
DUE_SOON_SHARE = 0.25

#: Roles that see every cycle of their agency (Bidang roles see cycles too: they take part).
CYCLE_READERS = tuple(Role)


# --- Where a cycle stands, by step key ---------------------------------------------------------


def cycle_reached(cycle: Cycle, key: StepKey | str) -> bool:
    """Return True once the cycle has started the step with `key` or any step after it.

    Features ask this instead of comparing step numbers, so they stay attached to their step when
    an SOP version inserts or reorders steps. False when the cycle's SOP version has no such step.
    """
    position = SopStep.objects.filter(definition_id=cycle.definition_id, key=key).values("number")
    return cycle.runs.filter(number__gte=Subquery(position[:1])).exists()


def locked_quarters(agency_id: int) -> set[tuple[int, int]]:
    """Return the (year, quarter) of the agency's cycles whose data is locked: they reached
    "olah data" (from then on a quarter's data changes only by a recorded correction) or
    are closed (their report archived). One query."""
    olah_data = SopStep.objects.filter(
        definition_id=OuterRef(OuterRef("definition_id")), key=StepKey.OLAH_DATA
    ).values("number")[:1]
    reached = StepRun.objects.filter(cycle_id=OuterRef("pk"), number__gte=Subquery(olah_data))
    rows = (
        Cycle.objects.filter(agency_id=agency_id, quarter__isnull=False)  # annual: no quarter
        .annotate(reached=Exists(reached))
        .values_list("year", "quarter", "reached", "status")
    )
    return {(y, q) for y, q, hit, status in rows if hit or status == CycleStatus.SELESAI}


def cycle_is_at(cycle: Cycle, key: StepKey | str) -> bool:
    """Return True while the step with `key` is running (with its holder or its approver)."""
    return cycle.runs.filter(step__key=key, status__in=ACTIVE_STEP_STATUSES).exists()


# --- Definitions ------------------------------------------------------------------------------


def definitions_visible_to(user: User) -> QuerySet[SopDefinition]:
    return scope_of(user).filter(SopDefinition.objects).prefetch_related("steps")


def current_definitions(agency: Agency) -> QuerySet[SopDefinition]:
    """Return the version in force of each of the agency's SOPs, by number (the quarterly
    monev SOP, the annual report SOP, any SOP the Administrator added)."""
    return (
        SopDefinition.objects.filter(agency=agency, is_current=True)
        .order_by("number")
        .prefetch_related("steps")
    )


def current_definition(agency: Agency, number: str | None = None) -> SopDefinition | None:
    """Return the version in force of the agency's SOP with `number`; None when it has none.

    Without `number`: the agency's quarterly SOP of the lowest number, the monev SOP of SPEC §2
    (the callers written when an agency had one SOP: compliance, the demo, tests)."""
    if number is not None:
        return current_definitions(agency).filter(number=number).first()
    return current_definitions(agency).filter(cadence=Cadence.TRIWULANAN).first()


def definition_as_dict(definition: SopDefinition) -> dict[str, Any]:
    """Return the SOP in the plain shape of `monev.sop.seed.DEFAULT_SOP` (for PDF and API)."""
    agency = definition.agency
    lines = SopDefinition.lines
    return {
        "agency_lines": [agency.government.upper(), agency.name.upper()],
        "address": agency.address,
        "number": definition.number,
        "name": definition.name,
        "cadence": definition.cadence,
        "version": definition.version,
        "created_on": definition.created_on,
        "revised_on": definition.revised_on,
        "effective_on": definition.effective_on,
        "ratified_by": {
            "jabatan": definition.ratified_by_position,
            "nama": definition.ratified_by_name,
            "pangkat": definition.ratified_by_pangkat,
            "golongan": definition.ratified_by_golongan,
            "nip": definition.ratified_by_nip,
        },
        "legal_basis": lines(definition.legal_basis),
        "related_sops": lines(definition.related_sops),
        "warnings": lines(definition.warnings),
        "qualifications": lines(definition.qualifications),
        "equipment": lines(definition.equipment),
        "records": lines(definition.records),
        "actors": list(definition.actors),
        "steps": [step_data(s) for s in definition.steps.all()],
    }


# --- Working calendar -------------------------------------------------------------------------


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


# --- Cycles and runs --------------------------------------------------------------------------


def next_openable_quarter(
    agency: Agency, today: date, sop_number: str | None = None
) -> tuple[int, int]:
    """(year, quarter) the open-cycle form offers for a quarterly SOP (by default the monev
    SOP): the last quarter that has ended, or the first after it that has no cycle of that SOP
    yet (a quarter already opened is never offered)."""
    monev = current_definition(agency) if sop_number is None else None
    number = sop_number or (monev.number if monev is not None else "")
    opened = set(
        Cycle.objects.filter(agency=agency, sop_number=number).values_list("year", "quarter")
    )
    index = today.year * 4 + (today.month - 1) // 3 - 1  # the last quarter that has ended
    while (index // 4, index % 4 + 1) in opened:
        index += 1
    return index // 4, index % 4 + 1


def next_openable_year(agency: Agency, today: date, sop_number: str) -> int:
    """The year the open-cycle form offers for a yearly SOP: this year (its step 1, the
    Perjanjian Kinerja, runs at the start of the year), else the first later year without a
    cycle of that SOP. A year whose cycle was never opened stays behind: it is typed in."""
    opened = set(
        Cycle.objects.filter(agency=agency, sop_number=sop_number).values_list("year", flat=True)
    )
    year = today.year
    while year in opened:
        year += 1
    return year


def next_openable_period(
    agency: Agency, definition: SopDefinition, today: date
) -> tuple[int, int | None]:
    """(year, quarter) the open-cycle form offers for `definition`; quarter None for a
    yearly SOP."""
    if definition.cadence == Cadence.TAHUNAN:
        return next_openable_year(agency, today, definition.number), None
    return next_openable_quarter(agency, today, definition.number)


def period_start_allowed(agency: Agency) -> bool:
    """Whether the Administrator allows opening a cycle before its period (work calendar)."""
    setting = WorkCalendarSetting.objects.filter(agency=agency).first()
    return setting is not None and setting.allow_early_cycle_open


def opens_on(agency: Agency, year: int, quarter: int | None, today: date) -> date | None:
    """The day a cycle may be opened, when that is after `today`; None when it may be opened
    now. A quarter's cycle opens once the quarter has ended (its data exist); a year's cycle
    (quarter None) from 1 January of that year. The Administrator may allow early opening."""
    from datetime import timedelta

    from monev.domain.periods import quarter_end

    if period_start_allowed(agency):
        return None
    first = date(year, 1, 1) if quarter is None else quarter_end(year, quarter) + timedelta(days=1)
    return first if today < first else None


def cycles_visible_to(user: User) -> QuerySet[Cycle]:
    runs = StepRun.objects.select_related("step").order_by("started_at", "number", "round")
    return (
        scope_of(user)
        .filter(Cycle.objects)
        .select_related("definition", "opened_by", "agency")
        .prefetch_related(Prefetch("runs", queryset=runs), "definition__steps")
    )


def cycle_for(user: User, pk: int) -> Cycle:
    return get_object_or_404(cycles_visible_to(user), pk=pk)


def run_for(user: User, pk: int) -> StepRun:
    return get_object_or_404(
        scope_of(user).filter(StepRun.objects).select_related("cycle", "step", "cycle__agency"),
        pk=pk,
    )


def documents_visible_to(user: User) -> QuerySet[StepDocument]:
    return scope_of(user).filter(StepDocument.objects)


def days_off_visible_to(user: User) -> QuerySet[DayOff]:
    return scope_of(user).filter(DayOff.objects)


def current_run(cycle: Cycle) -> StepRun | None:
    runs = [r for r in cycle.runs.all() if r.status in ACTIVE_STEP_STATUSES]
    return runs[0] if runs else None


@dataclass(frozen=True)
class RunTiming:
    """How a step run stands against its time standard, in working minutes."""

    status: str  # Timeliness value
    label: str
    late_minutes: int  # > 0 when late (working minutes past the due time)
    remaining_minutes: int  # >= 0 while not late
    used_minutes: int


def run_timing(calendar: WorkCalendar, run: StepRun, now: datetime | None = None) -> RunTiming:
    """Return the timeliness of a run: finished runs against their completion, others now."""

    now = now or timezone.now()
    end = run.completed_at or now
    used = working_minutes_between(calendar, run.started_at, end)
    if end > run.due_at:
        late = working_minutes_between(calendar, run.due_at, end)
        return RunTiming(Timeliness.TERLAMBAT, _("Terlambat"), max(late, 1), 0, used)
    remaining = working_minutes_between(calendar, end, run.due_at)
    total = max(standard_minutes(calendar, run.step), 1)
    if run.completed_at is None and remaining < total * DUE_SOON_SHARE:
        return RunTiming(Timeliness.MENDEKATI_BATAS, _("Mendekati batas"), 0, remaining, used)
    return RunTiming(Timeliness.TEPAT_WAKTU, _("Tepat waktu"), 0, remaining, used)


def timing_text(calendar: WorkCalendar, timing: RunTiming) -> str:
    """Return a timing as words: "Terlambat 1 hari 2 jam", "Sisa 3 jam", "Tepat waktu"."""

    if timing.late_minutes:
        return _("Terlambat %(late)s") % {"late": minutes_label(calendar, timing.late_minutes)}
    if timing.status == Timeliness.MENDEKATI_BATAS:
        return _("Sisa %(left)s") % {"left": minutes_label(calendar, timing.remaining_minutes)}
    return str(timing.label)


# --- A page's place in the SOP ----------------------------------------------------------------


@dataclass(frozen=True)
class StepPlace:
    """Where a working page stands in its cycle's SOP: the step it does, who holds it, its due
    time and timeliness, and where the cycle is now when that is another step."""

    cycle: Cycle
    step: SopStep
    total: int  # number of steps of the cycle's SOP version
    run: StepRun | None  # the step's latest run; None while not started
    state: str  # "belum" | "berjalan" | "menunggu_persetujuan" | "selesai"
    holder_label: str  # the role that must act now (or acted)
    holders: list[str]  # names of the users holding that role (at most HOLDER_NAMES)
    more_holders: int  # holders beyond the names shown
    timing: RunTiming | None
    timing_text: str
    current: StepRun | None  # the cycle's running step when it is not this page's step
    current_holder: str  # the role holding that running step


#: How many holders a place names; beyond that it says "+ n lainnya".
HOLDER_NAMES = 3


def _sop_state(cycle: Cycle) -> tuple[list[SopStep], list[StepRun], WorkCalendar]:
    """The cycle's SOP steps in order, its runs (each with its step, no query per run) in
    the order they started, and the agency's work calendar."""
    steps = list(SopStep.objects.filter(definition_id=cycle.definition_id).order_by("number"))
    runs = list(
        StepRun.objects.filter(cycle=cycle)
        .select_related("completed_by__official")
        .order_by("started_at", "number", "round")
    )
    step_of = {s.pk: s for s in steps}
    for r in runs:
        r.step = step_of.get(r.step_id) or r.step
    return steps, runs, work_calendar(cycle.agency)


def step_place(
    cycle: Cycle, keys: str | list[str], now: datetime | None = None
) -> StepPlace | None:
    """Return the place in the SOP of a page that works on the step(s) with `keys`.

    `keys` are step keys (a space-separated string or a list): a page serving several steps
    (the report page: steps 8–12) shows the one running now, else the last one started, else
    the first. None when the cycle's SOP version has none of the keys. A constant number of
    queries: the SOP's steps, the cycle's runs, the calendar, the holders.
    """
    from monev.accounts.models import User

    wanted = keys.split() if isinstance(keys, str) else list(keys)
    # The SOP's steps, the cycle's runs and the calendar are kept per data token (every
    # write to them replaces it); the timing (the clock) and the holders are read afresh.
    steps, runs, calendar = store.memo(
        cycle.agency_id,
        ("step_place", cycle.pk, timezone.localdate().year),
        lambda: _sop_state(cycle),
    )
    by_key = {s.key: s for s in steps if s.key}
    chosen = [by_key[k] for k in wanted if k in by_key]
    if not chosen:
        return None
    active = next((r for r in runs if r.status in ACTIVE_STEP_STATUSES), None)
    chosen_ids = {s.pk for s in chosen}
    mine = [r for r in runs if r.step_id in chosen_ids]
    if active is not None and active.step_id in chosen_ids:
        run: StepRun | None = active
    else:
        run = mine[-1] if mine else None
    step = run.step if run is not None else chosen[0]
    timing = run_timing(calendar, run, now) if run is not None else None
    if run is None:
        state, role = "belum", step.actor
    elif run.status in ACTIVE_STEP_STATUSES:
        state, role = run.status, run.holder_role
    else:
        state, role = "selesai", step.actor

    def role_label(key: str) -> str:
        return str(Role(key).label) if key in Role.values else key

    current = active if active is not None and active is not run else None
    names: list[str] = []
    more = 0
    if state in ACTIVE_STEP_STATUSES:
        users = list(
            User.objects.filter(
                agency_id=cycle.agency_id, is_active=True, role_assignments__role=role
            )
            .select_related("official")
            .order_by("username")
            .distinct()
        )
        names = [u.full_name for u in users[:HOLDER_NAMES]]
        more = max(len(users) - HOLDER_NAMES, 0)
    return StepPlace(
        cycle=cycle,
        step=step,
        total=len(steps),
        run=run,
        state=state,
        holder_label=role_label(role),
        holders=names,
        more_holders=more,
        timing=timing,
        timing_text=timing_text(calendar, timing) if timing is not None else "",
        current=current,
        current_holder=role_label(current.holder_role) if current is not None else "",
    )


def runs_waiting_for(user: User) -> list[StepRun]:
    """Return the running steps whose holder role the user has, in their agency."""
    if not user.is_authenticated or not user.roles:
        return []
    runs = (
        scope_of(user)
        .filter(StepRun.objects)
        .filter(status__in=ACTIVE_STEP_STATUSES)
        .select_related("cycle__agency", "cycle__definition", "step")
    )
    return [run for run in runs if run.holder_role in user.roles]


def holders_of(run: StepRun) -> list[Any]:
    """Return the active users of the cycle's agency who hold the run's current role."""
    from monev.accounts.models import User

    return list(
        User.objects.filter(
            agency_id=run.cycle.agency_id, is_active=True, role_assignments__role=run.holder_role
        ).order_by("username")
    )


def unread_count(user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# --- Compliance -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepCompliance:
    number: int
    description: str
    time_label: str
    runs: int
    on_time: int
    on_time_pct: float | None
    median_minutes: float | None


def compliance(agency: Agency, definition: SopDefinition | None = None) -> list[StepCompliance]:
    """Return, for the SOP `definition` (default: the monev SOP), per step number, the share
    of its finished cycles' runs that met the standard and the median working time they took.
    Returned (dikembalikan) runs count as finished runs."""
    definition = definition or current_definition(agency)
    if definition is None:
        return []
    # Only the runs of this SOP's cycles: two SOPs may share a step key (the report steps).
    runs = (
        StepRun.objects.filter(
            cycle__agency=agency,
            cycle__sop_number=definition.number,
            cycle__status=CycleStatus.SELESAI,
            completed_at__isnull=False,
        )
        .select_related("step")
        .only("number", "completed_at", "due_at", "working_minutes", "step__key")
    )
    # A step with a key gathers the runs of that key across SOP versions (its number may have
    # moved); a step without one, the runs of its number.
    by_step: dict[str | int, list[StepRun]] = {}
    for run in runs:
        by_step.setdefault(run.step.key or run.number, []).append(run)
    rows = []
    for step in definition.steps.all():
        done = by_step.get(step.key or step.number, [])
        on_time = sum(1 for r in done if r.on_time)
        minutes = [r.working_minutes for r in done if r.working_minutes is not None]
        rows.append(
            StepCompliance(
                number=step.number,
                description=step.description,
                time_label=step.time_label,
                runs=len(done),
                on_time=on_time,
                on_time_pct=round(100 * on_time / len(done), 2) if done else None,
                median_minutes=statistics.median(minutes) if minutes else None,
            )
        )
    return rows


def quarter_choices(now: datetime | None = None) -> list[tuple[int, int]]:
    """Return (year, quarter) pairs a Sekretaris would open: this year and the next."""
    today = (now or timezone.now()).date()
    return [(y, q) for y in (today.year - 1, today.year, today.year + 1) for q in (1, 2, 3, 4)]


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
