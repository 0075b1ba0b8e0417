"""Results per indicator for a year and quarter (SOP step 3), computed with the pure rules of
`monev.domain` from the plan and the reported data. A fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monev.accounts.models import User
from monev.core.access import scope_of
from monev.domain.aggregates import GroupSummary, summarize
from monev.evaluation import policies
from monev.evaluation.models import AnalysisNote, FlagResolution
from monev.evaluation.store import (  # noqa: F401  (re-exported: the results' public names)
    COUNT_UNITS,
    IndicatorResult,
    YearData,
    result_of,
    year_data,
)
from monev.organization.models import Unit
from monev.organization.selectors import bidang_scope, subtree_ids
from monev.planning.models import PlanNode
from monev.sop.models import Cycle


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


def visible_results(user: User, **kwargs: Any) -> list[IndicatorResult]:
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
    data = year_data(agency_id, results[0].year)
    nodes, settings = data.nodes, data.settings
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
        summary = summarize(members[node.pk], settings.group_cap, settings.bands)
        ordered.append(NodeSummary(node, depth, summary))
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


# --- Steps 3 and 7: open flags, analysis notes, what keeps the steps from completing ------------


def open_flags(cycle: Cycle) -> list[tuple[Any, Any, FlagResolution | None]]:
    """Return (result, flag, resolution) for every flag of the cycle's quarter."""
    resolutions = {(r.indicator_id, r.code): r for r in FlagResolution.objects.filter(cycle=cycle)}
    rows = []
    seen: set[tuple[int, str]] = set()
    for result in results_for_quarter(cycle.agency_id, year=cycle.year, quarter=cycle.quarter):
        for flag in result.flags:
            key = (result.indicator.pk, flag.code)
            if key in seen:  # one line per indicator and kind, however often it was raised
                continue
            seen.add(key)
            rows.append((result, flag, resolutions.get(key)))
    return rows


def step3_ready(run: Any) -> bool:
    """Step 3 completes when every data-quality flag is resolved or explained."""
    return not step3_blockers(run)


def step3_blockers(run: Any) -> list[str]:
    """Why step 3 cannot complete: how many data-quality flags are not explained yet."""
    unexplained = sum(1 for _r, _f, resolution in open_flags(run.cycle) if resolution is None)
    if not unexplained:
        return []
    return [_("%(n)d tanda kualitas data belum dijelaskan.") % {"n": unexplained}]


@dataclass
class NoteView:
    """One analysis note as a page shows it: the saved note (or a blank one), whether the
    user may edit it, and the Bidang's own narratives from its submission as a starting point."""

    unit: Unit | None
    note: AnalysisNote
    editable: bool
    suggestion: dict[str, str] = field(
        default_factory=lambda: dict.fromkeys(AnalysisNote.TEXT_FIELDS, "")
    )
    form: Any = None

    @property
    def unit_id(self) -> int | None:
        return self.unit.pk if self.unit else None


def analysis_closed(cycle: Cycle) -> bool:
    """Return True once the analysis (the step with key `analisis`) is done: the cycle has
    started a later step and the analysis is not running again (a step returned to it).
    From then on the notes are read-only; they stand in the report."""
    from monev.sop.choices import StepKey
    from monev.sop.models import SopStep
    from monev.sop.selectors import cycle_is_at

    number = (
        SopStep.objects.filter(definition_id=cycle.definition_id, key=StepKey.ANALISIS)
        .values_list("number", flat=True)
        .first()
    )
    if number is None:
        return False
    return cycle.runs.filter(number__gt=number).exists() and not cycle_is_at(
        cycle, StepKey.ANALISIS
    )


ANALYSIS_CLOSED = gettext_lazy(
    "Analisis siklus ini sudah selesai (langkah analisis telah dilewati); catatan analisis "
    "hanya dapat dibaca."
)


def analysis_notes(cycle: Cycle, user: User) -> list[NoteView]:
    """The agency's note and one per reporting Bidang the user may see (two queries); none
    is editable once the analysis is closed."""
    from monev.collection.models import Submission

    closed = analysis_closed(cycle)

    saved = {n.unit_id: n for n in AnalysisNote.objects.filter(cycle=cycle)}
    submissions = Submission.objects.filter(cycle=cycle).select_related("unit")
    scope = bidang_scope(user)
    if scope is not None:
        submissions = submissions.filter(unit_id__in=scope)
    views = [
        NoteView(
            unit=None,
            note=saved.get(None) or AnalysisNote(cycle=cycle),
            editable=policies.may_edit_note(user, None) and not closed,
        )
    ]
    for submission in submissions:
        views.append(
            NoteView(
                unit=submission.unit,
                note=saved.get(submission.unit_id)
                or AnalysisNote(cycle=cycle, unit=submission.unit),
                editable=policies.may_edit_note(user, submission.unit) and not closed,
                suggestion={
                    "drivers": submission.drivers,
                    "obstacles": submission.obstacles,
                    "next_quarter": submission.follow_up,
                    "next_renja": "",
                },
            )
        )
    return views


def step7_blockers(run: Any) -> list[str]:
    """Why step 7 cannot complete: no plan and no document, or the agency's note incomplete."""
    if step7_ready(run):
        return []
    from monev.collection.selectors import period_of

    if period_of(run.cycle) is None:
        return [_("Belum ada rencana tahun ini; lampirkan dokumen analisis terlebih dahulu.")]
    return [_("Catatan analisis tingkat Dinas belum lengkap.")]


def step7_ready(run: Any) -> bool:
    """Step 7 completes when the agency's analysis note is written in full (without a plan
    for the year there is nothing to analyse here: the step is done by hand, with a
    document)."""
    from monev.collection.selectors import period_of

    if period_of(run.cycle) is None:
        return bool(run.documents.exists())
    note = AnalysisNote.objects.filter(cycle=run.cycle, unit__isnull=True).first()
    return note is not None and note.is_complete
