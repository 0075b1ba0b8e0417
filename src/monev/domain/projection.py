"""Early warning: projected year-end achievement and "at risk" (RULES §7)."""

from __future__ import annotations

from decimal import Decimal

from monev.domain.achievement import HUNDRED, Aggregation, round2

AT_RISK_BELOW = Decimal(76)


def projected_achievement(
    aggregation: Aggregation | str,
    *,
    quarter: int,
    achievement: Decimal | None,
    realization: Decimal | None,
    annual_target: Decimal | None,
    has_quarterly_targets: bool,
) -> Decimal | None:
    """Return the projected year-end achievement at quarter q < 4: the current achievement
    (cumulative with quarterly targets, last, average), or (R / q × 4) / annual target × 100
    (cumulative without quarterly targets). At TW IV the year is over: no projection (None),
    the achievement itself is the year's result."""
    if quarter >= 4:
        return None
    if Aggregation(aggregation) != Aggregation.CUMULATIVE or has_quarterly_targets:
        return achievement
    if realization is None or not annual_target:
        return None
    return round2(realization / quarter * 4 / annual_target * HUNDRED)


def is_at_risk(projection: Decimal | None) -> bool:
    """An indicator is at risk when its projection is below 76 (under "Tinggi")."""
    return projection is not None and projection < AT_RISK_BELOW
