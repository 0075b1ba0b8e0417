"""Results of an agency's year, computed once per data token and kept in memory
(docs/decisions/0008-materialised-results.md).

`year_data(agency_id, year)` returns everything the results pages read — each indicator's
result at every quarter (RULES §2–§8), the counted reported values and budget realisations
since the Renstra's first year, pagu per plan node, and the units whose form is not yet
submitted — from one query while nothing changed, or from a fixed number of queries (the
computation) after a write. Only submitted data counts (RULES §2 "What counts").
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from monev.collection.choices import SubmissionStatus
from monev.collection.models import BudgetRealization, Correction, Realization, Submission
from monev.core import store
from monev.core.freshness import changed_in_this_transaction, current_token, results_changed
from monev.domain.achievement import achievement, annual_progress, ytd_realization, ytd_target
from monev.domain.projection import is_at_risk, projected_achievement
from monev.domain.quality import Flag, indicator_flags
from monev.domain.ratings import Rating, rate
from monev.domain.rule_settings import DEFAULTS, RuleSettings
from monev.evaluation.budget import BudgetView, node_flags
from monev.organization.models import Unit
from monev.organization.selectors import rule_settings
from monev.planning.models import Budget, Indicator, PlanNode, PlanStage, RenstraPeriod
from monev.planning.selectors import PlanState, YearPlan, year_end_pagu, year_plan
from monev.sop.choices import StepKey
from monev.sop.models import Cycle, SopStep, StepRun

T = TypeVar("T")

#: A form in these statuses is the Bidang's work in progress: its values do not count until
#: it is submitted, unless the quarter is locked (step 3 started) or a value was corrected.
NOT_COUNTED = frozenset({SubmissionStatus.DRAFT, SubmissionStatus.DIKEMBALIKAN})

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
    #: The murni annual target where the stage in force changed it (RULES §11), else None.
    murni_annual_target: Decimal | None = None
    #: The stage whose targets this result used ("Murni", "Perubahan (mulai Triwulan III)").
    stage_label: str = ""
    annual_progress: Decimal | None = None
    projection: Decimal | None = None
    at_risk: bool = False
    flags: list[Flag] = field(default_factory=list)


@dataclass
class YearData:
    """An agency's results of one year, shared read-only by every reader of the same token."""

    agency_id: int
    year: int
    period: RenstraPeriod | None = None
    indicators: list[Indicator] = field(default_factory=list)
    #: quarter (1–4) → each indicator's year-to-date result, in plan order.
    results: dict[int, list[IndicatorResult]] = field(default_factory=dict)
    #: plan nodes in tree order (`order`, `code`), with their responsible unit.
    nodes: dict[int, PlanNode] = field(default_factory=dict)
    #: indicator → year → quarter → counted value, from the Renstra's first year to `year`.
    values: dict[int, dict[int, dict[int, Decimal | None]]] = field(default_factory=dict)
    #: plan node → year → pagu (of `year`: murni; of other years: their last stage).
    pagu: dict[int, dict[int, Decimal]] = field(default_factory=dict)
    #: The stages of `year` (RULES §11): targets, pagu and cash plan in force per quarter.
    plan: YearPlan | None = None
    #: plan node → year → quarter → counted budget realisation.
    spent: dict[int, dict[int, dict[int, Decimal]]] = field(default_factory=dict)
    #: quarter → units whose form of that quarter is not submitted (its values do not count).
    pending: dict[int, list[Unit]] = field(default_factory=dict)
    #: The agency's settings of the *(setting)* rules the results were computed with.
    settings: RuleSettings = DEFAULTS

    def budget(self, quarter: int) -> BudgetView:
        """Pagu, realisation, cash plan, serapan, deviasi and efisiensi at `quarter` per sub
        kegiatan, unit and agency (RULES §6)."""
        return BudgetView.of(self, quarter)

    def pagu_at(self, quarter: int) -> dict[int, Decimal]:
        """Plan node → pagu of `year` in force for `quarter` (RULES §11)."""
        if self.plan is None:
            return {n: years[self.year] for n, years in self.pagu.items() if self.year in years}
        return self.plan.at(quarter).pagu

    def unit_pagu(self, quarter: int = 4) -> dict[int, Decimal]:
        """Pagu of `year` in force for `quarter` per responsible unit."""
        found: dict[int, Decimal] = defaultdict(Decimal)
        for node_id, pagu in self.pagu_at(quarter).items():
            unit = self.nodes[node_id].responsible_unit_id if node_id in self.nodes else None
            if unit:
                found[unit] += pagu
        return dict(found)

    def unit_spent(self, quarter: int) -> dict[int, Decimal]:
        """Budget realisation s/d TW `quarter` of `year` per responsible unit."""
        found: dict[int, Decimal] = defaultdict(Decimal)
        for node_id, years in self.spent.items():
            unit = self.nodes[node_id].responsible_unit_id if node_id in self.nodes else None
            if unit:
                found[unit] += sum(
                    (v for q, v in years.get(self.year, {}).items() if q <= quarter), Decimal(0)
                )
        return dict(found)


