"""Formulir E.81 on screen and as XLSX: its columns (DOMAIN.md §1.3), its footer from the
analysis notes, its scope for a Bidang user, its query count, and — on the demo data — its
agreement with the dashboard and the results API."""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from monev.accounts.models import User
from monev.collection.models import BudgetRealization, Realization
from monev.domain.numbers import parse_number
from monev.evaluation import e81
from monev.evaluation.e81 import RENJA
from monev.evaluation.models import AnalysisNote
from monev.planning.models import Budget, Indicator, PlanNode, Target

pytestmark = pytest.mark.django_db
PERIOD = {"tahun": 2026, "triwulan": 3}
OUTPUT = "IK.2.17.03.2.01.0004.01"
IKU = "IK.S1.1.01"
SUB = "2.17.03.2.01.0004"


@pytest.fixture
def reported(small_plan: Any, sop_cycle: Any) -> Any:
    """Two years of data on the small plan: 2025 in full, 2026 up to Triwulan III."""
    output = Indicator.objects.get(code=OUTPUT)
    output.end_target = Decimal(200)
    output.save()
    iku = Indicator.objects.get(code=IKU)
    iku.end_target = Decimal(70)
    iku.save()
    for quarter in (1, 2, 3, 4):
        Realization.objects.create(indicator=output, year=2025, quarter=quarter, value=30)
    Realization.objects.create(indicator=iku, year=2025, quarter=4, value=55)
    for quarter, value in ((1, 8), (2, 12), (3, 9)):
        Realization.objects.create(indicator=output, year=2026, quarter=quarter, value=value)
    Realization.objects.create(indicator=iku, year=2026, quarter=3, value=Decimal("58.3"))
    sub = PlanNode.objects.get(code=SUB)
    Budget.objects.create(node=sub, year=2025, pagu=Decimal(50_000_000))
    BudgetRealization.objects.create(node=sub, year=2025, quarter=4, amount=45_000_000)
    for quarter, amount in ((1, 10_000_000), (2, 15_500_000), (3, 5_000_000)):
        BudgetRealization.objects.create(node=sub, year=2026, quarter=quarter, amount=amount)
    return small_plan


def _dec(value: Any) -> Decimal | None:
    """A number read back from the workbook (openpyxl gives floats) as a Decimal."""
    return None if value is None else Decimal(str(value))


def _row(table: e81.E81, code: str) -> e81.Row:
    return next(row for row in table.rows if row.code == code)


def test_the_columns_follow_the_form(reported: Any, demo_org: Any) -> None:
    table = e81.build(demo_org, year=2026, quarter=3)
    output = _row(table, OUTPUT)
    k = {column: pair.k for column, pair in output.cells.items()}
    assert k[5] == 200  # target Renstra
    assert k[6] == 120  # realisation 2025 (cumulative: 4 × 30)
    assert k[7] == 40  # target Renja 2026
    assert (k[8], k[9], k[10], k.get(11)) == (8, 12, 9, None)
    assert k[12] == 29  # 8 + 9 + 10 + 11
    assert k[13] == 149  # 6 + 12
    assert k[14] == Decimal("74.50")  # 13 / 5 × 100
    assert k[RENJA] == Decimal("96.67")  # 29 / 30 (target s/d TW III)
    iku = _row(table, IKU)
    assert iku.cell(6).k == 55 and iku.cell(12).k == Decimal("58.3")
    assert iku.cell(13).k == Decimal("58.3")  # a level is not added up over the years
    assert iku.cell(14).k == Decimal("83.29")
    assert iku.cell(RENJA).k == Decimal("89.69")
    for code in (SUB, "2.17.03.2.01", "2.17.03"):  # Rp halves add up the tree
        node = _row(table, code)
        rp = {column: pair.rp for column, pair in node.cells.items()}
        assert rp[5] == 112_000_000 and rp[6] == 45_000_000 and rp[7] == 62_000_000
        assert (rp[8], rp[9], rp[10]) == (10_000_000, 15_500_000, 5_000_000)
        assert rp[12] == 30_500_000 and rp[13] == 75_500_000
        assert rp[14] == Decimal("67.41") and rp[RENJA] == Decimal("49.19")
        assert node.cell(5).k is None  # a plan node carries no K
    assert output.cell(5).rp is None  # an indicator carries no Rp
    assert table.totals[12].rp == 30_500_000
    assert table.mean == Decimal("93.18")  # (96,67 + 89,69) / 2
    assert [r.number for r in table.rows if not r.is_indicator] == [1, 2, 3, 4, 5]


