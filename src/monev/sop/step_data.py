"""One SOP step as plain, JSON-able data: the one exchange shape of a step between the seed
(`seed.DEFAULT_SOP`), the database (`SopStep` rows), the edit form's initial rows, the PDF
document (`document.sop_document_from_dict`) and the services that store a definition.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from monev.sop.models import SopStep


class StepData(TypedDict):
    """A step of an SOP: its number (1…n), stable feature key (`StepKey`, or None), who does
    it (`actor`, a role key) and who approves it, the swimlane columns it is drawn in (the
    main one first), its flowchart symbol, the step a "Tidak" goes back to, and the SOP's
    quality-standard columns (inputs, time, output, notes)."""

    number: int
    key: str | None
    description: str
    actor: str
    approver: str | None
    lanes: list[str]
    symbol: str
    no_goto: int | None
    inputs: str
    time_value: int
    time_unit: str
    output: str
    notes: str


def step_data(step: SopStep) -> StepData:
    """Return the stored step `step` as `StepData` (empty key and approver as None)."""
    return StepData(
        number=step.number,
        key=step.key or None,
        description=step.description,
        actor=step.actor,
        approver=step.approver or None,
        lanes=list(step.lanes),
        symbol=step.symbol,
        no_goto=step.no_goto,
        inputs=step.inputs,
        time_value=step.time_value,
        time_unit=step.time_unit,
        output=step.output,
        notes=step.notes,
    )


def model_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the `SopStep` field values of a step given as `StepData` (or the edit form's
    cleaned data, which has its keys): a missing key or approver is stored empty, missing
    lanes are the actor's column."""
    return {
        "number": data["number"],
        "key": data.get("key") or "",
        "description": data["description"],
        "actor": data["actor"],
        "approver": data.get("approver") or "",
        "lanes": list(data.get("lanes") or [data["actor"]]),
        "symbol": data["symbol"],
        "no_goto": data.get("no_goto"),
        "inputs": data.get("inputs", ""),
        "time_value": data["time_value"],
        "time_unit": data["time_unit"],
        "output": data.get("output", ""),
        "notes": data.get("notes", ""),
    }
