"""Achievement (capaian) of an indicator: RULES §2 (how quarters combine) and §3 (formulas).

All values are Decimal; the result is rounded half-up to 2 decimals, and that rounded value
is what is shown, exported, averaged and rated. A missing quarter is missing, not zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Polarity(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


class Aggregation(StrEnum):
    CUMULATIVE = "cumulative"
    LAST = "last"
    AVERAGE = "average"


class NegativeVariant(StrEnum):
    A = "A"  # (2T − R) / T × 100, never below 0
    B = "B"  # T / R × 100


def round2(value: Decimal) -> Decimal:
    """Return `value` rounded half-up to 2 decimals (RULES §3)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class YearToDate:
    """Realisation s/d TW q, and whether an earlier quarter of a cumulative one is missing."""

    value: Decimal | None
    gap: bool = False


def ytd_realization(
    aggregation: Aggregation | str, values: Mapping[int, Decimal | None], quarter: int
) -> YearToDate:
    """Return the realisation s/d TW `quarter` from the reported quarterly values.

    cumulative: the sum of what was reported in 1..q (an earlier quarter missing before a
    reported one is flagged as a gap; none reported → None); last: the value of quarter q
    (None if missing); average: the mean of what was reported (None if nothing).
    """
    aggregation = Aggregation(aggregation)
    reported = [values.get(q) for q in range(1, quarter + 1)]
    given = [v for v in reported if v is not None]
    if aggregation == Aggregation.LAST:
        return YearToDate(values.get(quarter))
    # RULES §8: a gap is an earlier quarter p < q without a value while a later one (≤ q) has
    # one; a missing quarter q itself is the "missing value" flag, never both.
    last_given = max((q for q in range(1, quarter + 1) if values.get(q) is not None), default=0)
    gap = aggregation == Aggregation.CUMULATIVE and any(
        values.get(p) is None for p in range(1, last_given)
    )
    if not given:
        return YearToDate(None)
    if aggregation == Aggregation.CUMULATIVE:
        return YearToDate(sum(given, Decimal(0)), gap=gap)
    return YearToDate(sum(given, Decimal(0)) / len(given))


def ytd_target(
    aggregation: Aggregation | str,
    quarterly: Mapping[int, Decimal | None] | None,
    annual: Decimal | None,
    quarter: int,
) -> Decimal | None:
    """Return the target s/d TW `quarter`: the sum of quarterly targets 1..q (cumulative) or
    quarter q's target (last, average); the annual target where no quarterly targets exist."""
    aggregation = Aggregation(aggregation)
    if not quarterly or all(v is None for v in quarterly.values()):
        return annual
    if aggregation == Aggregation.CUMULATIVE:
        given = [quarterly.get(q) for q in range(1, quarter + 1)]
        return sum((v for v in given if v is not None), Decimal(0))
    target = quarterly.get(quarter)
    return target if target is not None else annual


@dataclass(frozen=True)
class Achievement:
    value: Decimal | None
    flags: frozenset[str] = field(default_factory=frozenset)


def achievement(
    polarity: Polarity | str,
    variant: NegativeVariant | str,
    target: Decimal | None,
    realization: Decimal | None,
) -> Achievement:
    """Return the achievement (%) of a realisation against its target (RULES §3 table).

    positive: R/T×100, T = 0 → None flagged "target_nol"; negative A: (2T−R)/T×100 never below
    0, T = 0 → 100 if R = 0 else 0; negative B: T/R×100, R = 0 → None flagged
    "realisasi_nol"; R or T missing → None. No cap on a single indicator.
    """
    if realization is None or target is None:
        return Achievement(None)
    if Polarity(polarity) == Polarity.POSITIVE:
        if target == 0:
            return Achievement(None, frozenset({"target_nol"}))
        return Achievement(round2(realization / target * HUNDRED))
    if NegativeVariant(variant) == NegativeVariant.A:
        if target == 0:
            return Achievement(HUNDRED if realization == 0 else Decimal("0.00"))
        return Achievement(round2(max((2 * target - realization) / target * HUNDRED, Decimal(0))))
    if realization == 0:
        return Achievement(None, frozenset({"realisasi_nol"}))
    return Achievement(round2(target / realization * HUNDRED))


def annual_progress(
    aggregation: Aggregation | str,
    realization: Decimal | None,
    annual_target: Decimal | None,
    achieved: Decimal | None,
) -> Decimal | None:
    """Return R / annual target × 100 for cumulative indicators; the achievement otherwise."""
    if Aggregation(aggregation) != Aggregation.CUMULATIVE:
        return achieved
    if realization is None or not annual_target:
        return None
    return round2(realization / annual_target * HUNDRED)
