"""In Chromium: the Sekretaris chooses the annual SOP on the open-cycle page (no quarter
field), opens the year's cycle, and its page names it by its SOP (desktop and 390 px)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_sekretaris_opens_the_annual_cycle(
    live_server: Any, page: Any, personas: Any, sop_definition: Any, login: Any, shoot: Any
) -> None:
    from monev.sop import services

    services.definitions_load_defaults(agency=sop_definition.agency)
    page.set_viewport_size(DESKTOP)
    login("sekretaris")
    page.goto(f"{live_server.url}/monev/siklus/buka/")
    choice = page.get_by_test_id("sop-choice")
    expect(choice).to_contain_text("Monitoring/Evaluasi Internal Capaian Kinerja")
    expect(page.get_by_label("Triwulan")).to_be_visible()
    choice.get_by_role("link", name="Penyusunan Laporan Kinerja Tahunan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Penyusunan Laporan Kinerja Tahunan"
    )
    expect(page.get_by_label("Triwulan")).to_have_count(0)
    page.get_by_label("Tahun").fill("2026")
    page.get_by_label("Disposisi untuk Kasubag Program").fill(
        "Mohon disiapkan Perjanjian Kinerja tahun 2026."
    )
    shoot("open-annual-desktop")
    page.set_viewport_size(PHONE)
    shoot("open-annual-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Buka siklus (Mulai)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Penyusunan Laporan Kinerja Tahunan 2026"
    )
    expect(page.get_by_test_id("action-panel")).to_contain_text(
        "1. Menyusun Perjanjian Kinerja tahun berjalan"
    )
    assert "None" not in page.locator("main").inner_text()
    shoot("annual-cycle-desktop")
    page.set_viewport_size(PHONE)
    shoot("annual-cycle-phone")
    # the holder of step 1 finds it in the inbox, named by the annual cycle
    page.set_viewport_size(DESKTOP)
    login("kasubag")
    expect(page.get_by_test_id("inbox")).to_contain_text("Penyusunan Laporan Kinerja Tahunan 2026")
    page.get_by_test_id("main-nav").get_by_role("link", name="Siklus monev").click()
    expect(page.get_by_test_id("cycle-table")).to_contain_text(
        "Penyusunan Laporan Kinerja Tahunan 2026"
    )
    shoot("cycles-with-annual-desktop")
