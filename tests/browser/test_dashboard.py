"""In Chromium: the analysis dashboard, its charts, and the drill-down to one Bidang."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def output(small_plan: Any, sop_cycle: Any) -> Any:
    """The small plan's output indicator, reported for Triwulan I–III of 2026 (29 of 30)."""
    from monev.collection.models import Realization
    from monev.planning.models import Indicator

    indicator = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    for quarter, value in ((1, 8), (2, 12), (3, 9)):
        Realization.objects.create(indicator=indicator, year=2026, quarter=quarter, value=value)
    return indicator


def test_the_dashboard_drills_down_from_agency_to_bidang(
    live_server: Any,
    page: Any,
    personas: Any,
    output: Any,
    login: Any,
    shoot: Any,
) -> None:
    page.set_viewport_size(DESKTOP)
    login("kadis")
    page.get_by_test_id("main-nav").get_by_role("link", name="Analisis").click()
    expect(page.get_by_test_id("agency-mean")).to_have_text("96,67 %")
    expect(page.locator("#chart-units")).to_be_visible()
    shoot("dashboard-desktop")
    page.get_by_test_id("by-unit").get_by_role("link", name="Bidang Koperasi").click()
    expect(page.get_by_test_id("by-program")).to_contain_text("2.17.03")
    expect(page.get_by_label("Unit")).to_have_value(str(output.responsible_unit_id))
    page.get_by_test_id("by-program").get_by_role("link", name="2.17.03").click()
    indicators = page.get_by_test_id("indicators")
    expect(indicators).to_contain_text("96,67 %")
    expect(indicators).not_to_contain_text("Persentase koperasi aktif")  # a sasaran's IKU
    shoot("dashboard-program-desktop")
    indicators.get_by_role("link", name=output.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(output.name)
    page.go_back()
    page.set_viewport_size(PHONE)
    shoot("dashboard-phone")


def test_the_kasubag_writes_the_analysis_that_e81_prints(
    live_server: Any,
    page: Any,
    personas: Any,
    output: Any,
    login: Any,
    shoot: Any,
) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    page.set_viewport_size(DESKTOP)
    login("kasubag")
    page.goto(f"{live_server.url}/hasil/dasbor/?tahun=2026&triwulan=3")
    page.get_by_test_id("to-analysis").click()
    note = page.get_by_test_id("note-dinas")
    note.get_by_label("Faktor pendorong keberhasilan kinerja").fill("Pendampingan rutin")
    note.get_by_label("Faktor penghambat pencapaian kinerja").fill("RAT terlambat")
    note.get_by_label("Tindak lanjut yang diperlukan dalam triwulan berikutnya").fill("Cepat")
    note.get_by_label("Tindak lanjut yang diperlukan dalam Renja berikutnya").fill("Target baru")
    note.get_by_role("button", name="Simpan catatan").click()
    expect(page.get_by_text("Catatan analisis disimpan.")).to_be_visible()
    shoot("analysis-desktop")
    page.get_by_test_id("e81-footer-hint").get_by_role("link").click()
    table = page.get_by_test_id("e81-table")
    expect(table.locator('tr[data-indicator="IK.2.17.03.2.01.0004.01"]')).to_contain_text("96,67")
    expect(table).to_contain_text("Pendampingan rutin")
    expect(page.get_by_test_id("e81-signatures")).to_contain_text("Dievaluasi")
    shoot("e81-desktop")
    with page.expect_download() as download:
        page.get_by_test_id("e81-xlsx").click()
    path = download.value.path()
    sheet = load_workbook(BytesIO(Path(path).read_bytes())).active
    cells = [c for r in sheet.iter_rows(values_only=True) for c in r if c is not None]
    assert "Pendampingan rutin" in cells and "IK.2.17.03.2.01.0004.01" in cells
    page.set_viewport_size(PHONE)
    shoot("e81-phone")
