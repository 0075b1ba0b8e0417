"""Demo APBD Perubahan 2026 (RULES §11, DOMAIN §14): a *perubahan* stage from Triwulan III.

Balangan's Perda on the amended 2026 budget is adopted at the end of September; the Renja
Perubahan that follows moves a few targets and pagu from Triwulan III. Triwulan I–II keep
the murni plan they were evaluated with; E.81 from Triwulan III shows the changed annual
target and pagu with the murni value marked beside them.

- Pelatihan kewirausahaan (2.17.07.2.01.0015): pagu cut from Rp 420 jt to Rp 360 jt, target
  150 → 130 orang (TW III 45 → 35, TW IV 35 → 25).
- Pelatihan berbasis kompetensi UPTD BLK (2.07.03.2.01.0001): pagu raised from Rp 580 jt to
  Rp 640 jt for one more batch, target 160 → 176 orang (TW III 48 → 56, TW IV 32 → 40).
- Pemeriksaan koperasi (2.17.03.2.01.0004): target 40 → 44 koperasi (TW IV 10 → 14), pagu
  unchanged.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from monev.planning import services
from monev.planning.models import Budget, Indicator, PlanNode, PlanStage, RenstraPeriod

YEAR, FIRST_QUARTER = 2026, 3
DECIDED_ON = date(2026, 9, 30)
REASON = (
    "Perda Kabupaten Balangan tentang Perubahan APBD Tahun Anggaran 2026 dan Renja "
    "Perubahan Dinas KUKMTK 2026"
)
#: indicator code → (annual, TW III, TW IV)
TARGETS: dict[str, tuple[str, str, str]] = {
    "IK.2.17.07.2.01.0015.01": ("130", "35", "25"),
    "IK.2.07.03.2.01.0001.01": ("176", "56", "40"),
    "IK.2.17.03.2.01.0004.01": ("44", "10", "14"),
}
#: sub kegiatan code → new pagu (the change goes to the cash plan of TW III–IV).
PAGU: dict[str, str] = {
    "2.17.07.2.01.0015": "360000000",
    "2.07.03.2.01.0001": "640000000",
}


def load(period: RenstraPeriod) -> PlanStage:
    """Add the demo APBD-P stage to `period`'s 2026 (before any 2026 quarter is locked)."""
    indicators = dict(
        Indicator.objects.filter(period=period, code__in=TARGETS).values_list("code", "pk")
    )
    targets: dict[tuple[int, int | None], Decimal] = {}
    for code, (annual, q3, q4) in TARGETS.items():
        pk = indicators[code]
        targets[(pk, None)] = Decimal(annual)
        targets[(pk, 3)] = Decimal(q3)
        targets[(pk, 4)] = Decimal(q4)
    nodes = {n.code: n for n in PlanNode.objects.filter(period=period, code__in=PAGU)}
    budgets: dict[int, dict[str, Decimal]] = {}
    for code, amount in PAGU.items():
        pagu = Decimal(amount)
        murni = Budget.objects.get(node=nodes[code], year=YEAR)
        change = pagu - murni.pagu
        cash3, cash4 = murni.cash_q3 or Decimal(0), murni.cash_q4 or Decimal(0)
        half = (change / 2).quantize(Decimal(1000))
        budgets[nodes[code].pk] = {
            "pagu": pagu,
            "cash_q3": cash3 + half,
            "cash_q4": cash4 + change - half,
        }
    return services.stage_create(
        actor=None,
        period=period,
        year=YEAR,
        kind="perubahan",
        first_quarter=FIRST_QUARTER,
        reason=REASON,
        decided_on=DECIDED_ON,
        targets=targets,
        budgets=budgets,
    )