def test_the_page_shows_the_table_footer_and_signatures(
    reported: Any, personas: dict[str, Any], sop_cycle: Any
) -> None:
    AnalysisNote.objects.create(
        cycle=sop_cycle,
        drivers="Pendampingan rutin",
        obstacles="RAT terlambat",
        next_quarter="Percepatan RAT",
        next_renja="Target realistis",
    )
    client = Client()
    client.force_login(personas["kadis"])
    page = client.get("/hasil/e81/", PERIOD).content.decode()
    for text in (
        "Formulir E.81",
        "Pelaksanaan Pemeriksaan dan Pengawasan Koperasi",
        "74,50",
        "96,67",
        "30.500.000",
        "93,18 %",
        "Sangat Tinggi",
        "Pendampingan rutin",
        "Target realistis",
        "Disusun",
        "Dievaluasi",
        personas["kadis"].official.name,
    ):
        assert text in page, text


def test_the_workbook_holds_the_same_values_ready_to_print(
    reported: Any, personas: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(personas["kadis"])
    response = client.get("/hasil/e81/xlsx/", PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    rows = {r[2]: r for r in sheet.iter_rows(values_only=True) if r[2]}
    output = rows[OUTPUT]
    numbers = [_dec(v) for v in output[5:] if isinstance(v, int | float)]
    assert numbers == [200, 120, 40, 8, 12, 9, 29, Decimal("96.67"), 149, Decimal("74.5")]
    sub = [_dec(v) for v in rows[SUB][5:] if isinstance(v, int | float)]
    assert sub[:3] == [112_000_000, 45_000_000, 62_000_000]
    labels = {r[0]: r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], str)}
    assert _dec(labels["Rata-rata capaian kinerja (%)"][5]) == Decimal("93.18")
    assert labels["Predikat kinerja"][5] == "Sangat Tinggi"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.print_title_rows == "$7:$10"
    assert not any(  # computed columns are values, never formulas
        isinstance(c, str) and c.startswith("=")
        for r in sheet.iter_rows(values_only=True)
        for c in r
    )


def test_a_bidang_user_sees_only_its_own_rows(reported: Any, personas: dict[str, Any]) -> None:
    client = Client()
    client.force_login(personas["operator.ukm"])
    page = client.get("/hasil/e81/", {**PERIOD, "unit": personas["kabid.koperasi"].unit_id})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Jumlah koperasi yang diperiksa" not in text and "96,67" not in text
    xlsx = client.get("/hasil/e81/xlsx/", PERIOD)
    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet is not None
    cells = [c for r in sheet.iter_rows(values_only=True) for c in r if c]
    assert OUTPUT not in cells and SUB not in cells


