"""Reads of the SOP engine, one module per sub-area: the SOP definitions (`definitions`),
working time and timeliness (`work_time`), cycles and step runs (`cycles`), a page's place in
its cycle's SOP (`place`) and compliance with the time standards (`compliance`). Writes are in
`monev.sop.services`; who may act in `monev.sop.policies`.

Callers use `from monev.sop import selectors` and `selectors.<name>` (or import a name from
`monev.sop.selectors`): the names below are the package's interface.
"""

from monev.sop.selectors.compliance import StepCompliance, compliance
from monev.sop.selectors.cycles import (
    CYCLE_READERS,
    current_run,
    cycle_for,
    cycle_is_at,
    cycle_reached,
    cycles_visible_to,
    documents_visible_to,
    holders_of,
    locked_quarters,
    next_openable_period,
    next_openable_quarter,
    next_openable_year,
    opens_on,
    period_start_allowed,
    quarter_choices,
    quarterly_cycle_for,
    run_for,
    runs_waiting_for,
    unread_count,
)
from monev.sop.selectors.definitions import (
    current_definition,
    current_definitions,
    definition_as_dict,
    definitions_visible_to,
)
from monev.sop.selectors.place import HOLDER_NAMES, StepPlace, step_place
from monev.sop.selectors.work_time import (
    DEFAULT_DAY_END,
    DEFAULT_DAY_START,
    DEFAULT_WORKDAYS,
    DUE_SOON_SHARE,
    RunTiming,
    cuti_bersama_suggestions,
    days_off_for_year,
    days_off_visible_to,
    due_time,
    minutes_label,
    run_timing,
    standard_minutes,
    timing_text,
    work_calendar,
)

__all__ = [
    "CYCLE_READERS",
    "DEFAULT_DAY_END",
    "DEFAULT_DAY_START",
    "DEFAULT_WORKDAYS",
    "DUE_SOON_SHARE",
    "HOLDER_NAMES",
    "RunTiming",
    "StepCompliance",
    "StepPlace",
    "compliance",
    "current_definition",
    "current_definitions",
    "current_run",
    "cuti_bersama_suggestions",
    "cycle_for",
    "cycle_is_at",
    "cycle_reached",
    "cycles_visible_to",
    "days_off_for_year",
    "days_off_visible_to",
    "definition_as_dict",
    "definitions_visible_to",
    "documents_visible_to",
    "due_time",
    "holders_of",
    "locked_quarters",
    "minutes_label",
    "next_openable_period",
    "next_openable_quarter",
    "next_openable_year",
    "opens_on",
    "period_start_allowed",
    "quarter_choices",
    "quarterly_cycle_for",
    "run_for",
    "run_timing",
    "runs_waiting_for",
    "standard_minutes",
    "step_place",
    "timing_text",
    "unread_count",
    "work_calendar",
]
