"""The plan import does not change the targets of a locked quarter (issue 21, item 11): once
a quarter reached "olah data" or its cycle is closed, its results were computed, reported and
archived from those targets; the rows are refused with a message naming each."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from monev.planning.models import Target
from monev.planning.xlsx import apply_plan, export_plan, parse_plan
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
    # an open quarter of the same year still changes
    open_quarter = parse_plan(_with_targets(small_plan, {(2026, 4): 77}), period=small_plan)
    assert open_quarter.ok, [e.message for e in open_quarter.errors]
    apply_plan(open_quarter, actor=personas["kasubag"])
    assert Target.objects.get(indicator__code=OUT, year=2026, quarter=4).value == Decimal(77)


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
