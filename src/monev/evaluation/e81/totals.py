"""The Rp side of Formulir E.81: each plan node's own budget amounts per column, and the
deviasi and efisiensi (RULES §6) of the budget rows over their subtrees."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from monev.domain.aggregates import group_mean
from monev.domain.budget import efficiency
from monev.domain.renstra import amount_ratio
from monev.evaluation.e81.table import DEVIATION, EFFICIENCY, PAIR_COLUMNS, RENJA, Row
from monev.evaluation.selectors import IndicatorResult
from monev.evaluation.store import YearData
from monev.planning.models import PlanNode


def own_nodes(nodes: dict[int, PlanNode], units: frozenset[int] | None) -> set[int]:
    """The nodes whose budget a unit-limited table counts (every node when not limited)."""
    return {pk for pk, n in nodes.items() if units is None or n.responsible_unit_id in units}


def closure(node_ids: set[int], children: dict[int | None, list[PlanNode]]) -> set[int]:
    """`node_ids` and every node under them."""
    found: set[int] = set()
    stack = list(node_ids)
    while stack:
        pk = stack.pop()
        if pk in found:
            continue
        found.add(pk)
        stack += [c.pk for c in children.get(pk, [])]
    return found


def fill_budget_rules(
    data: YearData,
    quarter: int,
    rows: list[Row],
    results: list[IndicatorResult],
    children: dict[int | None, list[PlanNode]],
    units: frozenset[int] | None,
) -> None:
    """Deviasi and efisiensi (RULES §6) of each budget row: over the sub kegiatan of its
    subtree (those of the unit when the table is limited to one), efisiensi from the §5 mean
    of the subtree's indicators."""
    budget = data.budget(quarter)
    own = own_nodes(data.nodes, units)
    by_node: dict[int, list[Decimal | None]] = defaultdict(list)
    for r in results:
        by_node[r.indicator.node_id].append(r.achievement)
    for row in rows:
        if row.is_indicator or row.node_id is None or not row.is_budget_node:
            continue
        subtree = closure({row.node_id}, children)
        mean = group_mean(
            [a for pk in subtree for a in by_node.get(pk, [])], data.settings.group_cap
        )
        amounts = budget.of_nodes(subtree & own, mean)
        row.cell(DEVIATION).rp = amounts.deviation
        row.cell(EFFICIENCY).rp = efficiency(mean, row.cell(RENJA).rp)


def fill_amounts(row: Row, amounts: dict[int, Decimal]) -> None:
    for column in PAIR_COLUMNS:
        if column in amounts:
            row.cell(column).rp = amounts[column]
    row.cell(14).rp = amount_ratio(amounts.get(13), amounts.get(5))
    row.cell(RENJA).rp = amount_ratio(amounts.get(12), amounts.get(7))


def node_amounts(data: YearData, quarter: int) -> dict[int, dict[int, Decimal]]:
    """The Rp halves of each plan node's own budget lines: 5 (pagu of every Renstra year),
    6 (spent in earlier years), 7 (pagu this year), 8–11 (spent per quarter), 12 and 13."""
    year = data.year
    amounts: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    in_force = data.pagu_at(quarter)  # this year's pagu of the stage in force (RULES §11)
    for node_id, pagu_by_year in data.pagu.items():
        for y, pagu in pagu_by_year.items():
            if y != year:
                amounts[node_id][5] += pagu
    for node_id, pagu in in_force.items():
        amounts[node_id][5] += pagu
        amounts[node_id][7] += pagu
    for node_id, years in data.spent.items():
        node = amounts[node_id]
        for y, quarters in years.items():
            for q, total in quarters.items():
                if y < year:
                    node[6] += total
                elif y == year and q <= quarter:
                    node[7 + q] += total
                    node[12] += total
    for node in amounts.values():
        node[13] = node.get(6, Decimal(0)) + node.get(12, Decimal(0))
    return amounts
