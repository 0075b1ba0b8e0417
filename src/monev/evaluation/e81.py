"""Formulir E.81 (Permendagri 86/2017): evaluation of the Renja's results, built once and
shared by the page and the XLSX workbook, with a fixed number of queries.

Rows follow the plan tree (tujuan → sasaran → program → kegiatan → sub kegiatan): a row per
plan node carrying the budget (Rp) halves, then a row per indicator carrying the performance
(K) halves. Columns are numbered as in the form (DOMAIN.md §1.3):

    5 target Renstra (end of period) · 6 realisation up to last year · 7 target Renja this
    year · 8–11 realisation per quarter · 12 realisation this year (RULES §2) · 13 = 6 + 12 ·
    14 = 13 / 5 × 100

plus the in-year columns the quarterly monev needs (DOMAIN.md §1.3, proposed): the Renja
achievement s/d TW q (RULES §3, K) and the serapan anggaran (RULES §6, Rp); the deviasi against
the cash plan (RULES §6, Rp, where a cash plan exists) and the efisiensi, labelled indicative
(achievement − serapan, percentage points) — the same values as the dashboard and the results
API.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from monev.accounts.choices import Role
from monev.core import formats
from monev.domain.achievement import ytd_realization
from monev.domain.aggregates import GroupSummary, group_mean, summarize
from monev.domain.budget import efficiency
from monev.domain.pangkat import pangkat_label
from monev.domain.ratings import Rating
from monev.domain.renstra import (
    amount_ratio,
    realization_before,
    realization_to_date,
    renstra_achievement,
)
from monev.evaluation.models import AnalysisNote
from monev.evaluation.selectors import IndicatorResult, results_for_quarter
from monev.evaluation.store import YearData, year_data
from monev.organization.models import Agency, Official
from monev.organization.selectors import subtree_ids
from monev.planning.choices import Level
from monev.planning.models import Indicator, PlanNode
from monev.sop.models import Cycle

#: Column numbers of the K/Rp pairs, and the extra in-year column ("capaian Renja").
PAIR_COLUMNS = (5, 6, 7, 8, 9, 10, 11, 12, 13, 14)
RENJA = "renja"
#: RULES §6 on the Rp halves of budget rows: deviasi against the cash plan, and efisiensi
#: (indicative).
DEVIATION = "deviasi"
EFFICIENCY = "efisiensi"
#: The pairs in the order of the printed form; the in-year columns follow column 12.
DISPLAY_COLUMNS: tuple[int | str, ...] = (
    5, 6, 7, 8, 9, 10, 11, 12, RENJA, DEVIATION, EFFICIENCY, 13, 14,
)  # fmt: skip
PERCENT_COLUMNS = (14, RENJA, DEVIATION, EFFICIENCY)
QUARTER_COLUMNS = (8, 9, 10, 11)
BUDGET_LEVELS = (Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN)


@dataclass
class Pair:
    k: Decimal | None = None
    rp: Decimal | None = None


@dataclass
class Row:
    """A plan node (Rp halves) or one of its indicators (K halves)."""

    level: str
    code: str
    name: str
    depth: int
    sasaran: str = ""
    unit_of_measure: str = ""
    unit: str = ""
    indicator_id: int | None = None
    node_id: int | None = None
    result: IndicatorResult | None = None
    cells: dict[int | str, Pair] = field(default_factory=dict)
    remark: str = ""
    number: int | None = None  # "No" of the form: plan nodes are numbered, indicators not
    #: The murni annual target (indicator) or pagu (node's own budget) where the stage in
    #: force changed it (RULES §11: shown beside it, marked "(murni)"), else None.
    murni_target: Decimal | None = None
    murni_pagu: Decimal | None = None

    @property
    def is_indicator(self) -> bool:
        return self.indicator_id is not None

    def cell(self, column: int | str) -> Pair:
        return self.cells.setdefault(column, Pair())

    @property
    def is_budget_node(self) -> bool:
        """Program, kegiatan and sub kegiatan rows go in column 3; tujuan/sasaran in 2."""
        return self.level in BUDGET_LEVELS

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level in Level.values else ""

    @property
    def decimals(self) -> int:
        return self.result.indicator.decimals if self.result else 0

    @property
    def display(self) -> list[tuple[int | str, Decimal | None, int, Decimal | None, int]]:
        """(column, K, K decimals, Rp, Rp decimals) in the order of the printed form; K only
        on indicator rows, Rp only on node rows."""
        out = []
        for column in DISPLAY_COLUMNS:
            pair = self.cells.get(column) or Pair()
            percent = column in PERCENT_COLUMNS
            out.append(
                (column, pair.k, 2 if percent else self.decimals, pair.rp, 2 if percent else 0)
            )
        return out


@dataclass
class Signer:
    title: str
    name: str = ""
    pangkat: str = ""
    nip: str = ""


@dataclass
class E81:
    agency: Agency
    year: int
    quarter: int
    rows: list[Row]
    summary: GroupSummary
    totals: dict[int | str, Pair]
    note: AnalysisNote | None
    cycle: Cycle | None
    prepared_by: Signer
    evaluated_by: Signer
    unit_name: str = ""
    #: The plan stage in force for the quarter when it is not murni (RULES §11), else "".
    stage_label: str = ""

    @property
    def mean(self) -> Decimal | None:
        return self.summary.mean

    @property
    def rating(self) -> Rating | None:
        return self.summary.rating

    @property
    def total_display(self) -> list[tuple[int | str, Decimal | None, int]]:
        """(column, Rp, decimals) of the budget total row, in the order of the form."""
        return [
            (c, (self.totals.get(c) or Pair()).rp, 2 if c in PERCENT_COLUMNS else 0)
            for c in DISPLAY_COLUMNS
        ]

    @property
    def column_labels(self) -> list[tuple[int | str, str, str]]:
        """(column, heading, numbering) of each K/Rp pair in the order of the form, shared by
        the page and the workbook; a quarter's heading is its Roman numeral, under
        `quarters_label`."""
        year = self.year
        labels: dict[int | str, tuple[str, str]] = {
            5: (_("Target Renstra PD pada tahun akhir periode Renstra"), "5"),
            6: (
                _("Realisasi capaian kinerja Renstra PD s/d Renja PD tahun %(last)s")
                % {"last": year - 1},
                "6",
            ),
            7: (_("Target kinerja dan anggaran Renja PD tahun %(year)s") % {"year": year}, "7"),
            8: ("I", "8"),
            9: ("II", "9"),
            10: ("III", "10"),
            11: ("IV", "11"),
            12: (
                _("Realisasi capaian kinerja dan anggaran Renja PD tahun %(year)s")
                % {"year": year},
                "12 = 8+9+10+11",
            ),
            RENJA: (_("Tingkat capaian Renja s/d triwulan ini (%)"), "12a"),
            DEVIATION: (_("Deviasi realisasi anggaran terhadap anggaran kas (%)"), "12b"),
            EFFICIENCY: (
                _("Efisiensi (indikatif): capaian − serapan anggaran (poin)"),
                "12c = 12a(K) − 12a(Rp)",
            ),
            13: (
                _("Realisasi kinerja dan anggaran Renstra PD s/d tahun %(year)s") % {"year": year},
                "13 = 6+12",
            ),
            14: (
                _(
                    "Tingkat capaian kinerja dan realisasi anggaran Renstra PD s/d tahun "
                    "%(year)s (%%)"
                )
                % {"year": year},
                "14 = 13/5×100%",
            ),
        }
        return [(c, *labels[c]) for c in DISPLAY_COLUMNS]

    @property
    def quarters_label(self) -> str:
        return _("Realisasi kinerja pada triwulan tahun %(year)s") % {"year": self.year}

    @property
    def signers(self) -> list[tuple[str, Signer]]:
        return [(str(_("Disusun")), self.prepared_by), (str(_("Dievaluasi")), self.evaluated_by)]


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
    own_budget = _node_amounts(data, quarter)
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
            _fill_amounts(row, amounts)
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
    _fill_budget_rules(data, quarter, rows, results, children, units if unit else None)
    budget = data.budget(quarter)
    shown = {row.node_id for row in nodes_shown if row.node_id is not None}
    own = _own_nodes(nodes, units if unit else None)
    total = budget.of_nodes(_closure(shown, children) & own, summary.mean)
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


def _own_nodes(nodes: dict[int, PlanNode], units: frozenset[int] | None) -> set[int]:
    """The nodes whose budget a unit-limited table counts (every node when not limited)."""
    return {pk for pk, n in nodes.items() if units is None or n.responsible_unit_id in units}


def _closure(node_ids: set[int], children: dict[int | None, list[PlanNode]]) -> set[int]:
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


def _fill_budget_rules(
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
    own = _own_nodes(data.nodes, units)
    by_node: dict[int, list[Decimal | None]] = defaultdict(list)
    for r in results:
        by_node[r.indicator.node_id].append(r.achievement)
    for row in rows:
        if row.is_indicator or row.node_id is None or not row.is_budget_node:
            continue
        subtree = _closure({row.node_id}, children)
        mean = group_mean(
            [a for pk in subtree for a in by_node.get(pk, [])], data.settings.group_cap
        )
        amounts = budget.of_nodes(subtree & own, mean)
        row.cell(DEVIATION).rp = amounts.deviation
        row.cell(EFFICIENCY).rp = efficiency(mean, row.cell(RENJA).rp)


def _fill_amounts(row: Row, amounts: dict[int, Decimal]) -> None:
    for column in PAIR_COLUMNS:
        if column in amounts:
            row.cell(column).rp = amounts[column]
    row.cell(14).rp = amount_ratio(amounts.get(13), amounts.get(5))
    row.cell(RENJA).rp = amount_ratio(amounts.get(12), amounts.get(7))


def _sasaran_above(node: PlanNode, nodes: dict[int, PlanNode]) -> str:
    """The name of the sasaran above `node` (for a program shown on its own)."""
    current: PlanNode | None = node
    while current is not None:
        if current.level == Level.SASARAN:
            return current.name
        current = nodes.get(current.parent_id) if current.parent_id else None
    return ""


#: Up to this many indicators the page shows the whole table at once; a larger plan opens
#: on its first program, the whole table one click away (for print) and always in the XLSX.
WHOLE_TABLE_UP_TO = 150
WHOLE = "semua"


def programs(agency: Agency, year: int) -> list[PlanNode]:
    """The programs of the year's plan, in tree order (for choosing one on the page)."""
    return [n for n in year_data(agency.pk, year).nodes.values() if n.level == Level.PROGRAM]


def page_program(agency: Agency, year: int, asked: str | None, unit: int | None) -> str | None:
    """The program the page shows: the one asked for, none for the whole table ("semua"), or
    by default the first program with a visible indicator when the plan is large."""
    if asked == WHOLE:
        return None
    if asked:
        return asked
    data = year_data(agency.pk, year)
    units = subtree_ids(unit)
    visible = [i for i in data.indicators if not unit or i.responsible_unit_id in units]
    if len(visible) <= WHOLE_TABLE_UP_TO:
        return None
    nodes = data.nodes
    for indicator in visible_sorted(visible, nodes):
        current: PlanNode | None = nodes.get(indicator.node_id)
        while current is not None and current.level != Level.PROGRAM:
            current = nodes.get(current.parent_id) if current.parent_id else None
        if current is not None:
            return current.code
    return None


def visible_sorted(indicators: list[Indicator], nodes: dict[int, PlanNode]) -> list[Indicator]:
    order = {pk: i for i, pk in enumerate(nodes)}
    return sorted(indicators, key=lambda i: order.get(i.node_id, 0))


def _node_amounts(data: YearData, quarter: int) -> dict[int, dict[int, Decimal]]:
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
