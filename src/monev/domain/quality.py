"""Data-quality flags for step 3 (RULES §8 and §12). They never block the computation; the
thresholds and on/off switches of §12 are the agency's settings (`RuleSettings`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from monev.domain.achievement import HUNDRED, Aggregation, round2
from monev.domain.budget import deviation
from monev.domain.rule_settings import DEFAULTS, RuleSettings


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
    earlier_sum: Decimal | None = None,
    quarter_target: Decimal | None = None,
    settings: RuleSettings = DEFAULTS,
) -> list[Flag]:
    """Return the flags of one indicator-quarter: missing value, value without evidence,
    achievement far above target (§12 h, default 150 %), a `last` value jumping by more than
    j (default 50 %) from the previous quarter, a negative value for a count, a cumulative
    gap, and a `cumulative` value possibly entered as a running total (§12: `earlier_sum` is
    the sum of the earlier quarters' values, `quarter_target` the quarter's own target)."""
    flags: list[Flag] = []
    if value is None:
        flags.append(Flag("missing_value", {"no_data": no_data}))
    elif not has_evidence:
        flags.append(Flag("no_evidence"))
    h = settings.far_above_target_pct
    if settings.far_above_target and achievement is not None and achievement > h:
        flags.append(Flag("achievement_above_150", {"achievement": achievement, "limit": h}))
    if (
        settings.level_jump
        and Aggregation(aggregation) == Aggregation.LAST
        and value is not None
        and previous_value
        and abs(value - previous_value) / abs(previous_value) * HUNDRED > settings.level_jump_pct
    ):
        flags.append(
            Flag(
                "last_value_jump",
                {"previous": previous_value, "value": value, "limit": settings.level_jump_pct},
            )
        )
    if is_count and value is not None and value < 0:
        flags.append(Flag("negative_count"))
    if cumulative_gap:
        flags.append(Flag("cumulative_gap"))
    if settings.possibly_cumulative and possibly_cumulative(
        aggregation, value, earlier_sum, quarter_target
    ):
        flags.append(
            Flag(
                "possibly_cumulative",
                {"value": value, "earlier": earlier_sum, "target": quarter_target},
            )
        )
    return flags


def possibly_cumulative(
    aggregation: Aggregation | str,
    value: Decimal | None,
    earlier_sum: Decimal | None,
    quarter_target: Decimal | None,
) -> bool:
    """RULES §12: a `cumulative` value at q ≥ 2 that is ≥ the sum of the earlier quarters'
    values (> 0) and > 2 × the quarter's own target (> 0) was possibly entered s/d TW q."""
    return (
        Aggregation(aggregation) == Aggregation.CUMULATIVE
        and value is not None
        and earlier_sum is not None
        and earlier_sum > 0
        and quarter_target is not None
        and quarter_target > 0
        and value >= earlier_sum
        and value > 2 * quarter_target
    )


def budget_flags(
    *,
    spent: Decimal,
    pagu: Decimal | None,
    planned: Decimal | None = None,
    settings: RuleSettings = DEFAULTS,
) -> list[Flag]:
    """The budget flags of a sub kegiatan at TW q, from its realisation s/d TW q (`spent`),
    its pagu and its cash plan s/d TW q (`planned`): "budget_above_pagu" (§8, always on);
    "above_cash_plan" when spent > planned × (1 + a %); "behind_cash_plan" when planned > 0
    and deviasi (§6) > b % (§12)."""
    flags: list[Flag] = []
    if pagu is not None and spent > pagu:
        flags.append(Flag("budget_above_pagu", {"spent": spent, "pagu": pagu}))
    if planned is None or not planned > 0:
        return flags
    limit = planned * (1 + settings.above_cash_plan_pct / HUNDRED)
    if settings.above_cash_plan and spent > limit:
        flags.append(
            Flag(
                "above_cash_plan",
                {"spent": spent, "planned": planned, "limit": settings.above_cash_plan_pct},
            )
        )
    gap = deviation(spent, planned, pagu)
    if settings.behind_cash_plan and gap is not None and gap > settings.behind_cash_plan_pct:
        flags.append(
            Flag(
                "behind_cash_plan",
                {"deviation": gap, "planned": planned, "limit": settings.behind_cash_plan_pct},
            )
        )
    return flags


def physical_financial_gap(
    mean: Decimal | None, absorbed: Decimal | None, settings: RuleSettings = DEFAULTS
) -> list[Flag]:
    """RULES §12: a sub kegiatan's achievement (§5 mean) and its serapan (§6) differ by more
    than g percentage points."""
    if not settings.physical_financial_gap or mean is None or absorbed is None:
        return []
    gap = round2(abs(mean - absorbed))
    if gap > settings.physical_financial_gap_points:
        return [
            Flag(
                "physical_financial_gap",
                {
                    "achievement": mean,
                    "absorption": absorbed,
                    "gap": gap,
                    "limit": settings.physical_financial_gap_points,
                },
            )
        ]
    return []
