"""Reads of the plan: the tree with its indicators, targets and budgets for a year.

`plan_tree` runs a fixed number of queries whatever the plan's size (asserted in tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from monev.core.access import scope_of
from monev.domain.periods import roman
from monev.planning.choices import Aggregation, Level, StageKind
from monev.planning.models import (
    Budget,
    Indicator,
    PlanNode,
    PlanStage,
    RenstraPeriod,
    StageBudget,
    StageTarget,
    Target,
)


def periods_visible_to(user: Any) -> QuerySet[RenstraPeriod]:
    return scope_of(user).filter(RenstraPeriod.objects)


def period_for(user: Any, year: int | None = None) -> RenstraPeriod | None:
    """Return the user's Renstra period covering `year` (default: this year), else the latest."""
    year = year or timezone.localdate().year
    periods = periods_visible_to(user)
    return periods.filter(start_year__lte=year, end_year__gte=year).first() or periods.first()


def nodes_visible_to(user: Any) -> QuerySet[PlanNode]:
    return scope_of(user).filter(PlanNode.objects)


def indicators_visible_to(user: Any) -> QuerySet[Indicator]:
    return (
        scope_of(user)
        .filter(Indicator.objects)
        .select_related("node", "responsible_unit", "period")
    )


def indicator_for(user: Any, pk: int) -> Indicator:
    return get_object_or_404(indicators_visible_to(user), pk=pk)


def targets_visible_to(user: Any) -> QuerySet[Target]:
    return scope_of(user).filter(Target.objects)


@dataclass
class IndicatorRow:
    indicator: Indicator
    annual: Decimal | None = None
    quarters: list[Decimal | None] = field(default_factory=lambda: [None] * 4)

    @property
    def quarters_mismatch(self) -> bool:
        """Return True for a cumulative indicator whose quarterly targets do not add up to the
        annual target (flagged, not refused)."""
        if self.indicator.aggregation != Aggregation.CUMULATIVE or self.annual is None:
            return False
        given = [q for q in self.quarters if q is not None]
        return bool(given) and sum(given, Decimal(0)) != self.annual


@dataclass
class NodeRow:
    node: PlanNode
    depth: int
    indicators: list[IndicatorRow] = field(default_factory=list)
    pagu: Decimal | None = None
    cash: list[Decimal | None] = field(default_factory=lambda: [None] * 4)
    has_children: bool = False


