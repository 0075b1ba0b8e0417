"""Steps 2 and 3 of the annual SOP (SPEC §16) plug into the SOP engine by their keys, and the
year's recap they show — the same computation the LKjIP's BAB III is frozen from.

- Step 2 (rekap capaian tahunan) waits until the agency's monev cycle of TW IV of the year is
  finished; its page is the year's recap: per sasaran and IKU the target, realisation and
  achievement at TW IV of the year and of the earlier years of the Renstra (`year_recap`,
  read from `evaluation.store.year_data`, as the results API is).
- Step 3 (analisis capaian tahunan) is done by hand with a note; its page lists per IKU the
  four quarters' analysis notes (of its Bidang and of the agency) and the monev findings on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monev.domain.periods import YEAR_END
from monev.evaluation.models import AnalysisNote
from monev.evaluation.store import IndicatorResult, YearData, year_data
from monev.planning.choices import Level
from monev.planning.models import Indicator, PlanNode
from monev.sop import handlers
from monev.sop.choices import CycleStatus, StepKey
from monev.sop.selectors import quarter_cycles


@dataclass
class IkuYears:
    """An IKU, its sasaran, and its result at TW IV of each year of the Renstra up to `year`
    (None: no result computed for that year)."""

    indicator: Indicator
    sasaran: PlanNode | None
    years: dict[int, IndicatorResult | None] = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[int, IndicatorResult | None]]:
        return sorted(self.years.items())


@dataclass
class YearRecap:
    year: int
    first_year: int
    data: YearData
    ikus: list[IkuYears]


def sasaran_of(nodes: dict[int, PlanNode], node_id: int | None) -> PlanNode | None:
    """The sasaran a plan node belongs to (itself when it is one)."""
    while node_id is not None and node_id in nodes:
        node = nodes[node_id]
        if node.level == Level.SASARAN:
            return node
        node_id = node.parent_id
    return None


def year_recap(agency_id: int, year: int) -> YearRecap:
    """Return each IKU's result at TW IV of `year` and of the Renstra's earlier years, from
    the stored results the pages and the results API read (one query per year while nothing
    changed)."""
    data = year_data(agency_id, year)
    first = data.period.start_year if data.period else year
    years = {y: year_data(agency_id, y) for y in range(first, year + 1)}
    at_end = {y: {r.indicator.pk: r for r in d.results.get(YEAR_END, [])} for y, d in years.items()}
    ikus = [
        IkuYears(
            indicator=indicator,
            sasaran=sasaran_of(data.nodes, indicator.node_id),
            years={y: at_end[y].get(indicator.pk) for y in years},
        )
        for indicator in data.indicators
        if indicator.is_iku
    ]
    return YearRecap(year=year, first_year=first, data=data, ikus=ikus)


def notes_of_year(agency_id: int, year: int) -> list[AnalysisNote]:
    """The analysis notes (SOP step 7) of the year's four monev cycles, by quarter and unit."""
    return list(
        AnalysisNote.objects.filter(cycle__in=list(quarter_cycles(agency_id, year).values()))
        .select_related("unit", "cycle")
        .order_by("cycle__quarter", "unit__order", "pk")
    )


# --- The steps -------------------------------------------------------------------------------


def recap_blockers(run: Any) -> list[str]:
    """Step 2 waits for the monev cycle of TW IV of the year to be finished. A year the agency
    ran no monev cycle of in the app (reported before it was in use, its quarterly data
    imported: the demo's 2025) has no such cycle to wait for: step 2 waits for TW IV's
    realisations to be there instead."""
    from monev.collection.models import Realization

    cycle = run.cycle
    cycles = quarter_cycles(cycle.agency_id, cycle.year)
    if not cycles:
        if Realization.objects.filter(
            indicator__period__agency_id=cycle.agency_id, year=cycle.year, quarter=YEAR_END
        ).exists():
            return []
        return [_("Data realisasi Triwulan IV %(year)s belum ada.") % {"year": cycle.year}]
    last = cycles.get(YEAR_END)
    if last is None or last.status != CycleStatus.SELESAI:
        return [_("Siklus monev Triwulan IV %(year)s belum selesai.") % {"year": cycle.year}]
    return []


def register() -> None:
    handlers.register(
        handlers.StepHandler(
            key=StepKey.REKAP_TAHUNAN,
            label=gettext_lazy("Rekap capaian kinerja tahunan (TW I–IV)"),
            url=handlers.cycle_page("evaluation:annual_recap"),
            blockers=recap_blockers,
        ),
        handlers.StepHandler(
            key=StepKey.ANALISIS_TAHUNAN,
            label=gettext_lazy("Analisis capaian tahunan: catatan dan temuan per IKU"),
            url=handlers.cycle_page("evaluation:annual_analysis"),
            blockers=lambda run: [],  # done by hand, with the holder's note
        ),
    )
