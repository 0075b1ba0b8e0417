"""Budget of an agency's year at a quarter (RULES §6): pagu, realisation s/d TW q, cash plan
s/d TW q, serapan, deviasi and efisiensi (indicative) per sub kegiatan, unit and agency —
the values the dashboard, Formulir E.81 and its workbook, the report and the results API
show — and the budget flags of step 3 (RULES §8 "above pagu", §12), computed with the pure
rules of `monev.domain.budget` and `monev.domain.quality` from the stored year.

A sub kegiatan's budget flags are raised on its first indicator (the flag board lists
flags by indicator); the flag names the sub kegiatan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from monev.domain.aggregates import group_mean
from monev.domain.budget import (
    BudgetLine,
    absorption,
    deviation,
    efficiency,
    group_deviation,
    planned_to_date,
)
from monev.domain.quality import budget_flags, physical_financial_gap

if TYPE_CHECKING:
    from monev.evaluation.store import YearData


@dataclass
class Amounts:
    """A budget at TW q: a sub kegiatan's, or the sum of a group's (unit, agency)."""

    pagu: Decimal | None = None
    spent: Decimal = Decimal(0)
    #: Cash plan s/d TW q (None: no cash plan).
    planned: Decimal | None = None
    absorption: Decimal | None = None
    #: RULES §6, only where a cash plan exists.
    deviation: Decimal | None = None
    #: §5 mean achievement of the sub kegiatan's indicators (for a group: set by the caller).
    achievement: Decimal | None = None
    #: RULES §6 efisiensi (indicative): achievement − serapan, percentage points.
    efficiency: Decimal | None = None

    @property
    def plan_pct(self) -> Decimal | None:
        """The cash plan s/d TW q as a share of the pagu (plan%)."""
        return absorption(self.planned, self.pagu) if self.planned is not None else None


def group(lines: list[Amounts], achievement: Decimal | None = None) -> Amounts:
    """The sum of `lines` (pagu, realisation; the cash plan of those that have one), its
    serapan and deviasi; efisiensi from the group's own `achievement` (§5 mean)."""
    with_pagu = [line for line in lines if line.pagu]
    pagu = sum((line.pagu or Decimal(0) for line in with_pagu), Decimal(0))
    spent = sum((line.spent for line in lines), Decimal(0))
    planned_lines = [line for line in with_pagu if line.planned is not None]
    absorbed = absorption(spent, pagu or None)
    return Amounts(
        pagu=pagu or None,
        spent=spent,
        planned=sum((line.planned or Decimal(0) for line in planned_lines), Decimal(0))
        if planned_lines
        else None,
        absorption=absorbed,
        deviation=group_deviation(
            BudgetLine(line.pagu, line.spent, line.planned) for line in with_pagu
        ),
        achievement=achievement,
        efficiency=efficiency(achievement, absorbed),
    )


@dataclass
class BudgetView:
    quarter: int
    #: sub kegiatan (every plan node with a pagu this year) → its budget at TW q.
    nodes: dict[int, Amounts] = field(default_factory=dict)
    #: responsible unit → its sub kegiatan's budget lines.
    by_unit: dict[int, list[Amounts]] = field(default_factory=dict)

    @classmethod
    def of(cls, data: YearData, quarter: int) -> BudgetView:
        view = cls(quarter)
        results = {r.indicator.pk: r for r in data.results.get(quarter, [])}
        achievements: dict[int, list[Decimal | None]] = defaultdict(list)
        for indicator in data.indicators:
            result = results.get(indicator.pk)
            achievements[indicator.node_id].append(result.achievement if result else None)
        by_unit: dict[int, list[Amounts]] = defaultdict(list)
        # The pagu and cash plan of the stage in force for the quarter (RULES §11).
        cash = data.plan.at(quarter).cash if data.plan is not None else {}
        for node_id, pagu in data.pagu_at(quarter).items():
            spent = sum(
                (
                    v
                    for q, v in data.spent.get(node_id, {}).get(data.year, {}).items()
                    if q <= quarter
                ),
                Decimal(0),
            )
            planned = planned_to_date(cash.get(node_id, [None] * 4), quarter)
            mean = group_mean(achievements.get(node_id, []), data.settings.group_cap)
            absorbed = absorption(spent, pagu)
            line = Amounts(
                pagu=pagu,
                spent=spent,
                planned=planned,
                absorption=absorbed,
                deviation=deviation(spent, planned, pagu),
                achievement=mean,
                efficiency=efficiency(mean, absorbed),
            )
            view.nodes[node_id] = line
            node = data.nodes.get(node_id)
            if node is not None and node.responsible_unit_id:
                by_unit[node.responsible_unit_id].append(line)
        view.by_unit = dict(by_unit)
        return view

    def unit(self, unit_id: int, achievement: Decimal | None = None) -> Amounts:
        return group(self.by_unit.get(unit_id, []), achievement)

    def total(self, achievement: Decimal | None = None) -> Amounts:
        return group([line for lines in self.by_unit.values() for line in lines], achievement)

    def of_nodes(self, node_ids: set[int], achievement: Decimal | None = None) -> Amounts:
        return group([self.nodes[n] for n in node_ids if n in self.nodes], achievement)


def node_flags(data: YearData, quarter: int) -> None:
    """Raise the budget flags of every sub kegiatan at `quarter` — above pagu (§8), above or
    behind the cash plan, physical–financial gap (§12) — on its first indicator's result."""
    view = BudgetView.of(data, quarter)
    first: dict[int, int] = {}
    results = data.results.get(quarter, [])
    for position, result in enumerate(results):
        first.setdefault(result.indicator.node_id, position)
    for node_id, line in view.nodes.items():
        index = first.get(node_id)
        if index is None:
            index = _first_below(data, node_id, first)
        if index is None:
            continue
        node = data.nodes.get(node_id)
        where = {"node": f"{node.code} {node.name}" if node else ""}
        flags = budget_flags(
            spent=line.spent, pagu=line.pagu, planned=line.planned, settings=data.settings
        )
        flags += physical_financial_gap(line.achievement, line.absorption, data.settings)
        for flag in flags:
            flag.params.update(where)
        results[index].flags += flags


def _first_below(data: YearData, node_id: int, first: dict[int, int]) -> int | None:
    """The first indicator (in plan order) under `node_id` when the node has none itself."""
    found = [index for child_id, index in first.items() if _is_below(data, child_id, node_id)]
    return min(found) if found else None


def _is_below(data: YearData, node_id: int | None, ancestor: int) -> bool:
    while node_id is not None:
        if node_id == ancestor:
            return True
        node = data.nodes.get(node_id)
        node_id = node.parent_id if node else None
    return False