def test_e81_runs_a_constant_number_of_queries(reported: Any, personas: dict[str, Any]) -> None:
    client = Client()
    client.force_login(personas["kadis"])
    client.get("/hasil/e81/", PERIOD)
    with CaptureQueriesContext(connection) as small_html:
        client.get("/hasil/e81/", PERIOD)
    with CaptureQueriesContext(connection) as small_xlsx:
        client.get("/hasil/e81/xlsx/", PERIOD)
    output = Indicator.objects.get(code=OUTPUT)
    sub = output.node
    for n in range(20):
        extra_sub = PlanNode.objects.create(
            period=reported,
            level="sub_kegiatan",
            code=f"{sub.parent.code}.{9000 + n}",
            parent=sub.parent,
            responsible_unit=sub.responsible_unit,
            name=f"Sub kegiatan {n}",
        )
        Budget.objects.create(node=extra_sub, year=2026, pagu=1_000_000)
        BudgetRealization.objects.create(node=extra_sub, year=2026, quarter=1, amount=n)
        extra = Indicator.objects.create(
            period=reported,
            node=extra_sub,
            code=f"IK.E.{n}",
            name=f"Indikator {n}",
            unit_of_measure="orang",
            responsible_unit=output.responsible_unit,
        )
        Target.objects.create(indicator=extra, year=2026, quarter=None, value=10)
        Realization.objects.create(indicator=extra, year=2025, quarter=4, value=n)
        Realization.objects.create(indicator=extra, year=2026, quarter=3, value=n)
    with CaptureQueriesContext(connection) as large_html:
        page = client.get("/hasil/e81/", PERIOD)
    with CaptureQueriesContext(connection) as large_xlsx:
        client.get("/hasil/e81/xlsx/", PERIOD)
    assert "IK.E.19" in page.content.decode()
    assert len(large_html) == len(small_html)
    assert len(large_xlsx) == len(small_xlsx)


def _number(text: str) -> Decimal:
    return parse_number(text.replace("%", "").strip())


def test_the_demo_agrees_everywhere(loaded_demo: str) -> None:
    """Dashboard, E.81 on screen, E.81 XLSX and the API give the same numbers (demo data)."""
    kadis = User.objects.get(username="kadis")
    client = Client()
    client.force_login(kadis)
    dashboard = client.get("/hasil/dasbor/", PERIOD).context["data"]
    page = client.get("/hasil/e81/", PERIOD).content.decode()
    sheet = load_workbook(BytesIO(client.get("/hasil/e81/xlsx/", PERIOD).content)).active
    assert sheet is not None
    api = APIClient()
    api.force_authenticate(kadis)
    results = api.get("/api/v1/results/", {"year": 2026, "quarter": 3}).json()["results"]
    units = api.get("/api/v1/results/units/", {"year": 2026, "quarter": 3}).json()

    from_dashboard = {r.indicator.code: r.achievement for r in dashboard.results}
    from_api = {r["indicator_code"]: _dec(r["achievement_pct"]) for r in results}
    from_page = {
        code: _number(value) if value.strip() not in ("", "–") else None
        for code, value in re.findall(
            r'data-indicator="([^"]+)".*?data-col="renjak">([^<]*)<', page, re.S
        )
    }
    xlsx_rows = {r[2]: r for r in sheet.iter_rows(values_only=True) if r[2]}
    renja_k = 5 + 2 * e81.DISPLAY_COLUMNS.index(RENJA)
    from_xlsx = {code: _dec(xlsx_rows[code][renja_k]) for code in from_dashboard}
    assert len(from_dashboard) >= 35
    assert from_dashboard == from_api == from_page == from_xlsx

    mean = dashboard.agency.mean
    assert mean is not None
    assert _dec(units["agency"]["mean_achievement_pct"]) == mean
    assert f'data-value="{mean}"' in page
    labels = {r[0]: r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], str)}
    assert _dec(labels["Rata-rata capaian kinerja (%)"][5]) == mean
    # Budget: the agency's serapan is the E.81 total of column 12 over column 7.
    totals = e81.build(kadis.agency, year=2026, quarter=3).totals
    assert totals[RENJA].rp == dashboard.absorption
    assert _dec(units["agency"]["absorption_pct"]) == dashboard.absorption
    for row, unit in zip(dashboard.by_unit, units["units"], strict=True):
        assert unit["unit"] == row.key
        assert _dec(unit["mean_achievement_pct"]) == row.summary.mean
        assert _dec(unit["pagu"]) == row.pagu
    # The footer carries the agency's analysis written at step 7.
    assert "Pendampingan koperasi yang rutin" in page


