"""Cycles and step runs: where a cycle stands, which period the open form offers, who holds
what."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from monev.accounts.choices import Role
from monev.core.access import scope_of
from monev.organization.models import Agency
from monev.sop.choices import ACTIVE_STEP_STATUSES, Cadence, CycleStatus, StepKey
from monev.sop.models import (
    Cycle,
    Notification,
    SopDefinition,
    SopStep,
    StepDocument,
    StepRun,
    WorkCalendarSetting,
)
from monev.sop.selectors.definitions import current_definition

if TYPE_CHECKING:  # annotations only: typed here without a new import line above
    from django.contrib.auth.models import AnonymousUser

    from monev.accounts.models import User

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


def quarter_cycles(agency_id: int, year: int) -> dict[int, Cycle]:
    """Return the agency's monev cycles of `year` (the quarterly SOP), by quarter (the latest
    opened where a quarter has more than one)."""
    found = Cycle.objects.filter(
        agency_id=agency_id,
        year=year,
        quarter__isnull=False,
        definition__cadence=Cadence.TRIWULANAN,
    ).order_by("quarter", "pk")
    return {c.quarter: c for c in found if c.quarter is not None}


def quarterly_cycle_for(user: User, pk: int) -> Cycle:
    """A quarter's cycle the user may see (404 otherwise, and for an annual cycle: the
    quarter's own pages — format isian, olah data, monev visits, analysis — have no year
    version)."""
    return get_object_or_404(cycles_visible_to(user), pk=pk, quarter__isnull=False)


def run_for(user: User, pk: int) -> StepRun:
    return get_object_or_404(
        scope_of(user).filter(StepRun.objects).select_related("cycle", "step", "cycle__agency"),
        pk=pk,
    )


def documents_visible_to(user: User) -> QuerySet[StepDocument]:
    return scope_of(user).filter(StepDocument.objects)


def current_run(cycle: Cycle) -> StepRun | None:
    runs = [r for r in cycle.runs.all() if r.status in ACTIVE_STEP_STATUSES]
    return runs[0] if runs else None


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


def quarter_choices(now: datetime | None = None) -> list[tuple[int, int]]:
    """Return (year, quarter) pairs a Sekretaris would open: this year and the next."""
    today = (now or timezone.now()).date()
    return [(y, q) for y in (today.year - 1, today.year, today.year + 1) for q in (1, 2, 3, 4)]
