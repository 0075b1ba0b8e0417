"""Budget: serapan, deviasi against the cash plan, indicative efficiency (RULES §6)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from monev.domain.achievement import HUNDRED, round2


def ytd_amount(amounts: Mapping[int, Decimal | None], quarter: int) -> Decimal:
    """Budget realisation is always cumulative: the sum of quarters 1..q."""
    return sum((v for q in range(1, quarter + 1) if (v := amounts.get(q)) is not None), Decimal(0))


def absorption(spent: Decimal, pagu: Decimal | None) -> Decimal | None:
    """Return serapan anggaran = realisation s/d TW q / pagu × 100 (None without a pagu)."""
    if not pagu:
        return None
    return round2(spent / pagu * HUNDRED)


def deviation(spent: Decimal, planned: Decimal | None, pagu: Decimal | None) -> Decimal | None:
    """Return deviasi = (plan% − realisation%) / plan% × 100, with plan% = planned s/d TW q /
    pagu × 100; None without a cash plan or pagu."""
    if not pagu or not planned:
        return None
    plan_pct = planned / pagu * HUNDRED
    real_pct = spent / pagu * HUNDRED
    return round2((plan_pct - real_pct) / plan_pct * HUNDRED)


def efficiency(achievement: Decimal | None, absorbed: Decimal | None) -> Decimal | None:
    """Return achievement − serapan in percentage points (indicative: no regulation fixes it)."""
    if achievement is None or absorbed is None:
        return None
    return round2(achievement - absorbed)
