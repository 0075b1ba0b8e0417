"""The analysis dashboard (SOP step 7): agency, Bidang and program achievement, ratings,
budget absorption, the trend over quarters and the early-warning list — one snapshot built
with a fixed number of queries, shared by the page, its tables and its charts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from monev.domain.aggregates import GroupSummary
from monev.domain.aggregates import summarize as summarize_with
from monev.domain.budget import absorption, efficiency
from monev.evaluation.store import IndicatorResult, year_data
from monev.organization.models import Unit
from monev.organization.selectors import subtree_ids
from monev.planning.choices import Level
from monev.planning.models import PlanNode


@dataclass
class GroupRow:
    key: str
    name: str
    summary: GroupSummary
    pk: int | None = None
    absorption: Decimal | None = None
    pagu: Decimal | None = None
    spent: Decimal | None = None
    #: RULES §6: cash plan s/d TW q (of the sub kegiatan that have one) and the deviasi
    #: against it; efisiensi (indicative) = the group's mean − serapan, percentage points.
    planned: Decimal | None = None
    deviation: Decimal | None = None
    efficiency: Decimal | None = None
    #: RULES §5: none of the group's indicators has a value counted for the quarter itself
    #: ("belum ada data", no achievement, left out of the means above it).
    no_data: bool = False


@dataclass
class Dashboard:
    year: int
    quarter: int
    agency: GroupSummary
    by_unit: list[GroupRow] = field(default_factory=list)
    by_program: list[GroupRow] = field(default_factory=list)
    trend: list[tuple[int, Decimal | None]] = field(default_factory=list)
    trend_last_year: list[tuple[int, Decimal | None]] = field(default_factory=list)
    previous_year: Decimal | None = None
    at_risk: list[IndicatorResult] = field(default_factory=list)
    results: list[IndicatorResult] = field(default_factory=list)
    absorption: Decimal | None = None
    pagu: Decimal | None = None
    spent: Decimal | None = None
    planned: Decimal | None = None
    deviation: Decimal | None = None
    efficiency: Decimal | None = None
    #: Units whose form of the quarter is not submitted: their values do not count yet.
    not_submitted: list[Unit] = field(default_factory=list)
    #: Units shown (of `by_unit`) without any value counted for the quarter (RULES §5).
    units_without_data: int = 0
    #: How many units (of `by_unit`) the dashboard shows.
    units_shown: int = 0


def _has_value(values: dict[int, dict[int, dict[int, Decimal | None]]], r: Any) -> bool:
    """Whether the indicator has a value counted for the result's quarter itself (values of
    earlier quarters, carried by `cumulative` or `average`, do not count here: RULES §5)."""
    return values.get(r.indicator.pk, {}).get(r.year, {}).get(r.quarter) is not None


def _counted(
    rows: list[IndicatorResult], values: dict[int, dict[int, dict[int, Decimal | None]]]
) -> tuple[list[IndicatorResult], set[int | None]]:
    """The rows that count in a mean above the units (RULES §5): those of units with at least
    one value counted for the quarter itself; and the units left out for having none."""
    shown: set[int | None] = {r.indicator.responsible_unit_id for r in rows}
    with_data: set[int | None] = {
        r.indicator.responsible_unit_id for r in rows if _has_value(values, r)
    }
    without = shown - with_data
    return [r for r in rows if r.indicator.responsible_unit_id not in without], without


def _program_of(nodes: dict[int, PlanNode]) -> dict[int, PlanNode | None]:
    """Map each node to its program ancestor (None above program level)."""
    found: dict[int, PlanNode | None] = {}
    for node in nodes.values():
        current: PlanNode | None = node
        while current is not None and current.level != Level.PROGRAM:
            current = nodes.get(current.parent_id) if current.parent_id else None
        found[node.pk] = current
    return found


def build(
    agency_id: int,
    *,
    year: int,
    quarter: int,
    unit: int | None = None,
    iku_only: bool = False,
    program: str | None = None,
) -> Dashboard:
    """Return the dashboard of `year` up to `quarter`; `unit` limits the detail to one unit,
    `program` (a program code) to one program's indicators."""
    units = subtree_ids(unit)  # a unit's detail includes the units under it
    quarters = list(range(1, quarter + 1))
    data = year_data(agency_id, year)
    this_year = data.results
    results = this_year.get(quarter, [])
    counted, without = _counted(results, data.values)
    cap, bands = data.settings.group_cap, data.settings.bands

    def summarize(values: Any) -> GroupSummary:
        return summarize_with(values, cap, bands)

    agency = summarize([r.achievement for r in counted])
    budget = data.budget(quarter)
    nodes = data.nodes
    program_of = _program_of(nodes)
    detail = [
        r
        for r in results
        if (not unit or r.indicator.responsible_unit_id in units)
        and (not iku_only or r.indicator.is_iku)
        and (not program or getattr(program_of.get(r.indicator.node_id), "code", None) == program)
    ]
    by_unit: dict[Any, list[IndicatorResult]] = defaultdict(list)
    by_program: dict[Any, list[IndicatorResult]] = defaultdict(list)
    for r in detail:
        by_unit[r.indicator.responsible_unit].append(r)
        owner = program_of.get(r.indicator.node_id)
        if owner is not None:
            by_program[owner].append(r)
    pagu, spent = data.unit_pagu(quarter), data.unit_spent(quarter)

    def unit_row(u: Unit, rows: list[IndicatorResult]) -> GroupRow:
        summary = summarize([None if u.pk in without else r.achievement for r in rows])
        amounts = budget.unit(u.pk, summary.mean)
        return GroupRow(
            key=u.code,
            name=u.name,
            summary=summary,
            pk=u.pk,
            pagu=pagu.get(u.pk),
            spent=spent.get(u.pk, Decimal(0)),
            absorption=absorption(spent.get(u.pk, Decimal(0)), pagu.get(u.pk)),
            planned=amounts.planned,
            deviation=amounts.deviation,
            efficiency=efficiency(
                summary.mean, absorption(spent.get(u.pk, Decimal(0)), pagu.get(u.pk))
            ),
            no_data=u.pk in without,
        )

    unit_rows = [
        unit_row(u, rows) for u, rows in sorted(by_unit.items(), key=lambda item: item[0].order)
    ]

    def program_row(p: PlanNode, rows: list[IndicatorResult]) -> GroupRow:
        kept = [r for r in rows if r.indicator.responsible_unit_id not in without]
        no_data = not any(_has_value(data.values, r) for r in rows)
        return GroupRow(
            key=p.code,
            name=p.name,
            summary=summarize([None] * len(rows) if no_data else [r.achievement for r in kept]),
            no_data=no_data,
        )

    program_rows = [
        program_row(p, rows)
        for p, rows in sorted(by_program.items(), key=lambda item: item[0].code)
    ]
    last = year_data(agency_id, year - 1)
    last_year = last.results

    def mean_of(rows: list[IndicatorResult], values: Any) -> Decimal | None:
        shown = [r for r in rows if not unit or r.indicator.responsible_unit_id in units]
        return summarize([r.achievement for r in _counted(shown, values)[0]]).mean

    trend = [(q, mean_of(this_year.get(q, []), data.values)) for q in quarters]
    trend_last_year = [(q, mean_of(last_year.get(q, []), last.values)) for q in quarters]
    total_pagu = sum(pagu.values(), Decimal(0))
    total_spent = sum(spent.values(), Decimal(0))
    total_absorption = absorption(total_spent, total_pagu or None)
    total = budget.total(agency.mean)
    return Dashboard(
        year=year,
        quarter=quarter,
        agency=agency,
        by_unit=unit_rows,
        by_program=program_rows,
        trend=trend,
        previous_year=summarize(
            [r.achievement for r in _counted(last_year.get(quarter, []), last.values)[0]]
        ).mean,
        trend_last_year=trend_last_year,
        # RULES §7: at TW IV the year is over, no indicator is at risk by projection.
        at_risk=[r for r in detail if r.at_risk] if quarter < 4 else [],
        results=detail,
        absorption=total_absorption,
        pagu=total_pagu if pagu else None,
        spent=total_spent,
        planned=total.planned,
        deviation=total.deviation,
        efficiency=efficiency(agency.mean, total_absorption),
        not_submitted=[u for u in data.pending.get(quarter, []) if not unit or u.pk in units],
        units_without_data=sum(1 for row in unit_rows if row.no_data),
        units_shown=len(unit_rows),
    )
