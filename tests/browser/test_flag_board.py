"""In Chromium: the Kasubag Program explains 30 data-quality flags with one note and 3 more one
by one, on the step 3 page, without a page reload (a window variable set at the start
survives), the list staying where it was."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_thirty_flags_in_bulk_and_three_one_by_one_without_a_reload(
    live_server: Any,
    page: Any,
    small_plan: Any,
    sop_cycle: Any,
    login: Any,
    step_done: Any,
    shoot: Any,
) -> None:
    from monev.collection.models import Realization
    from monev.evaluation.models import FlagResolution
    from monev.evaluation.tests.test_flag_board import add_indicators
    from monev.planning.models import Indicator

    step_done(1)
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    Realization.objects.create(indicator=output, year=2026, quarter=3, value=Decimal(99))
    extra = add_indicators(small_plan, 34)
    step_done(2, override_reason="uji")
    page.set_viewport_size(DESKTOP)
    login("kasubag")
    page.goto(f"{live_server.url}/hasil/siklus/{sop_cycle.pk}/olah-data/")
    page.evaluate("window.__noReload = 'still here'")
    board = page.get_by_test_id("flags")
    page.locator("#id_jenis").select_option("missing_value")
    page.get_by_test_id("flag-filter-apply").click()  # filtering is an ordinary GET
    page.wait_for_url(re.compile(r"jenis=missing_value"))  # the new page, not the old one
    items = board.get_by_test_id("flag-item")
    expect(items.first).to_be_visible()
    page.evaluate("window.__noReload = 'still here'")
    assert items.count() >= 35  # the 34 extra, the IKU; every line of one kind
    for indicator in extra[:30]:
        page.locator(f"#check-flag-{indicator.pk}-missing_value").check()
    page.locator("#id_bulk_note").fill("Kegiatan dijadwalkan triwulan IV")
    page.get_by_test_id("bulk-submit").click()
    expect(page.get_by_test_id("bulk-status")).to_have_text("30 tanda dijelaskan.")
    assert FlagResolution.objects.filter(note="Kegiatan dijadwalkan triwulan IV").count() == 30
    expect(board.get_by_test_id("flag-explained")).to_have_count(30)
    shoot("flag-board-bulk")
    page.get_by_test_id("select-all").check()  # monev/flags.js
    assert page.locator("input.flag-check:checked").count() == items.count()
    page.get_by_test_id("select-all").uncheck()
    assert page.locator("input.flag-check:checked").count() == 0

    for indicator in extra[30:33]:
        line = page.locator(f"#flag-{indicator.pk}-missing_value")
        line.scroll_into_view_if_needed()
        before = page.evaluate("window.scrollY")
        line.get_by_role("textbox").fill(f"Dijelaskan satu per satu {indicator.code}")
        line.get_by_role("button", name="Simpan").click()
        expect(line.get_by_test_id("flag-saved")).to_be_visible()
        expect(line.get_by_test_id("flag-note")).to_have_text(
            f"Dijelaskan satu per satu {indicator.code}"
        )
        assert abs(page.evaluate("window.scrollY") - before) < 5  # the list stayed put
    assert page.evaluate("window.__noReload") == "still here"
    expect(page.get_by_test_id("open-count")).to_contain_text(
        f"{FlagResolution.objects.count() and _open(sop_cycle)} dari"
    )
    assert FlagResolution.objects.count() == 33
    shoot("flag-board-one-by-one")
    page.set_viewport_size(PHONE)
    shoot("flag-board-phone")


def _open(cycle: Any) -> int:
    from monev.evaluation import services

    return sum(1 for _r, _f, res in services.open_flags(cycle) if res is None)
