"""Renstra-period columns of Formulir E.81 (DOMAIN.md §1.3): realisation up to last year
(column 6), up to this year (column 13 = 6 + 12) and its achievement against the Renstra end
target (column 14 = 13 / 5 × 100).

Counts (`cumulative`) add up over the years; levels (`last`, `average`) are not added: the
Renstra realisation of a level is its latest yearly value.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from monev.domain.achievement import Aggregation, NegativeVariant, Polarity, achievement
from monev.domain.budget import absorption


def realization_before(
    aggregation: Aggregation | str, per_year: Mapping[int, Decimal | None]
) -> Decimal | None:
    """Return column 6 from the yearly realisations of the earlier Renstra years: their sum
    for a cumulative indicator, the latest year's value otherwise (None when nothing)."""
    given = [(year, value) for year, value in sorted(per_year.items()) if value is not None]
    if not given:
        return None
    if Aggregation(aggregation) == Aggregation.CUMULATIVE:
        return sum((value for _year, value in given), Decimal(0))
    return given[-1][1]


def realization_to_date(
    aggregation: Aggregation | str, before: Decimal | None, this_year: Decimal | None
) -> Decimal | None:
    """Return column 13: 6 + 12 for a cumulative indicator, this year's value (else last
    year's) for a level."""
    if Aggregation(aggregation) == Aggregation.CUMULATIVE:
        if before is None and this_year is None:
            return None
        return (before or Decimal(0)) + (this_year or Decimal(0))
    return this_year if this_year is not None else before


def renstra_achievement(
    polarity: Polarity | str,
    variant: NegativeVariant | str,
    end_target: Decimal | None,
    to_date: Decimal | None,
) -> Decimal | None:
    """Return column 14: the Renstra realisation to date against the end target, with the
    achievement formulas of RULES §3 (13 / 5 × 100 for a positive indicator)."""
    return achievement(polarity, variant, end_target, to_date).value


def amount_ratio(amount: Decimal | None, base: Decimal | None) -> Decimal | None:
    """Return the Rp half of column 14 (or of a serapan): amount / base × 100, 2 decimals."""
    if amount is None:
        return None
    return absorption(amount, base)
