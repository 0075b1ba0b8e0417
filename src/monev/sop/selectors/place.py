"""A working page's place in its cycle's SOP (`step_place`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from monev.accounts.choices import Role
from monev.core import store
from monev.domain.workcalendar import WorkCalendar
from monev.sop.choices import ACTIVE_STEP_STATUSES
from monev.sop.models import (
    Cycle,
    SopStep,
    StepRun,
)
from monev.sop.selectors.work_time import RunTiming, run_timing, timing_text, work_calendar

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
