"""In Chromium: the Bappeda signs in, opens the kabupaten's consolidated view from the menu,
reads the ranking, downloads it as XLSX and drills down to one agency's Formulir E.81."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kabupaten(small_plan: Any, sop_cycle: Any, personas: Any) -> None:
    """DKUKMTK with the small plan reported for Triwulan I–III of 2026, and the kabupaten
    demo: Dinas Perhubungan, Dinas Perpustakaan dan Kearsipan and the Bappeda."""
    from monev.collection.models import Realization
    from monev.demo import DEMO_PASSWORD, kabupaten
    from monev.planning.models import Indicator

    indicator = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    for quarter, value in ((1, 8), (2, 12), (3, 9)):
        Realization.objects.create(indicator=indicator, year=2026, quarter=quarter, value=value)
    kabupaten.load(password=DEMO_PASSWORD)


def test_the_bappeda_ranks_the_agencies_and_opens_one_agencys_e81(
    live_server: Any, page: Any, kabupaten: None, login: Any, shoot: Any
) -> None:
    from openpyxl import load_workbook

    page.set_viewport_size(DESKTOP)
    login("bappeda")
    page.get_by_test_id("main-nav").get_by_role("link", name="Kinerja Perangkat Daerah").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kinerja Perangkat Daerah")
    page.get_by_label("Tahun").fill("2026")
    page.get_by_label("Triwulan").select_option("3")
    page.get_by_role("button", name="Terapkan").click()
    table = page.get_by_test_id("consolidated-table")
    rows = table.get_by_test_id("agency-row")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Dinas Koperasi")  # 96,67 %: first
    expect(rows.nth(0).locator("td").first).to_have_text("1")
    expect(table).to_contain_text("Dinas Perhubungan")
    expect(table).to_contain_text("Dinas Perpustakaan dan Kearsipan")
    expect(rows.first.get_by_test_id("mean")).to_have_text("96,67 %")
    shoot("consolidated-desktop")

    with page.expect_download() as download:
        page.get_by_test_id("consolidated-xlsx").click()
    sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet.cell(6, 2).value.startswith("Dinas Koperasi")
    assert sheet.cell(6, 1).value == 1

    rows.filter(has_text="Dinas Perhubungan").get_by_test_id("drill-down").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Formulir E.81")
    expect(page.get_by_test_id("e81-table")).to_contain_text("Pengadaan Rambu-Rambu Lalu Lintas")
    expect(page.get_by_test_id("e81-table")).not_to_contain_text("Koperasi")
    shoot("consolidated-e81-desktop")
    page.get_by_test_id("back-to-consolidated").click()
    expect(page.get_by_test_id("consolidated-table")).to_be_visible()

    page.set_viewport_size(PHONE)
    page.reload()
    phone = page.get_by_test_id("consolidated-list")
    expect(phone).to_be_visible()
    expect(phone.locator("li")).to_have_count(3)
    shoot("consolidated-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