def plan_tree(
    period: RenstraPeriod,
    *,
    year: int,
    unit: int | None = None,
    iku_only: bool = False,
    q: str = "",
) -> list[NodeRow]:
    """Return the plan tree in order (parents first) for `year`, filtered.

    A node is kept when it matches the filters itself (its code/name holds `q`, or one of its
    indicators matches) or when one of its descendants does; the unit filter keeps nodes and
    indicators the unit is responsible for. Targets and budgets are those of the year's last
    stage (RULES §11). Five queries, seven when the year has stages.
    """
    nodes = list(PlanNode.objects.filter(period=period).select_related("responsible_unit"))
    indicators = list(
        Indicator.objects.filter(period=period)
        .select_related("responsible_unit")
        .order_by("order", "code")
    )
    current = year_plan(period, year).current  # the plan as it stands (RULES §11)
    rows_by_indicator: dict[int, IndicatorRow] = {i.pk: IndicatorRow(i) for i in indicators}
    for indicator_id, row in rows_by_indicator.items():
        row.annual = current.annual.get(indicator_id)
        for quarter, value in current.quarterly.get(indicator_id, {}).items():
            row.quarters[quarter - 1] = value
    needle = q.strip().lower()
    filtered = bool(needle or unit or iku_only)

    def passes(row: IndicatorRow, *, with_text: bool) -> bool:
        indicator = row.indicator
        if iku_only and not indicator.is_iku:
            return False
        if unit and indicator.responsible_unit_id != unit:
            return False
        return not (with_text and needle) or needle in f"{indicator.code} {indicator.name}".lower()

    by_node: dict[int, list[IndicatorRow]] = {}
    for row in rows_by_indicator.values():
        by_node.setdefault(row.indicator.node_id, []).append(row)
    children: dict[int | None, list[PlanNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    ordered: list[NodeRow] = []

    def walk(parent: int | None, depth: int) -> bool:
        kept_any = False
        for node in sorted(children.get(parent, []), key=lambda n: (n.order, n.code)):
            position = len(ordered)
            row = NodeRow(node=node, depth=depth, has_children=bool(children.get(node.pk)))
            ordered.append(row)
            below = walk(node.pk, depth + 1)
            own = by_node.get(node.pk, [])
            named = bool(needle) and needle in f"{node.code} {node.name}".lower()
            shown = [i for i in own if passes(i, with_text=not named)]
            node_itself = named and (not unit or node.responsible_unit_id == unit) and not iku_only
            if not filtered or shown or node_itself or below:
                row.indicators = shown if filtered else own
                if node.pk in current.pagu:
                    row.pagu = current.pagu[node.pk]
                    row.cash = list(current.cash.get(node.pk, [None] * 4))
                kept_any = True
            else:
                del ordered[position:]
        return kept_any

    walk(None, 0)
    return ordered


def plan_totals(rows: list[NodeRow]) -> dict[str, Any]:
    indicators = [i for r in rows for i in r.indicators]
    return {
        "nodes": len(rows),
        "indicators": len(indicators),
        "iku": sum(1 for i in indicators if i.indicator.is_iku),
        "pagu": sum((r.pagu for r in rows if r.pagu is not None), Decimal(0)),
        "mismatches": sum(1 for i in indicators if i.quarters_mismatch),
    }


def indicator_targets(indicator: Indicator) -> list[dict[str, Any]]:
    """Return one row per Renstra year: annual target and the four quarterly targets."""
    values = {(t.year, t.quarter): t.value for t in indicator.targets.all()}
    rows = []
    for year in indicator.period.years:
        row = IndicatorRow(indicator, annual=values.get((year, None)))
        row.quarters = [values.get((year, q)) for q in (1, 2, 3, 4)]
        rows.append({"year": year, "row": row})
    return rows


def indicator_targets_in_force(indicator: Indicator) -> list[dict[str, Any]]:
    """Return one row per Renstra year as the plan's stages leave it (RULES §11): the annual
    target of the year's last stage and each quarter's target in force for that quarter; a
    cell a stage changed carries the murni value as `was` (`cells`: annual first, then the
    four quarters). The edit form keeps `indicator_targets` (it edits the murni plan). Three
    queries."""
    rows = indicator_targets(indicator)
    stages = list(PlanStage.objects.filter(period_id=indicator.period_id))
    changed: dict[int, list[StageTarget]] = {}
    if stages:
        for target in StageTarget.objects.filter(indicator=indicator, stage__in=stages):
            changed.setdefault(target.stage_id, []).append(target)
    for item in rows:
        murni_row: IndicatorRow = item["row"]
        murni = PlanState(None)
        if murni_row.annual is not None:
            murni.annual[indicator.pk] = murni_row.annual
        murni.quarterly[indicator.pk] = {
            q: v for q, v in enumerate(murni_row.quarters, start=1) if v is not None
        }
        states = [murni]
        for stage in sorted((s for s in stages if s.year == item["year"]), key=lambda s: s.number):
            states.append(states[-1].after(stage, changed.get(stage.pk, []), []))
        plan = YearPlan(item["year"], states)
        row = IndicatorRow(indicator, annual=plan.current.annual.get(indicator.pk))
        row.quarters = [plan.at(q).quarterly.get(indicator.pk, {}).get(q) for q in (1, 2, 3, 4)]
        item["row"] = row
        item["stage"] = plan.current.short_label if len(states) > 1 else ""
        item["cells"] = [
            {"value": now, "was": was, "changed": now != was}
            for now, was in zip(
                [row.annual, *row.quarters], [murni_row.annual, *murni_row.quarters], strict=True
            )
        ]
    return rows


LEVEL_ORDER = [level.value for level in Level]


# --- Plan stages (RULES §11) --------------------------------------------------------------------


@dataclass
class PlanState:
    """The plan of one year as a stage leaves it: murni (`stage` None) or murni with every
    stage up to `stage` applied. Keys are indicator and plan node ids."""

    stage: PlanStage | None
    annual: dict[int, Decimal] = field(default_factory=dict)
    quarterly: dict[int, dict[int, Decimal]] = field(default_factory=dict)
    pagu: dict[int, Decimal] = field(default_factory=dict)
    cash: dict[int, list[Decimal | None]] = field(default_factory=dict)

    @property
    def first_quarter(self) -> int:
        return self.stage.first_quarter if self.stage else 1

    @property
    def kind(self) -> str:
        return self.stage.kind if self.stage else StageKind.MURNI

    @property
    def label(self) -> str:
        """ "Murni", or e.g. "Perubahan (mulai Triwulan III)"."""
        if self.stage is None:
            return str(StageKind.MURNI.label)
        return gettext("%(kind)s (mulai Triwulan %(quarter)s)") % {
            "kind": self.stage.get_kind_display(),
            "quarter": roman(self.stage.first_quarter),
        }

    @property
    def short_label(self) -> str:
        """ "Murni" or the stage's kind, for a narrow column heading."""
        return str(StageKind.MURNI.label) if self.stage is None else self.stage.get_kind_display()

    @property
    def quarters(self) -> str:
        """The quarters the stage applies from: "TW I–IV", "TW III–IV"."""
        return f"TW {roman(self.first_quarter)}–IV" if self.first_quarter < 4 else "TW IV"

    def after(self, stage: PlanStage, targets: list[Any], budgets: list[Any]) -> PlanState:
        """Return the state `stage` leaves, from this one and the rows it changes."""
        state = PlanState(
            stage,
            dict(self.annual),
            {k: dict(v) for k, v in self.quarterly.items()},
            dict(self.pagu),
            {k: list(v) for k, v in self.cash.items()},
        )
        for row in targets:
            if row.quarter is None:
                state.annual[row.indicator_id] = row.value
            else:
                state.quarterly.setdefault(row.indicator_id, {})[row.quarter] = row.value
        for row in budgets:
            if row.pagu is not None:
                state.pagu[row.node_id] = row.pagu
            cash = state.cash.setdefault(row.node_id, [None] * 4)
            for q, value in enumerate(row.cash_plan, start=1):
                if value is not None:
                    cash[q - 1] = value
        return state


@dataclass
class YearPlan:
    """Every stage of a plan year, murni first (RULES §11)."""

    year: int
    states: list[PlanState]

    @property
    def murni(self) -> PlanState:
        return self.states[0]

    @property
    def current(self) -> PlanState:
        return self.states[-1]

    @property
    def stages(self) -> list[PlanStage]:
        return [s.stage for s in self.states if s.stage is not None]

    def at(self, quarter: int) -> PlanState:
        """The state in force for `quarter`: the last stage whose first quarter is ≤ it."""
        found = self.states[0]
        for state in self.states[1:]:
            if state.first_quarter <= quarter:
                found = state
        return found


def year_plan(
    period: RenstraPeriod,
    year: int,
    *,
    stages: list[PlanStage] | None = None,
    budgets: list[Budget] | None = None,
) -> YearPlan:
    """Return the stages of `year` with the plan each leaves: three queries without stages,
    five with (fewer when the caller passes the year's `stages` or `budgets`)."""
    murni = PlanState(None)
    for indicator_id, quarter, value in Target.objects.filter(
        indicator__period=period, year=year
    ).values_list("indicator_id", "quarter", "value"):
        if quarter is None:
            murni.annual[indicator_id] = value
        else:
            murni.quarterly.setdefault(indicator_id, {})[quarter] = value
    if budgets is None:
        budgets = list(Budget.objects.filter(node__period=period, year=year))
    for budget in budgets:
        murni.pagu[budget.node_id] = budget.pagu
        murni.cash[budget.node_id] = list(budget.cash_plan)  # type: ignore[arg-type]
    if stages is None:
        stages = list(PlanStage.objects.filter(period=period, year=year))
    stages = sorted((s for s in stages if s.year == year), key=lambda s: s.number)
    states = [murni]
    if not stages:
        return YearPlan(year, states)
    changed_targets: dict[int, list[StageTarget]] = {}
    for target in StageTarget.objects.filter(stage__in=stages):
        changed_targets.setdefault(target.stage_id, []).append(target)
    changed_budgets: dict[int, list[StageBudget]] = {}
    for stage_budget in StageBudget.objects.filter(stage__in=stages):
        changed_budgets.setdefault(stage_budget.stage_id, []).append(stage_budget)
    for stage in stages:
        states.append(
            states[-1].after(
                stage, changed_targets.get(stage.pk, []), changed_budgets.get(stage.pk, [])
            )
        )
    return YearPlan(year, states)


def year_end_pagu(budgets: list[Budget], stages: list[PlanStage]) -> dict[int, dict[int, Decimal]]:
    """Return plan node → year → pagu of the last stage of each year (murni where no stage
    changed it) from the period's `budgets` and `stages`; one query when there are stages."""
    found: dict[int, dict[int, Decimal]] = {}
    for budget in budgets:
        found.setdefault(budget.node_id, {})[budget.year] = budget.pagu
    if stages:
        for node_id, year, pagu in (
            StageBudget.objects.filter(stage__in=stages, pagu__isnull=False)
            .order_by("stage__year", "stage__number")
            .values_list("node_id", "stage__year", "pagu")
        ):
            if pagu is not None:
                found.setdefault(node_id, {})[year] = pagu
    return found


def latest_stage_label(period: RenstraPeriod, year: int) -> str:
    """The label of the year's last stage ("" when the year is only murni). One query."""
    latest = PlanStage.objects.filter(period=period, year=year).order_by("number").last()
    return PlanState(latest).label if latest is not None else ""


def stages_visible_to(user: Any) -> QuerySet[PlanStage]:
    return scope_of(user).filter(PlanStage.objects)


@dataclass
class StageDiffRow:
    """One value that differs between the stages of a year: a target or a budget figure,
    its value after each stage (murni first) and the stages that changed it."""

    kind: str  # "target" or "budget"
    code: str
    name: str
    field: str
    values: list[Decimal | None]
    changed: list[bool]
    decimals: int = 0

    @property
    def pairs(self) -> list[tuple[Decimal | None, bool]]:
        return list(zip(self.values, self.changed, strict=True))


def stage_differences(plan: YearPlan, period: RenstraPeriod) -> list[StageDiffRow]:
    """Return every target and budget figure some stage of `plan` changed, in plan order
    (two queries)."""
    if len(plan.states) < 2:
        return []
    rows: list[StageDiffRow] = []
    states = plan.states
    indicators = Indicator.objects.filter(period=period).order_by("node__code", "order", "code")
    for indicator in indicators:
        keys: list[tuple[str, int | None]] = [(gettext("Target tahunan"), None)]
        keys += [(gettext("Target Triwulan %(q)s") % {"q": roman(q)}, q) for q in (1, 2, 3, 4)]
        for label, quarter in keys:
            values = [
                s.annual.get(indicator.pk)
                if quarter is None
                else s.quarterly.get(indicator.pk, {}).get(quarter)
                for s in states
            ]
            _add_row(rows, "target", indicator.code, indicator.name, label, values)
            if rows and rows[-1].code == indicator.code:
                rows[-1].decimals = indicator.decimals
    for node in PlanNode.objects.filter(period=period).order_by("code"):
        pagu = [s.pagu.get(node.pk) for s in states]
        _add_row(rows, "budget", node.code, node.name, gettext("Pagu (Rp)"), pagu)
        for q in (1, 2, 3, 4):
            cash = [s.cash.get(node.pk, [None] * 4)[q - 1] for s in states]
            label = gettext("Anggaran kas Triwulan %(q)s (Rp)") % {"q": roman(q)}
            _add_row(rows, "budget", node.code, node.name, label, cash)
    return rows


def _add_row(
    rows: list[StageDiffRow],
    kind: str,
    code: str,
    name: str,
    label: str,
    values: list[Decimal | None],
) -> None:
    changed = [False] + [values[i] != values[i - 1] for i in range(1, len(values))]
    if any(changed):
        rows.append(StageDiffRow(kind, code, name, label, values, changed))