def test_analysis_notes_are_kept_with_the_cycle_and_fill_the_footer(
    reported: Any, personas: dict[str, Any], sop_cycle: Any
) -> None:
    from monev.collection.models import Submission

    Submission.objects.create(
        cycle=sop_cycle, unit=personas["kabid.koperasi"].unit, drivers="Dukungan pengurus"
    )
    kasubag = Client()
    kasubag.force_login(personas["kasubag"])
    page = kasubag.get(f"/hasil/siklus/{sop_cycle.pk}/analisis/").content.decode()
    assert "Dukungan pengurus" in page  # the Bidang's own narrative as a starting point
    response = kasubag.post(
        f"/hasil/siklus/{sop_cycle.pk}/analisis/",
        {
            "unit": "",
            "dinas-drivers": "Pendampingan rutin",
            "dinas-obstacles": "RAT terlambat",
            "dinas-next_quarter": "Percepatan RAT",
            "dinas-next_renja": "Target realistis",
        },
    )
    assert response.status_code == 302
    note = AnalysisNote.objects.get(cycle=sop_cycle, unit__isnull=True)
    assert note.is_complete and note.updated_by == personas["kasubag"]
    assert "Target realistis" in kasubag.get("/hasil/e81/", PERIOD).content.decode()
    # A Kepala Bidang writes its own Bidang's note, never the agency's.
    kabid = Client()
    kabid.force_login(personas["kabid.koperasi"])
    unit_id = personas["kabid.koperasi"].unit_id
    ok = kabid.post(
        f"/hasil/siklus/{sop_cycle.pk}/analisis/",
        {"unit": unit_id, f"{unit_id}-drivers": "Penyuluh aktif"},
    )
    assert ok.status_code == 302
    assert AnalysisNote.objects.get(cycle=sop_cycle, unit_id=unit_id).drivers == "Penyuluh aktif"
    refused = kabid.post(
        f"/hasil/siklus/{sop_cycle.pk}/analisis/", {"unit": "", "dinas-drivers": "x"}
    )
    assert refused.status_code == 403
    assert AnalysisNote.objects.get(pk=note.pk).drivers == "Pendampingan rutin"
    from monev.core.models import AuditEntry

    assert (
        AuditEntry.objects.filter(
            agency_id=sop_cycle.agency_id, content_type__model="analysisnote"
        ).count()
        == 2
    )


def test_step_7_completes_only_with_the_agencys_analysis(
    reported: Any, personas: dict[str, Any], sop_cycle: Any
) -> None:
    from monev.evaluation.selectors import step7_ready
    from monev.evaluation.services import analysis_note_save
    from monev.sop.models import StepRun

    run = StepRun(cycle=sop_cycle, number=7)  # unsaved: only its cycle is read
    assert not step7_ready(run)
    values = {"drivers": "a", "obstacles": "b", "next_quarter": "c", "next_renja": ""}
    analysis_note_save(actor=personas["kasubag"], cycle=sop_cycle, unit=None, values=values)
    assert not step7_ready(run)  # every footer row must be written
    values["next_renja"] = "d"
    analysis_note_save(actor=personas["kasubag"], cycle=sop_cycle, unit=None, values=values)
    assert step7_ready(run)


def test_the_workbook_prints_on_f4_when_asked(reported: Any, personas: dict[str, Any]) -> None:
    client = Client()
    client.force_login(personas["kadis"])
    for paper, size in (("a4", 9), ("f4", 14), ("x", 9)):
        response = client.get("/hasil/e81/xlsx/", {**PERIOD, "kertas": paper})
        sheet = load_workbook(BytesIO(response.content)).active
        assert sheet is not None and int(sheet.page_setup.paperSize) == size
