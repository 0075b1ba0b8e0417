"""Compliance with the SOP's time standards, per SOP and step."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from monev.organization.models import Agency
from monev.sop.choices import CycleStatus
from monev.sop.models import (
    SopDefinition,
    StepRun,
)
from monev.sop.selectors.definitions import current_definition

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
