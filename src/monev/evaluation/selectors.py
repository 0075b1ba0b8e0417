"""Results per indicator for a year and quarter (SOP step 3), computed with the pure rules of
`monev.domain` from the plan and the reported data. A fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count

from monev.collection.models import Realization
from monev.domain.achievement import achievement, annual_progress, ytd_realization, ytd_target
from monev.domain.aggregates import GroupSummary, summarize
from monev.domain.projection import is_at_risk, projected_achievement
from monev.domain.quality import Flag, indicator_flags
from monev.domain.ratings import Rating, rate
from monev.organization.selectors import subtree_ids
from monev.planning.models import Indicator, PlanNode, RenstraPeriod, Target

#: Units of measure that are counts (a negative value is then flagged).
COUNT_UNITS = frozenset(
    {
        "orang",
        "koperasi",
        "unit",
        "unit usaha",
        "dokumen",
        "laporan",
        "perusahaan",
        "lembaga",
        "kasus",
        "kali",
        "kegiatan",
        "paket",
        "usaha",
    }
)


@dataclass
class IndicatorResult:
    indicator: Indicator
    year: int
    quarter: int
    target: Decimal | None
    realization: Decimal | None
    achievement: Decimal | None
    rating: Rating | None
    annual_target: Decimal | None = None
    annual_progress: Decimal | None = None
    projection: Decimal | None = None
    at_risk: bool = False
    flags: list[Flag] = field(default_factory=list)


def results_for_quarter(
    agency_id: int,
    *,
    year: int,
    quarter: int,
    unit: int | None = None,
    indicator: int | None = None,
) -> list[IndicatorResult]:
    """Return each indicator's year-to-date result at `quarter` of `year` (RULES §2–§8)."""
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
    """Return the year-to-date results at each of `quarters` of `year`, from one read of the
    plan and the reported data (the same four queries whatever the number of quarters)."""
    empty: dict[int, list[IndicatorResult]] = {q: [] for q in quarters}
    period = RenstraPeriod.objects.filter(
        agency_id=agency_id, start_year__lte=year, end_year__gte=year
    ).first()
    if period is None or not quarters:
        return empty
    indicators = (
        Indicator.objects.filter(period=period)
        .select_related("node", "responsible_unit")
        .order_by("node__code", "order", "code")
    )
    if unit:
        indicators = indicators.filter(responsible_unit_id__in=subtree_ids(unit))
    if indicator:
        indicators = indicators.filter(pk=indicator)
    rows = list(indicators)
    ids = [i.pk for i in rows]
    annual: dict[int, Decimal] = {}
    quarterly: dict[int, dict[int, Decimal]] = {}
    for target in Target.objects.filter(indicator_id__in=ids, year=year):
        if target.quarter is None:
            annual[target.indicator_id] = target.value
        else:
            quarterly.setdefault(target.indicator_id, {})[target.quarter] = target.value
    values: dict[int, dict[int, Decimal | None]] = {}
    evidence: set[tuple[int, int]] = set()
    for realization in Realization.objects.filter(
        indicator_id__in=ids, year=year, quarter__lte=max(quarters)
    ).annotate(evidence_count=Count("evidence")):
        values.setdefault(realization.indicator_id, {})[realization.quarter] = realization.value
        if realization.evidence_count:
            evidence.add((realization.indicator_id, realization.quarter))
    return {
        q: [
            _result(
                i,
                year,
                q,
                annual.get(i.pk),
                quarterly.get(i.pk),
                {k: v for k, v in values.get(i.pk, {}).items() if k <= q},
                (i.pk, q) in evidence,
            )
            for i in rows
        ]
        for q in quarters
    }


def _result(
    indicator: Indicator,
    year: int,
    quarter: int,
    annual: Decimal | None,
    quarterly: dict[int, Decimal] | None,
    values: dict[int, Decimal | None],
    has_evidence: bool,
) -> IndicatorResult:
    ytd = ytd_realization(indicator.aggregation, values, quarter)
    target = ytd_target(indicator.aggregation, quarterly, annual, quarter)
    result = achievement(indicator.polarity, indicator.negative_variant, target, ytd.value)
    projection = projected_achievement(
        indicator.aggregation,
        quarter=quarter,
        achievement=result.value,
        realization=ytd.value,
        annual_target=annual,
        has_quarterly_targets=bool(quarterly),
    )
    flags = indicator_flags(
        aggregation=indicator.aggregation,
        value=values.get(quarter),
        has_evidence=has_evidence,
        achievement=result.value,
        previous_value=values.get(quarter - 1),
        is_count=indicator.unit_of_measure.lower() in COUNT_UNITS,
        cumulative_gap=ytd.gap,
    )
    flags += [Flag(code) for code in sorted(result.flags)]
    return IndicatorResult(
        indicator=indicator,
        year=year,
        quarter=quarter,
        target=target,
        realization=ytd.value,
        achievement=result.value,
        rating=rate(result.value),
        annual_target=annual,
        annual_progress=annual_progress(indicator.aggregation, ytd.value, annual, result.value),
        projection=projection,
        at_risk=is_at_risk(projection),
        flags=flags,
    )


def visible_results(user: Any, **kwargs: Any) -> list[IndicatorResult]:
    """Results the user may see in detail: a Bidang user only its own Bidang's indicators."""
    if user.is_bidang_only:
        kwargs["unit"] = user.unit_id
    return results_for_quarter(user.agency_id, **kwargs)


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
    period_id = results[0].indicator.period_id
    nodes = {
        n.pk: n for n in PlanNode.objects.filter(period_id=period_id).order_by("order", "code")
    }
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