_CACHE: OrderedDict[tuple[int, int, int], YearData] = OrderedDict()
_LOCK = threading.Lock()
#: Agency-years kept per process (two years per dashboard; many agencies for Bappeda).
CACHE_SIZE = 96


def year_data(agency_id: int, year: int) -> YearData:
    """The agency's results of `year`, computed afresh only when its data token changed."""
    token = current_token(agency_id)
    if token is None:
        if changed_in_this_transaction(agency_id):
            return compute(agency_id, year)
        results_changed(agency_id)  # the first read of an agency records its token
        token = current_token(agency_id)
        if token is None:
            return compute(agency_id, year)
    key = (agency_id, year, token)
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    data = compute(agency_id, year)
    with _LOCK:
        _CACHE[key] = data
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return data


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()
    store.clear()


def compute(agency_id: int, year: int) -> YearData:
    """Compute the agency's results of `year` from the plan and the counted data (ten
    queries, whatever the size)."""
    data = YearData(agency_id, year, results={q: [] for q in range(1, 5)})
    period = RenstraPeriod.objects.filter(
        agency_id=agency_id, start_year__lte=year, end_year__gte=year
    ).first()
    if period is None:
        return data
    data.period = period
    data.settings = settings = rule_settings(agency_id)
    first = period.start_year
    data.indicators = list(
        Indicator.objects.filter(period=period)
        .select_related("node", "responsible_unit")
        .order_by("node__code", "order", "code")
    )
    data.nodes = {
        n.pk: n
        for n in PlanNode.objects.filter(period=period)
        .select_related("responsible_unit")
        .order_by("order", "code")
    }
    pending, corrected, corrected_budget = _not_counted(agency_id, first, year)
    unit_of = {i.pk: i.responsible_unit_id for i in data.indicators}
    values: dict[int, dict[int, dict[int, Decimal | None]]] = defaultdict(lambda: defaultdict(dict))
    evidence: set[tuple[int, int]] = set()
    rows = (
        Realization.objects.filter(indicator__period=period, year__gte=first, year__lte=year)
        .annotate(evidence_count=Count("evidence"))
        .values_list("pk", "indicator_id", "year", "quarter", "value", "evidence_count")
    )
    for pk, indicator_id, y, q, value, evidence_count in rows:
        if (unit_of.get(indicator_id), y, q) in pending and pk not in corrected:
            continue
        values[indicator_id][y][q] = value
        if y == year and evidence_count:
            evidence.add((indicator_id, q))
    data.values = values
    stages = list(PlanStage.objects.filter(period=period).select_related("made_by"))
    budgets = list(Budget.objects.filter(node__period=period))
    data.plan = year_plan(
        period, year, stages=stages, budgets=[b for b in budgets if b.year == year]
    )
    data.pagu = year_end_pagu(budgets, [s for s in stages if s.year != year])
    for node_id, pagu in data.plan.murni.pagu.items():
        data.pagu.setdefault(node_id, {})[year] = pagu
    spent: dict[int, dict[int, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for pk, node_id, y, q, amount in BudgetRealization.objects.filter(
        node__period=period, year__gte=first, year__lte=year
    ).values_list("pk", "node_id", "year", "quarter", "amount"):
        node = data.nodes.get(node_id)
        unit = node.responsible_unit_id if node else None
        if (unit, y, q) in pending and pk not in corrected_budget:
            continue
        spent[node_id][y][q] = amount
    data.spent = spent
    murni = data.plan.murni
    for q in range(1, 5):
        state = data.plan.at(q)  # the stage in force for the quarter (RULES §11)
        label = state.label  # once per quarter, not per indicator (a translated string)
        data.results[q] = [
            _staged(
                result_of(
                    i,
                    year,
                    q,
                    state.annual.get(i.pk),
                    state.quarterly.get(i.pk),
                    {k: v for k, v in values.get(i.pk, {}).get(year, {}).items() if k <= q},
                    (i.pk, q) in evidence,
                    settings,
                ),
                state,
                murni.annual.get(i.pk),
                label,
            )
            for i in data.indicators
        ]
        node_flags(data, q)
    units: dict[int | None, Unit | None] = {
        i.responsible_unit_id: i.responsible_unit for i in data.indicators
    }
    units.update({n.responsible_unit_id: n.responsible_unit for n in data.nodes.values()})
    for unit_id, y, q in sorted(pending, key=lambda k: (k[1], k[2])):
        found = units.get(unit_id)
        if y == year and found is not None:
            data.pending.setdefault(q, []).append(found)
    for q in data.pending:
        data.pending[q].sort(key=lambda u: (u.order, u.name))
    return data


def _staged(
    result: IndicatorResult, state: PlanState, murni: Decimal | None, label: str
) -> IndicatorResult:
    """Mark the stage `result` used (`label`: the state's) and, where it changed the annual
    target, the murni one."""
    result.stage_label = label
    if state.stage is not None and murni != result.annual_target:
        result.murni_annual_target = murni
    return result


def _not_counted(
    agency_id: int, first: int, year: int
) -> tuple[set[tuple[int | None, int, int]], set[int], set[int]]:
    """(unit, year, quarter) whose form is not submitted in an unlocked quarter; the ids of
    realisations and budget realisations changed by a recorded correction (three queries)."""
    olah_data = SopStep.objects.filter(
        definition_id=OuterRef(OuterRef("definition_id")), key=StepKey.OLAH_DATA
    ).values("number")[:1]
    locked_run = StepRun.objects.filter(cycle_id=OuterRef("pk"), number__gte=Subquery(olah_data))
    locked = {
        (y, q)
        for y, q, is_locked in Cycle.objects.filter(
            agency_id=agency_id, year__gte=first, year__lte=year
        )
        .annotate(is_locked=Exists(locked_run))
        .values_list("year", "quarter", "is_locked")
        if is_locked
    }
    pending: set[tuple[int | None, int, int]] = {
        (unit, y, q)
        for unit, y, q, status in Submission.objects.filter(
            cycle__agency_id=agency_id, cycle__year__gte=first, cycle__year__lte=year
        ).values_list("unit_id", "cycle__year", "cycle__quarter", "status")
        if status in NOT_COUNTED and (y, q) not in locked
    }
    corrected: set[int] = set()
    corrected_budget: set[int] = set()
    for realization_id, budget_id in Correction.objects.filter(
        Q(realization__indicator__period__agency_id=agency_id)
        | Q(budget_realization__node__period__agency_id=agency_id)
    ).values_list("realization_id", "budget_realization_id"):
        if realization_id:
            corrected.add(realization_id)
        if budget_id:
            corrected_budget.add(budget_id)
    return pending, corrected, corrected_budget


def result_of(
    indicator: Indicator,
    year: int,
    quarter: int,
    annual: Decimal | None,
    quarterly: dict[int, Decimal] | None,
    values: dict[int, Decimal | None],
    has_evidence: bool,
    settings: RuleSettings = DEFAULTS,
) -> IndicatorResult:
    """One indicator's result at `quarter` (RULES §2–§8, §12) from its targets and counted
    values, with the agency's `settings`."""
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
        earlier_sum=sum(
            (v for k, v in values.items() if k < quarter and v is not None), Decimal(0)
        ),
        quarter_target=(quarterly or {}).get(quarter),
        settings=settings,
    )
    flags += [Flag(code) for code in sorted(result.flags)]
    return IndicatorResult(
        indicator=indicator,
        year=year,
        quarter=quarter,
        target=target,
        realization=ytd.value,
        achievement=result.value,
        rating=rate(result.value, settings.bands),
        annual_target=annual,
        annual_progress=annual_progress(indicator.aggregation, ytd.value, annual, result.value),
        projection=projection,
        at_risk=is_at_risk(projection),
        flags=flags,
    )
