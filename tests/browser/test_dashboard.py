"""In Chromium: the analysis dashboard, its charts, and the drill-down to one Bidang."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_dashboard_drills_down_from_agency_to_bidang(
    live_server: Any,
    page: Any,
    personas: Any,
    small_plan: Any,
    sop_cycle: Any,
    login: Any,
    shoot: Any,
) -> None:
    from monev.collection.models import Realization
    from monev.planning.models import Indicator

    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    for quarter, value in ((1, 8), (2, 12), (3, 9)):
        Realization.objects.create(indicator=output, year=2026, quarter=quarter, value=value)
    page.set_viewport_size({"width": 1366, "height": 900})
    login("kadis")
    page.get_by_test_id("main-nav").get_by_role("link", name="Analisis").click()
    expect(page.get_by_test_id("agency-mean")).to_have_text("96,67 %")
    expect(page.locator("#chart-units")).to_be_visible()
    shoot("dashboard-desktop")
    page.get_by_test_id("by-unit").get_by_role("link", name="Bidang Koperasi").click()
    expect(page.get_by_test_id("by-program")).to_contain_text("2.17.03")
    expect(page.get_by_label("Unit")).to_have_value(str(output.responsible_unit_id))
    page.set_viewport_size({"width": 390, "height": 844})
    shoot("dashboard-phone")
