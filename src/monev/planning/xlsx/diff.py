"""What an import would change: per kind of object, the keys added, changed (each field's
before → after, as displayed) and removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from monev.domain.numbers import format_number
from monev.planning.choices import Level
from monev.planning.xlsx import schema
from monev.planning.xlsx.schema import NO, YES, PlanData, Values


@dataclass(frozen=True)
class FieldChange:
    """One changed field of an object: the column name and both values as displayed."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class ChangedItem:
    key: str
    fields: tuple[FieldChange, ...]


@dataclass
class KindDiff:
    """What the import would do to one kind of object ("node", "indicator", "target",
    "budget"): keys added, changed (with each field's before → after) and removed."""

    kind: str
    label: str
    added: list[str] = field(default_factory=list)
    changed: list[ChangedItem] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
        }

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


# --- Diff ---------------------------------------------------------------------------------------

#: Kinds of object, their label on the preview page, and their attribute of PlanData.
KINDS = {
    "node": (gettext_lazy("Unsur rencana"), "nodes"),
    "indicator": (gettext_lazy("Indikator"), "indicators"),
    "target": (gettext_lazy("Target"), "targets"),
    "budget": (gettext_lazy("Anggaran"), "budgets"),
}


def _label(key: Any) -> str:
    if isinstance(key, str):
        return key
    return schema.target_label(key) if len(key) == 3 else schema.budget_label(key)


def _display(name: str, value: Any) -> str:
    """Return a plan value as the preview shows it (Indonesian numbers, "–" for empty)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Decimal):
        exponent = value.normalize().as_tuple().exponent
        return format_number(value, max(0, -exponent) if isinstance(exponent, int) else 0)
    if name == "tingkat":
        return str(Level(value).label)
    return str(value)


def _diff_kind(kind: str, before: dict[Any, Values], after: dict[Any, Values]) -> KindDiff:
    diff = KindDiff(kind=kind, label=str(KINDS[kind][0]))
    for key, values in after.items():
        if key not in before:
            diff.added.append(_label(key))
            continue
        changes = tuple(
            FieldChange(name, _display(name, before[key].get(name)), _display(name, value))
            for name, value in values.items()
            if before[key].get(name) != value
        )
        if changes:
            diff.changed.append(ChangedItem(_label(key), changes))
    diff.removed = [_label(key) for key in before if key not in after]
    return diff


def plan_diff(before: PlanData, after: PlanData) -> dict[str, KindDiff]:
    """Return, per kind of object, what turns plan `before` into plan `after`."""
    return {
        kind: _diff_kind(kind, getattr(before, attr), getattr(after, attr))
        for kind, (_label_text, attr) in KINDS.items()
    }
