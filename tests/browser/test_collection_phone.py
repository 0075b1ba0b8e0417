"""In Chromium at 390 × 844 (a phone): a Bidang operator fills the format isian card by card,
takes the evidence "from the camera" (a file input with capture), saves, sees the values back in
Indonesian form and submits. The same form at desktop width is a table."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

JPEG = {
    "name": "foto-kegiatan.jpg",
    "mimeType": "image/jpeg",
    "buffer": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9",
}


def _inside_viewport(page: Any, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None and box["width"] > 100
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box


def test_an_operator_fills_saves_and_submits_on_a_phone(
    live_server: Any,
    page: Any,
    small_plan: Any,
    sop_cycle: Any,
    step_done: Any,
    open_form: Any,
    shoot: Any,
) -> None:
    from monev.collection.models import Evidence, Realization
    from monev.planning.models import Indicator

    page.set_viewport_size(PHONE)
    step_done(1)
    open_form()
    iku = Indicator.objects.get(code="IK.S1.1.01")
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    # no horizontal scrolling: every input lies inside the phone's width
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for pk in (iku.pk, output.pk):
        _inside_viewport(page, f"#v_{pk}")
        _inside_viewport(page, f"#n_{pk}")
        _inside_viewport(page, f"#e_{pk}")
        assert page.locator(f"#e_{pk}").get_attribute("capture") == "environment"
        assert "image/*" in (page.locator(f"#e_{pk}").get_attribute("accept") or "")
    budget = page.get_by_label(f"Realisasi anggaran {output.node.code}")
    _inside_viewport(page, f"[name='{budget.get_attribute('name')}']")
    card = page.locator(f"tr[data-indicator='{iku.code}']")
    expect(card.get_by_test_id("ytd-target")).to_be_visible()
    shoot("collection-form-phone-empty")

    page.locator(f"#v_{iku.pk}").fill("61,5")
    page.locator(f"#v_{output.pk}").fill("12")  # a whole number: koperasi
    page.locator(f"#n_{output.pk}").fill("Pelatihan dua angkatan")
    page.locator(f"#e_{output.pk}").set_input_files(JPEG)
    budget.fill("5400000")
    page.get_by_label("Faktor pendorong").fill("Dukungan pengurus koperasi")
    page.get_by_test_id("save-draft").click()
    expect(page.get_by_text("Draf disimpan.")).to_be_visible()
    expect(page.get_by_text("Bukti dukung «foto-kegiatan.jpg» dilampirkan.")).to_be_visible()
    # shown back in Indonesian form, in the inputs themselves
    expect(page.locator(f"#v_{output.pk}")).to_have_value("12")
    expect(page.get_by_label(f"Realisasi anggaran {output.node.code}")).to_have_value("5.400.000")
    expect(page.get_by_test_id("budget-rows")).to_contain_text("Rp 5.400.000")
    expect(card).to_be_visible()
    assert Evidence.objects.filter(realization__indicator=output).count() == 1
    assert Realization.objects.get(indicator=output, quarter=sop_cycle.quarter).value == 12
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot("collection-form-phone-saved")

    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("submission-status")).to_have_text("Diajukan")
    shoot("collection-form-phone-submitted")


def test_the_same_form_is_a_table_on_a_desktop(
    live_server: Any,
    page: Any,
    small_plan: Any,
    sop_cycle: Any,
    step_done: Any,
    open_form: Any,
    shoot: Any,
) -> None:
    from monev.planning.models import Indicator

    page.set_viewport_size(DESKTOP)
    step_done(1)
    open_form()
    iku = Indicator.objects.get(code="IK.S1.1.01")
    expect(page.get_by_test_id("indicator-rows").locator("thead")).to_be_visible()
    display = page.locator(f"tr[data-indicator='{iku.code}']").evaluate(
        "el => getComputedStyle(el).display"
    )
    assert display == "table-row"
    page.locator(f"#v_{iku.pk}").fill("62,75")  # Indonesian decimals, near its target (65)
    page.get_by_test_id("save-draft").click()
    expect(page.locator(f"#v_{iku.pk}")).to_have_value("62,75")
    expect(page.get_by_test_id("indicator-rows")).to_contain_text("tersimpan: 62,75")
    shoot("collection-form-desktop-table")
