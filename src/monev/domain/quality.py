"""Data-quality flags for step 3 (RULES §8). They never block the computation."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from monev.domain.achievement import Aggregation


@dataclass(frozen=True)
class Flag:
    code: str
    params: dict[str, object] = field(default_factory=dict)


def indicator_flags(
    *,
    aggregation: Aggregation | str,
    value: Decimal | None,
    no_data: bool = False,
    has_evidence: bool,
    achievement: Decimal | None,
    previous_value: Decimal | None,
    is_count: bool,
    cumulative_gap: bool,
) -> list[Flag]:
    """Return the flags of one indicator-quarter: missing value, value without evidence,
    achievement above 150 %, a `last` value changing by more than 50 % from the previous
    quarter, a negative value for a count, a cumulative gap."""
    flags: list[Flag] = []
    if value is None:
        flags.append(Flag("missing_value", {"no_data": no_data}))
    elif not has_evidence:
        flags.append(Flag("no_evidence"))
    if achievement is not None and achievement > 150:
        flags.append(Flag("achievement_above_150", {"achievement": achievement}))
    if (
        Aggregation(aggregation) == Aggregation.LAST
        and value is not None
        and previous_value
        and abs(value - previous_value) / abs(previous_value) > Decimal("0.5")
    ):
        flags.append(Flag("last_value_jump", {"previous": previous_value, "value": value}))
    if is_count and value is not None and value < 0:
        flags.append(Flag("negative_count"))
    if cumulative_gap:
        flags.append(Flag("cumulative_gap"))
    return flags


def budget_flags(*, spent: Decimal, pagu: Decimal | None) -> list[Flag]:
    """Return "budget_above_pagu" when realisation s/d TW q exceeds the pagu."""
    if pagu is not None and spent > pagu:
        return [Flag("budget_above_pagu", {"spent": spent, "pagu": pagu})]
    return []
