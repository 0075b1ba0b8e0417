"""Group achievement: mean of the members' achievements, capped, rounded and rated (RULES §5)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from monev.domain.achievement import round2
from monev.domain.ratings import BANDS, Rating, rate

DEFAULT_CAP: Decimal | None = Decimal(100)


def group_mean(
    values: Iterable[Decimal | None], cap: Decimal | None = DEFAULT_CAP
) -> Decimal | None:
    """Return the mean of the non-null values, each first capped at `cap` (None: no cap),
    rounded half-up to 2 decimals; None when no member has a value."""
    given = [v if cap is None else min(v, cap) for v in values if v is not None]
    if not given:
        return None
    return round2(sum(given, Decimal(0)) / len(given))


@dataclass(frozen=True)
class GroupSummary:
    mean: Decimal | None
    rating: Rating | None
    by_rating: dict[Rating, int]
    missing: int
    count: int


def summarize(
    values: Iterable[Decimal | None],
    cap: Decimal | None = DEFAULT_CAP,
    bands: tuple[tuple[Decimal, Rating], ...] = BANDS,
) -> GroupSummary:
    """Return the group's mean and rating, how many members fall in each rating, and how many
    have no value; `cap` and `bands` are the agency's settings (RULES §4, §5)."""
    members = list(values)
    mean = group_mean(members, cap)
    counts = Counter(r for v in members if (r := rate(v, bands)) is not None)
    return GroupSummary(
        mean=mean,
        rating=rate(mean, bands),
        by_rating={r: counts.get(r, 0) for r in Rating},
        missing=sum(1 for v in members if v is None),
        count=len(members),
    )
