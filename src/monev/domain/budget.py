"""Budget: serapan, deviasi against the cash plan, indicative efficiency (RULES §6)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
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


def planned_to_date(cash: Sequence[Decimal | None], quarter: int) -> Decimal | None:
    """The cash plan (anggaran kas) s/d TW q: the sum of the quarterly amounts 1..q; None
    where no cash plan exists (every quarter empty)."""
    if all(v is None for v in cash):
        return None
    return sum((v for v in cash[:quarter] if v is not None), Decimal(0))


@dataclass(frozen=True)
class BudgetLine:
    """A sub kegiatan's budget at TW q: pagu, realisation s/d TW q, cash plan s/d TW q."""

    pagu: Decimal | None
    spent: Decimal
    planned: Decimal | None = None


def group_deviation(lines: Iterable[BudgetLine]) -> Decimal | None:
    """Deviasi of a group (Bidang, agency, program): §6 on the sums of the lines that have a
    cash plan and a pagu; None when none has."""
    planned = [line for line in lines if line.planned is not None and line.pagu]
    if not planned:
        return None
    return deviation(
        sum((line.spent for line in planned), Decimal(0)),
        sum((line.planned or Decimal(0) for line in planned), Decimal(0)),
        sum((line.pagu or Decimal(0) for line in planned), Decimal(0)),
    )
