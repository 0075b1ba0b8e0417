"""In Chromium: the Sekretaris returns step 4 with a note; a refused return keeps what he
typed; the Kasubag Program sees the note and who returned it on the step's card."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "Jadwal bentrok dengan rapat kerja Bupati; geser kunjungan UPTD BLK ke minggu kedua."


def test_a_returned_step_card_shows_the_note_and_who_returned_it(
    live_server: Any, page: Any, personas: Any, sop_definition: Any, login: Any, shoot: Any
) -> None:
    from monev.sop import services
    from monev.sop.tests.test_engine import _run_to, attach

    moment = datetime(2026, 10, 8, 9, 0, tzinfo=ZoneInfo("Asia/Makassar"))
    cycle = services.cycle_open(
        actor=personas["sekretaris"],
        agency=sop_definition.agency,
        year=2026,
        quarter=3,
        disposition="Segera siapkan format isian monev Triwulan III.",
        now=datetime(2026, 10, 7, 8, 0, tzinfo=ZoneInfo("Asia/Makassar")),
    )
    step4 = _run_to(cycle, 4, personas, moment)
    attach(step4, personas["kasubag"], "jadwal-monev.pdf")
    services.step_complete(actor=personas["kasubag"], run=step4, now=moment)

    page.set_viewport_size(DESKTOP)
    login("sekretaris")
    page.goto(f"{live_server.url}/monev/siklus/{cycle.pk}/")
    panel = page.get_by_test_id("action-panel")
    expect(panel).to_contain_text("menunggu persetujuan")
    # A blank return is refused by the browser (required); a space-only note by the server,
    # which keeps the approval form on the page.
    page.locator("#id_refuse-note").fill("   ")
    page.get_by_test_id("refuse").click()
    expect(page.get_by_text("Tuliskan catatan")).to_be_visible()
    page.locator("#id_refuse-note").fill(NOTE)
    page.get_by_test_id("refuse").click()
    expect(page.get_by_text("dikembalikan kepada pemegangnya")).to_be_visible()

    login("kasubag")
    page.goto(f"{live_server.url}/monev/siklus/{cycle.pk}/#langkah-4")
    card = page.get_by_test_id("returned-4-1")
    expect(card).to_contain_text(NOTE)
    expect(card).to_contain_text(personas["sekretaris"].full_name)
    expect(page.get_by_test_id("complete")).to_contain_text("ajukan persetujuan")
    card.scroll_into_view_if_needed()
    shoot("step-returned-desktop")
    page.set_viewport_size(PHONE)
    shoot("step-returned-phone")
