"""Results per indicator for a year and quarter (SOP step 3), computed with the pure rules of
`monev.domain` from the plan and the reported data. A fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from monev.core.access import scope_of
from monev.domain.aggregates import GroupSummary, summarize
from monev.evaluation.store import (  # noqa: F401  (re-exported: the results' public names)
    COUNT_UNITS,
    IndicatorResult,
    YearData,
    result_of,
    year_data,
)
from monev.organization.selectors import subtree_ids
from monev.planning.models import PlanNode


def results_for_quarter(
    agency_id: int,
    *,
    year: int,
    quarter: int,
    unit: int | None = None,
    indicator: int | None = None,
) -> list[IndicatorResult]:
    """Return each indicator's year-to-date result at `quarter` of `year` (RULES §2–§8),
    counting submitted data only."""
    return results_for_quarters(
        agency_id, year=year, quarters=[quarter], unit=unit, indicator=indicator
    )[quarter]


def results_for_quarters(
    agency_id: int,
    *,
    year: int,
    quarters: list[int],
    unit: int | None = None,
    indicator: int | None = None,
) -> dict[int, list[IndicatorResult]]:
    """Return the year-to-date results at each of `quarters` of `year`, read from the
    agency's stored results of the year (one query while nothing changed)."""
    data = year_data(agency_id, year)
    units = subtree_ids(unit)  # a unit's results include the units under it
    return {
        q: [
            r
            for r in data.results.get(q, [])
            if (not unit or r.indicator.responsible_unit_id in units)
            and (not indicator or r.indicator.pk == indicator)
        ]
        for q in quarters
    }


def visible_results(user: Any, **kwargs: Any) -> list[IndicatorResult]:
    """Results the user may see in detail: a Bidang user only its own Bidang's indicators."""
    if user.is_bidang_only:
        kwargs["unit"] = user.unit_id
    return results_for_quarter(scope_of(user).agency_id, **kwargs)


@dataclass
class NodeSummary:
    """A plan node and the aggregate of every indicator in its subtree (RULES §5)."""

    node: PlanNode
    depth: int
    summary: GroupSummary


def node_summaries(agency_id: int, results: list[IndicatorResult]) -> list[NodeSummary]:
    """Aggregate the results to every level of the plan — sasaran, program, kegiatan, sub
    kegiatan (and tujuan) — each indicator counted once in each of its ancestors; in tree
    order, nodes without indicators left out (one query)."""
    if not results:
        return []
    nodes = year_data(agency_id, results[0].year).nodes
    members: dict[int, list[Decimal | None]] = defaultdict(list)
    for result in results:
        node_id: int | None = result.indicator.node_id
        while node_id is not None and node_id in nodes:
            members[node_id].append(result.achievement)
            node_id = nodes[node_id].parent_id
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    for node in nodes.values():
        children[node.parent_id].append(node)
    ordered: list[NodeSummary] = []

    def visit(node: PlanNode, depth: int) -> None:
        if node.pk not in members:
            return
        ordered.append(NodeSummary(node, depth, summarize(members[node.pk])))
        for child in children.get(node.pk, []):
            visit(child, depth + 1)

    for root in children.get(None, []):
        visit(root, 0)
    return ordered


def indicator_results(indicator: Any, *, until_year: int) -> list[IndicatorResult]:
    """The indicator's result at each quarter that has a counted value, in the years of its
    Renstra up to `until_year` (for the indicator page: achievement beside annual progress)."""
    found: list[IndicatorResult] = []
    period = indicator.period
    for year in range(period.start_year, min(period.end_year, until_year) + 1):
        data = year_data(period.agency_id, year)
        reported = data.values.get(indicator.pk, {}).get(year, {})
        for quarter in range(1, 5):
            if reported.get(quarter) is None:
                continue
            found += [r for r in data.results[quarter] if r.indicator.pk == indicator.pk]
    return found
