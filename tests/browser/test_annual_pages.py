"""In Chromium: the annual SOP's step 2 and 3 pages (SPEC §16) — the year's recap per IKU and
the quarters' notes per IKU — at desktop width and on a 390 px phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_annual_recap_and_analysis_pages_at_desktop_and_phone_width(
    live_server: Any, page: Any, personas: Any, small_plan: Any, sop_cycle: Any, login: Any,
    shoot: Any,
) -> None:  # fmt: skip
    from monev.collection.models import Realization
    from monev.evaluation.models import AnalysisNote
    from monev.planning.models import Indicator
    from monev.reports.tests.annual import annual_cycle

    iku = Indicator.objects.get(code="IK.S1.1.01")
    Realization.objects.create(indicator=iku, year=2025, quarter=4, value=56)
    AnalysisNote.objects.create(
        cycle=sop_cycle, unit=None, drivers="Pendampingan koperasi rutin",
        obstacles="RAT beberapa koperasi terlambat",
    )  # fmt: skip
    cycle = annual_cycle(personas["kasubag"].agency, 2026, actor=personas["kasubag"])
    page.set_viewport_size(DESKTOP)
    login("kasubag")
    page.goto(f"{live_server.url}/hasil/tahunan/{cycle.pk}/rekap/")
    recap = page.get_by_test_id("annual-recap")
    expect(recap).to_contain_text("Persentase koperasi aktif")
    expect(page.get_by_test_id("recap-waiting")).to_be_visible()
    shoot("annual-recap-desktop")
    page.set_viewport_size(PHONE)
    shoot("annual-recap-phone")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/hasil/tahunan/{cycle.pk}/analisis/")
    expect(page.get_by_test_id("annual-iku").first).to_contain_text("Pendampingan koperasi rutin")
    shoot("annual-analysis-desktop")
    page.set_viewport_size(PHONE)
    shoot("annual-analysis-phone")
