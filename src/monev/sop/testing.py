"""Test helpers of the SOP engine: the one way a test finds a step or a step run.

A test names the step by its number in the seed SOP (`run_of(cycle, 3)`) or, better, by its
stable feature key (`run_of(cycle, StepKey.DATA_PROCESSING)`): a renumbered SOP then breaks
this helper, not sixty tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monev.sop.choices import StepKey

if TYPE_CHECKING:
    from monev.sop.models import Cycle, SopDefinition, SopStep, StepRun


def run_of(cycle: Cycle, step: int | StepKey) -> StepRun:
    """Return the cycle's (only) run of `step`; DoesNotExist / MultipleObjectsReturned as
    `QuerySet.get` when the step has no run or was run more than once (a returned step)."""
    if isinstance(step, StepKey):
        return cycle.runs.get(step__key=step)
    return cycle.runs.get(number=step)


def step_of(definition: SopDefinition, step: int | StepKey) -> SopStep:
    """Return the definition's step `step` (by number or feature key)."""
    if isinstance(step, StepKey):
        return definition.steps.get(key=step)
    return definition.steps.get(number=step)
