"""Every main page at 390 px wide (a phone): nothing pushes the page sideways (wide tables
scroll inside their own box); a screenshot of each is kept under var/screenshots/phone-*.png."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_main_pages_fit_a_phone(
    live_server: Any,
    page: Any,
    small_plan: Any,
    sop_cycle: Any,
    login: Any,
    step_done: Any,
    shoot: Any,
) -> None:
    from monev.collection.models import Submission
    from monev.planning.models import Indicator

    step_done(1)
    submission = Submission.objects.get(cycle=sop_cycle)
    indicator = Indicator.objects.get(code="IK.S1.1.01")
    page.set_viewport_size(PHONE)
    login("kasubag")
    pages = {
        "home": "/",
        "cycles": "/monev/siklus/",
        "cycle": f"/monev/siklus/{sop_cycle.pk}/",
        "board": f"/data/siklus/{sop_cycle.pk}/",
        "form": f"/data/laporan/{submission.pk}/",
        "processing": f"/hasil/siklus/{sop_cycle.pk}/olah-data/",
        "analysis": f"/hasil/siklus/{sop_cycle.pk}/analisis/",
        "dashboard": "/hasil/dasbor/?tahun=2026&triwulan=3",
        "e81": "/hasil/e81/?tahun=2026&triwulan=3",
        "plan": "/rencana/",
        "indicator": f"/rencana/indikator/{indicator.pk}/",
        "notifications": "/monev/notifikasi/",
        "compliance": "/monev/kepatuhan/",
        "sop": "/monev/sop/",
        "monev-plan": f"/kunjungan/siklus/{sop_cycle.pk}/rencana/",
        "monev-visits": f"/kunjungan/siklus/{sop_cycle.pk}/",
        "monev-register": "/kunjungan/rekomendasi/",
        "monev-checklists": "/kunjungan/templat/",
    }
    too_wide = {}
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, (name, path)
        shoot(f"phone-{name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[name] = width
    login("kadis")
    page.goto(f"{live_server.url}/audit/")
    shoot("phone-audit")
    if page.evaluate("document.documentElement.scrollWidth") > 390:
        too_wide["audit"] = page.evaluate("document.documentElement.scrollWidth")
    assert not too_wide, too_wide


@pytest.mark.parametrize("width", [1000, 1280, 1440])
def test_the_longest_menu_fits_a_laptop(
    live_server: Any, page: Any, small_plan: Any, login: Any, shoot: Any, width: int
) -> None:
    """The Administrator's and the Kepala Dinas' menus with their names never push a laptop
    page sideways. From 1200 px the bar is open, and from 1280 px it keeps one row (entries
    without icons, the name cut); narrower, the menu folds behind its button."""
    page.set_viewport_size({"width": width, "height": 800})
    for username in ("admin", "kadis"):
        login(username)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, username
        toggler = page.locator(".navbar-toggler")
        if width < 1200:
            assert toggler.is_visible(), username
            toggler.click()
            expect(page.get_by_test_id("main-nav")).to_be_visible()
        else:
            assert not toggler.is_visible(), username
            tops = page.evaluate(
                """() => [...document.querySelectorAll(
                    '[data-testid="main-nav"] > .nav-item, [data-testid="user-menu"]')]
                  .map(e => Math.round(e.getBoundingClientRect().top))"""
            )
            # one row (a second would start ~40 px lower): the menu and the name
            assert max(tops) - min(tops) < 10, (username, tops)
        language = page.get_by_role("button", name="EN", exact=True)
        box = language.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width, (username, box)
        shoot(f"navbar-{username}-{width}")
