"""The plan import does not change the targets of a locked quarter (issue 21, item 11): once
a quarter reached "olah data" or its cycle is closed, its results were computed, reported and
archived from those targets; the rows are refused with a message naming each."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from monev.planning.models import StageTarget, Target
from monev.planning.xlsx import apply_plan, export_plan, parse_plan
from monev.planning.xlsx.stages import StageRequest
from monev.sop.models import Cycle

pytestmark = pytest.mark.django_db
OUT = "IK.2.17.03.2.01.0004.01"


def _with_targets(period: Any, changes: dict[tuple[int, int | None], Any]) -> bytes:
    book = load_workbook(BytesIO(export_plan(period)))
    sheet = book["Target"]
    header = [c.value for c in sheet[1]]
    code, year, quarter, value = (
        header.index(n) for n in ("kode_indikator", "tahun", "triwulan", "nilai")
    )
    for row in sheet.iter_rows(min_row=2):
        key = (row[year].value, row[quarter].value)
        if row[code].value == OUT and key in changes:
            row[value].value = changes[key]
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_target_of_a_closed_quarter_is_refused_naming_it(
    sop_cycle: Any, small_plan: Any, personas: Any
) -> None:
    Cycle.objects.filter(pk=sop_cycle.pk).update(status="selesai")  # 2026 TW III, archived
    before = Target.objects.get(indicator__code=OUT, year=2026, quarter=3).value
    result = parse_plan(_with_targets(small_plan, {(2026, 3): 999}), period=small_plan)
    assert [e.message for e in result.errors] == [
        f"Sheet «Target»: Target «{OUT} · 2026 · TW III» tidak dapat diubah lewat unggahan: "
        "data triwulan itu sudah dikunci (olah data) atau diarsipkan. Kembalikan nilainya "
        "seperti semula di sheet Target, lalu unggah lagi."
    ]
    assert Target.objects.get(indicator__code=OUT, year=2026, quarter=3).value == before
    # an open quarter of the same year still changes, as a new stage (RULES §11)
    workbook = _with_targets(small_plan, {(2026, 4): 77})
    no_reason = parse_plan(workbook, period=small_plan)
    assert [e.message for e in no_reason.errors] == [
        "Berkas ini mengubah target atau anggaran tahun yang sudah berjalan; perubahan itu "
        "dicatat sebagai tahap baru (Perubahan 2026, berlaku mulai Triwulan IV (Triwulan "
        "IV–IV)). Isi «Alasan tahap» (mis. Perda APBD Perubahan), lalu periksa berkas lagi."
    ]
    open_quarter = parse_plan(workbook, period=small_plan, stage=StageRequest(reason="APBD-P"))
    assert open_quarter.ok, [e.message for e in open_quarter.errors]
    apply_plan(open_quarter, actor=personas["kasubag"])
    murni = Target.objects.get(indicator__code=OUT, year=2026, quarter=4).value
    stage = StageTarget.objects.get(indicator__code=OUT, quarter=4)
    assert (murni, stage.value, stage.stage.first_quarter) == (Decimal(10), Decimal(77), 4)


def test_a_quarter_locked_between_preview_and_apply_is_refused_on_apply(
    sop_cycle: Any, small_plan: Any, personas: Any
) -> None:
    from monev.planning.xlsx import PlanImportRefused

    result = parse_plan(_with_targets(small_plan, {(2026, 3): 999}), period=small_plan)
    assert result.ok
    Cycle.objects.filter(pk=sop_cycle.pk).update(status="selesai")
    with pytest.raises(PlanImportRefused, match="TW III"):
        apply_plan(result, actor=personas["kasubag"])
    assert Target.objects.get(indicator__code=OUT, year=2026, quarter=3).value != Decimal(999)
