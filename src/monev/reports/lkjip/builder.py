"""Build the LKjIP's snapshot (SPEC §16, DOMAIN §8.5) from the same computations as the
quarterly report and the results API: the year at TW IV (`reports.builder.build_at`: the
dashboard, E.81 of TW IV), each IKU's result at TW IV of every year of the Renstra up to this
one (`evaluation.store.year_data`, which the results API reads), the analysis notes of the
year's four monev cycles and their findings and recommendations (monitoring's report
contract)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from monev.domain.achievement import achievement
from monev.domain.budget import absorption, efficiency
from monev.domain.periods import roman
from monev.evaluation import annual
from monev.evaluation.store import IndicatorResult, YearData
from monev.monitoring.selectors import report_section
from monev.planning.choices import Level
from monev.planning.models import PlanNode
from monev.reports import kinds
from monev.reports.builder import build_at
from monev.reports.snapshot import (
    AnnualData,
    AnnualIndicator,
    FollowUpItem,
    ProgramBudget,
    QuarterNote,
    Snapshot,
    YearFigure,
)
from monev.sop.choices import CycleStatus
from monev.sop.models import Cycle

YEAR_END = annual.YEAR_END


def _figure(result: IndicatorResult | None, year: int) -> YearFigure:
    if result is None:
        return YearFigure(year=year)
    return YearFigure(
        year=year,
        target=result.target,
        realization=result.realization,
        achievement=result.achievement,
        rating=str(result.rating or ""),
    )


def _descendants(nodes: dict[int, PlanNode], root: int) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for node in nodes.values():
        children.setdefault(node.parent_id, []).append(node.pk)
    found, todo = set(), [root]
    while todo:
        current = todo.pop()
        found.add(current)
        todo += children.get(current, [])
    return found


def _programs(data: YearData, snap: Snapshot) -> list[ProgramBudget]:
    pagu_of, nodes = data.pagu_at(YEAR_END), data.nodes
    means = {p.code: p.summary for p in snap.programs}
    rows = []
    programs = [n for n in nodes.values() if n.level == Level.PROGRAM]
    for program in sorted(programs, key=lambda n: n.code):
        members = _descendants(nodes, program.pk)
        pagu = sum((v for k, v in pagu_of.items() if k in members), Decimal(0))
        spent = sum(
            (v for k in members for q, v in data.spent.get(k, {}).get(data.year, {}).items()
             if q <= YEAR_END),
            Decimal(0),
        )  # fmt: skip
        summary = means.get(program.code)
        mean = summary.mean if summary else None
        absorbed = absorption(spent, pagu or None)
        rows.append(
            ProgramBudget(
                code=program.code,
                name=program.name,
                pagu=pagu or None,
                spent=spent if pagu else None,
                absorption=absorbed,
                achievement=mean,
                rating=summary.rating if summary else "",
                efficiency=efficiency(mean, absorbed),
            )
        )
    return rows


def build_lkjip(cycle: Cycle, now: datetime | None = None) -> Snapshot:
    """Return the LKjIP snapshot of an annual cycle's year, as the data stand now."""
    now = now or timezone.now()
    cycles = annual.quarter_cycles(cycle.agency_id, cycle.year)
    snap = build_at(cycle, quarter=YEAR_END, data_cycle=cycles.get(YEAR_END), now=now)
    snap.kind = kinds.LKJIP
    recap = annual.year_recap(cycle.agency_id, cycle.year)
    data, period, first = recap.data, recap.data.period, recap.first_year
    notes = [
        QuarterNote(
            quarter=n.cycle.quarter or 0,
            unit_name=str(n.unit or ""),
            drivers=n.drivers.strip(),
            obstacles=n.obstacles.strip(),
            next_quarter=n.next_quarter.strip(),
            next_renja=n.next_renja.strip(),
        )
        for n in annual.notes_of_year(cycle.agency_id, cycle.year)
    ]
    findings_by_code: dict[str, list[str]] = {}
    recommendations: list[FollowUpItem] = []
    for quarter, quarter_cycle in sorted(cycles.items()):
        for visit in report_section(quarter_cycle).visits:
            for finding in visit.findings:
                if finding.indicator_code:
                    findings_by_code.setdefault(finding.indicator_code, []).append(
                        f"TW {roman(quarter)}: {finding.text}"
                    )
                recommendations += [
                    FollowUpItem(
                        quarter=quarter,
                        unit_name=r.unit_name or visit.unit_name,
                        finding=finding.text,
                        recommendation=r.text,
                        status=str(r.status or ""),
                        follow_up=r.follow_up,
                    )
                    for r in finding.recommendations
                ]
    indicators: list[AnnualIndicator] = []
    sasaran: dict[str, str] = {}
    for iku in recap.ikus:
        indicator, owner = iku.indicator, iku.sasaran
        if owner is not None:
            sasaran.setdefault(owner.code, owner.name)
        unit = str(indicator.responsible_unit or "")

        def of_unit(attr: str, unit: str = unit) -> list[str]:
            return [
                f"TW {roman(n.quarter)}: {getattr(n, attr)}"
                for n in notes
                if getattr(n, attr) and n.unit_name in ("", unit)
            ]

        figures = [_figure(result, y) for y, result in iku.rows]
        this = figures[-1]
        indicators.append(
            AnnualIndicator(
                code=indicator.code,
                name=indicator.name,
                sasaran_code=owner.code if owner else "",
                sasaran_name=owner.name if owner else "",
                unit_name=unit,
                unit_of_measure=indicator.unit_of_measure,
                decimals=indicator.decimals,
                polarity=str(indicator.polarity),
                baseline=indicator.baseline,
                end_target=indicator.end_target,
                years=figures,
                end_achievement=achievement(
                    indicator.polarity, indicator.negative_variant, indicator.end_target,
                    this.realization,
                ).value,
                drivers=of_unit("drivers"),
                obstacles=of_unit("obstacles"),
                findings=findings_by_code.get(indicator.code, []),
            )
        )  # fmt: skip
    snap.annual = AnnualData(
        renstra_name=period.name if period else "",
        renstra_start=first,
        renstra_end=period.end_year if period else cycle.year,
        sasaran=[[code, name] for code, name in sasaran.items()],
        indicators=indicators,
        programs=_programs(data, snap),
        notes=notes,
        recommendations=recommendations,
        quarters_finished=sorted(q for q, c in cycles.items() if c.status == CycleStatus.SELESAI),
    )
    return snap
