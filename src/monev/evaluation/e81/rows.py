"""Build Formulir E.81 from the year's data (`evaluation.store`): the plan tree walked once,
a row per visible plan node with its Rp sums, a row per indicator with its K values."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from monev.accounts.choices import Role
from monev.core import formats
from monev.domain.achievement import ytd_realization
from monev.domain.aggregates import summarize
from monev.domain.budget import efficiency
from monev.domain.pangkat import pangkat_label
from monev.domain.renstra import (
    amount_ratio,
    realization_before,
    realization_to_date,
    renstra_achievement,
)
from monev.evaluation.e81.table import (
    BUDGET_LEVELS,
    DEVIATION,
    E81,
    EFFICIENCY,
    RENJA,
    Pair,
    Row,
    Signer,
)
from monev.evaluation.e81.totals import (
    closure,
    fill_amounts,
    fill_budget_rules,
    node_amounts,
    own_nodes,
)
from monev.evaluation.models import AnalysisNote
from monev.evaluation.selectors import IndicatorResult, results_for_quarter
from monev.evaluation.store import year_data
from monev.organization.models import Agency, Official
from monev.organization.selectors import subtree_ids
from monev.planning.choices import Level
from monev.planning.models import PlanNode
from monev.sop.models import Cycle


def build(
    agency: Agency,
    *,
    year: int,
    quarter: int,
    unit: int | None = None,
    program: str | None = None,
) -> E81:
    """Return Formulir E.81 of `year` up to `quarter`; `unit` limits it to one unit's rows,
    `program` (a program's code) to that program's rows, its totals and its mean."""
    data = year_data(agency.pk, year)
    period = data.period
    cycle = Cycle.objects.filter(agency=agency, year=year, quarter=quarter).first()
    note = AnalysisNote.objects.filter(cycle=cycle, unit__isnull=True).first() if cycle else None
    prepared_by, evaluated_by = _signers(agency)
    empty = E81(
        agency, year, quarter, [], summarize([]), {}, note, cycle, prepared_by, evaluated_by
    )
    if period is None:
        return empty
    results = results_for_quarter(agency.pk, year=year, quarter=quarter, unit=unit)
    units = subtree_ids(unit)  # a unit's rows include the units under it
    nodes = data.nodes
    values = data.values  # a row reads quarters up to its result's quarter only
    own_budget = node_amounts(data, quarter)
    state = data.plan.at(quarter) if data.plan is not None else None
    changed_pagu: dict[int, Decimal] = {}
    if state is not None and state.stage is not None and data.plan is not None:
        murni_pagu = data.plan.murni.pagu
        changed_pagu = {
            node_id: murni_pagu[node_id]
            for node_id, pagu in state.pagu.items()
            if node_id in murni_pagu and murni_pagu[node_id] != pagu
        }
    by_node: dict[int, list[IndicatorResult]] = defaultdict(list)
    for r in results:
        by_node[r.indicator.node_id].append(r)
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    for node in nodes.values():
        children[node.parent_id].append(node)

    rows: list[Row] = []
    totals: dict[int | str, Pair] = defaultdict(Pair)

    def visit(node: PlanNode, depth: int, sasaran: str) -> tuple[list[Row], dict[int, Decimal]]:
        """Rows of `node`'s subtree (empty when nothing in it is visible) and its Rp sums."""
        if node.level == Level.SASARAN:
            sasaran = node.name
        sub_rows: list[Row] = []
        amounts: dict[int, Decimal] = defaultdict(Decimal)
        own_unit = not unit or node.responsible_unit_id in units
        if own_unit:
            for column, amount in own_budget.get(node.pk, {}).items():
                amounts[column] += amount
        for child in children.get(node.pk, []):
            child_rows, child_amounts = visit(child, depth + 1, sasaran)
            sub_rows += child_rows
            for column, amount in child_amounts.items():
                amounts[column] += amount
        indicator_rows = [_indicator_row(r, depth + 1, values) for r in by_node.get(node.pk, [])]
        if not (indicator_rows or sub_rows or (own_unit and node.pk in own_budget)):
            return [], {}
        row = Row(
            level=node.level,
            code=node.code,
            name=node.name,
            depth=depth,
            sasaran=node.name if node.level in (Level.TUJUAN, Level.SASARAN) else "",
            unit=str(node.responsible_unit or ""),
            node_id=node.pk,
        )
        if node.level in BUDGET_LEVELS:
            fill_amounts(row, amounts)
            if own_unit and node.pk in changed_pagu:
                row.murni_pagu = changed_pagu[node.pk]
        return [row, *indicator_rows, *sub_rows], amounts

    roots = children.get(None, [])
    if program:
        chosen = next(
            (n for n in nodes.values() if n.level == Level.PROGRAM and n.code == program), None
        )
        roots = [chosen] if chosen is not None else []
        inside: set[int] = set()
        stack = list(roots)
        while stack:
            node = stack.pop()
            inside.add(node.pk)
            stack += children.get(node.pk, [])
        results = [r for r in results if r.indicator.node_id in inside]
    for root in roots:
        sasaran = _sasaran_above(root, nodes) if program else ""
        root_rows, root_amounts = visit(root, 0, sasaran)
        rows += root_rows
        if root_rows:
            for column, amount in root_amounts.items():
                totals[column].rp = (totals[column].rp or Decimal(0)) + amount
    for ratio, top, base in ((14, 13, 5), (RENJA, 12, 7)):
        totals[ratio].rp = amount_ratio(totals[top].rp, totals[base].rp)
    nodes_shown = [row for row in rows if not row.is_indicator]
    for number, row in enumerate(nodes_shown, start=1):
        row.number = number
    settings = data.settings
    summary = summarize([r.achievement for r in results], settings.group_cap, settings.bands)
    fill_budget_rules(data, quarter, rows, results, children, units if unit else None)
    budget = data.budget(quarter)
    shown = {row.node_id for row in nodes_shown if row.node_id is not None}
    own = own_nodes(nodes, units if unit else None)
    total = budget.of_nodes(closure(shown, children) & own, summary.mean)
    totals[DEVIATION].rp = total.deviation
    totals[EFFICIENCY].rp = efficiency(summary.mean, totals[RENJA].rp)
    unit_name = next((str(r.indicator.responsible_unit) for r in results), "") if unit else ""
    table = E81(
        agency,
        year,
        quarter,
        rows,
        summary,
        dict(totals),
        note,
        cycle,
        prepared_by,
        evaluated_by,
        unit_name,
    )
    if state is not None and state.stage is not None:
        table.stage_label = state.label
    return table


def _indicator_row(
    result: IndicatorResult, depth: int, values: dict[int, dict[int, dict[int, Decimal | None]]]
) -> Row:
    indicator = result.indicator
    per_year = values.get(indicator.pk, {})
    this_year = per_year.get(result.year, {})
    row = Row(
        level="indikator",
        code=indicator.code,
        name=indicator.name,
        depth=depth,
        unit_of_measure=indicator.unit_of_measure,
        unit=str(indicator.responsible_unit or ""),
        indicator_id=indicator.pk,
        result=result,
        remark=formats.rating(result.rating) if result.rating else "",  # the agency's labels
    )
    before = realization_before(
        indicator.aggregation,
        {
            y: ytd_realization(indicator.aggregation, quarters, 4).value
            for y, quarters in per_year.items()
            if y < result.year
        },
    )
    to_date = realization_to_date(indicator.aggregation, before, result.realization)
    row.cell(5).k = indicator.end_target
    row.cell(6).k = before
    row.cell(7).k = result.annual_target
    row.murni_target = result.murni_annual_target
    for quarter in range(1, result.quarter + 1):
        row.cell(7 + quarter).k = this_year.get(quarter)
    row.cell(12).k = result.realization
    row.cell(13).k = to_date
    row.cell(14).k = renstra_achievement(
        indicator.polarity, indicator.negative_variant, indicator.end_target, to_date
    )
    row.cell(RENJA).k = result.achievement
    return row


def _sasaran_above(node: PlanNode, nodes: dict[int, PlanNode]) -> str:
    """The name of the sasaran above `node` (for a program shown on its own)."""
    current: PlanNode | None = node
    while current is not None:
        if current.level == Level.SASARAN:
            return current.name
        current = nodes.get(current.parent_id) if current.parent_id else None
    return ""


def _signers(agency: Agency) -> tuple[Signer, Signer]:
    """The head of the agency ("Disusun") and the evaluator ("Dievaluasi")."""
    head: Official | None = (
        Official.objects.filter(
            agency=agency,
            is_active=True,
            user__role_assignments__role=Role.KEPALA_DINAS,
        )
        .order_by("pk")
        .first()
    )
    prepared = Signer(title=head.position if head is not None else "")
    if head is not None:
        prepared.name = head.name
        prepared.pangkat = pangkat_label(head.golongan) if head.golongan else ""
        prepared.nip = head.nip or ""
    evaluated = Signer(
        title=agency.evaluator_title, name=agency.evaluator_name, nip=agency.evaluator_nip
    )
    return prepared, evaluated
