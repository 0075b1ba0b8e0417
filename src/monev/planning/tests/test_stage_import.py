"""The plan workbook import makes a stage of changes to a year that has begun (RULES §11,
issue 25 item 2): the preview says which quarters it affects, a locked quarter is never
rewritten, and the murni plan stays as it was."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from monev.evaluation.store import year_data
from monev.planning.models import Budget, PlanStage, StageBudget, Target
from monev.planning.tests.test_stages import OUTPUT, SUB, _lock
from monev.planning.xlsx import PlanImportRefused, apply_plan, export_plan, parse_plan
from monev.planning.xlsx.stages import StageRequest

pytestmark = pytest.mark.django_db
APBD_P = StageRequest(kind="perubahan", reason="Perda APBD Perubahan 2026")


def _edited(period: Any, targets: dict[int | None, Any], pagu: Any = None) -> bytes:
    """The exported workbook with 2026 targets of OUTPUT (quarter → value) and the sub
    kegiatan's 2026 pagu changed."""
    book = load_workbook(BytesIO(export_plan(period)))
    sheet = book["Target"]
    header = [c.value for c in sheet[1]]
    code, year, quarter, value = (
        header.index(n) for n in ("kode_indikator", "tahun", "triwulan", "nilai")
    )
    for row in sheet.iter_rows(min_row=2):
        if row[code].value == OUTPUT and row[year].value == 2026 and row[quarter].value in targets:
            row[value].value = targets[row[quarter].value]
    if pagu is not None:
        budgets = book["Anggaran"]
        header = [c.value for c in budgets[1]]
        for row in budgets.iter_rows(min_row=2):
            if row[header.index("kode_sub_kegiatan")].value == SUB:
                row[header.index("pagu")].value = pagu
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_changes_after_tw_ii_is_locked_become_a_perubahan_from_tw_iii(
    small_plan: Any, sop_cycle: Any, personas: Any
) -> None:
    _lock(sop_cycle, 1, 2)
    workbook = _edited(small_plan, {None: 30, 3: 5, 4: 5}, pagu=50_000_000)
    result = parse_plan(workbook, period=small_plan, stage=APBD_P)
    assert result.ok, [e.message for e in result.errors]
    (stage,) = result.stages
    assert stage.label == "Perubahan 2026, berlaku mulai Triwulan III (Triwulan III–IV)"
    assert stage.kept == "Triwulan I–II"
    assert stage.targets == {
        (OUTPUT, None): Decimal(30),
        (OUTPUT, 3): Decimal(5),
        (OUTPUT, 4): Decimal(5),
    }
    assert stage.budgets == {SUB: {"pagu": Decimal(50_000_000)}}
    murni = sorted(Target.objects.values_list("year", "quarter", "value"), key=str)
    apply_plan(result, actor=personas["kasubag"])
    assert sorted(Target.objects.values_list("year", "quarter", "value"), key=str) == murni
    assert Budget.objects.get(node__code=SUB, year=2026).pagu == Decimal(62_000_000)
    saved = PlanStage.objects.get()
    assert (saved.kind, saved.first_quarter, saved.made_by) == (
        "perubahan",
        3,
        personas["kasubag"],
    )
    assert StageBudget.objects.get().pagu == Decimal(50_000_000)
    data = year_data(small_plan.agency_id, 2026)
    output = {q: next(r for r in data.results[q] if r.indicator.code == OUTPUT) for q in (2, 3)}
    assert (output[2].target, output[2].annual_target) == (Decimal(20), Decimal(40))
    assert (output[3].target, output[3].annual_target) == (Decimal(25), Decimal(30))
    assert data.pagu_at(2) != data.pagu_at(3)
    # The workbook now holds the plan as it stands: exporting and importing changes nothing.
    again = parse_plan(export_plan(small_plan), period=small_plan)
    assert again.ok and again.is_unchanged and not again.stages


def test_a_locked_quarter_is_never_rewritten_by_an_import(
    small_plan: Any, sop_cycle: Any, personas: Any
) -> None:
    _lock(sop_cycle, 1, 2)
    result = parse_plan(_edited(small_plan, {2: 99, 3: 5}), period=small_plan, stage=APBD_P)
    assert [e.message for e in result.errors] == [
        f"Sheet «Target»: Target «{OUTPUT} · 2026 · TW II» tidak dapat diubah lewat unggahan: "
        "data triwulan itu sudah dikunci (olah data) atau diarsipkan. Kembalikan nilainya "
        "seperti semula di sheet Target, lalu unggah lagi."
    ]
    later = StageRequest(kind="pergeseran", reason="Pergeseran", first_quarter=4)
    refused = parse_plan(_edited(small_plan, {3: 5}), period=small_plan, stage=later)
    assert [e.message for e in refused.errors] == [
        f"Sheet «Target»: Target «{OUTPUT} · 2026 · TW III» tidak dapat diubah oleh tahap "
        "yang berlaku mulai Triwulan IV."
    ]
    fine = parse_plan(_edited(small_plan, {3: 5}), period=small_plan, stage=APBD_P)
    assert fine.ok
    _lock(sop_cycle, 3)  # TW III locked between the preview and "Terapkan"
    with pytest.raises(PlanImportRefused):
        apply_plan(fine, actor=personas["kasubag"])
    assert not PlanStage.objects.exists()


def test_the_upload_page_previews_the_stage_and_applies_it(
    small_plan: Any, sop_cycle: Any, personas: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    _lock(sop_cycle, 1, 2)
    client = Client()
    client.force_login(personas["kasubag"])
    upload = SimpleUploadedFile("rencana.xlsx", _edited(small_plan, {None: 30, 4: 5}))
    page = client.post(
        "/rencana/unggah/",
        {
            "file": upload,
            "stage_kind": "perubahan",
            "stage_first_quarter": "",
            "stage_reason": "Perda APBD-P",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200, html
    assert 'data-testid="import-stage"' in html
    assert "berlaku mulai Triwulan III (Triwulan III–IV)" in html
    assert "Triwulan I–II tetap memakai target dan anggaran sebelumnya" in html
    token = html.split('name="token" value="')[1].split('"')[0]
    applied = client.post(
        "/rencana/unggah/terapkan/",
        {"token": token, "stage_kind": "perubahan", "stage_reason": "Perda APBD-P"},
    )
    assert applied.status_code == 302
    stage = PlanStage.objects.get()
    assert (stage.reason, stage.first_quarter) == ("Perda APBD-P", 3)
