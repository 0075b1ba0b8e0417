"""Results per indicator for a year and quarter (SOP step 3), computed with the pure rules of
`monev.domain` from the plan and the reported data. A fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count

from monev.collection.models import Realization
from monev.domain.achievement import achievement, annual_progress, ytd_realization, ytd_target
from monev.domain.projection import is_at_risk, projected_achievement
from monev.domain.quality import Flag, indicator_flags
from monev.domain.ratings import Rating, rate
from monev.planning.models import Indicator, RenstraPeriod, Target

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
    period = RenstraPeriod.objects.filter(
        agency_id=agency_id, start_year__lte=year, end_year__gte=year
    ).first()
    if period is None:
        return []
    indicators = (
        Indicator.objects.filter(period=period)
        .select_related("node", "responsible_unit")
        .order_by("node__code", "order", "code")
    )
    if unit:
        indicators = indicators.filter(responsible_unit_id=unit)
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
    evidence: dict[int, bool] = {}
    for realization in Realization.objects.filter(
        indicator_id__in=ids, year=year, quarter__lte=quarter
    ).annotate(evidence_count=Count("evidence")):
        values.setdefault(realization.indicator_id, {})[realization.quarter] = realization.value
        if realization.quarter == quarter:
            evidence[realization.indicator_id] = realization.evidence_count > 0
    return [
        _result(
            i,
            year,
            quarter,
            annual.get(i.pk),
            quarterly.get(i.pk),
            values.get(i.pk, {}),
            evidence.get(i.pk, False),
        )
        for i in rows
    ]


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
