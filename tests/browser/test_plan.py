"""In Chromium: the plan tree, its filters and collapsing, and editing an indicator."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_plan_tree_filters_collapses_and_an_indicator_is_edited(
    live_server: Any, page: Any, personas: Any, small_plan: Any, login: Any, shoot: Any
) -> None:
    page.set_viewport_size(DESKTOP)
    login("kabid.koperasi")
    page.get_by_test_id("main-nav").get_by_role("link", name="Rencana kinerja").click()
    tree = page.get_by_test_id("plan-tree")
    expect(tree).to_contain_text("2.17.03.2.01.0004")
    expect(page.get_by_role("link", name="Unggah XLSX")).to_have_count(0)  # read-only Bidang

    login("kasubag")
    page.goto(f"{live_server.url}/rencana/?tahun=2026")
    tree = page.get_by_test_id("plan-tree")
    output = tree.get_by_role("link", name="Jumlah koperasi yang diperiksa dan diawasi")
    expect(output).to_be_visible()
    shoot("plan-tree-desktop")
    # Collapse the program: its indicators disappear; expand again.
    program = tree.locator("tr[data-node]").filter(has_text="2.17.03").first
    program.locator(".tree-toggle").click()
    expect(output).to_be_hidden()
    program.locator(".tree-toggle").click()
    expect(output).to_be_visible()
    # Filters: IKU only.
    page.get_by_label("IKU saja").check()
    page.get_by_role("button", name="Terapkan").click()
    expect(tree).to_contain_text("Persentase koperasi aktif")
    expect(tree).not_to_contain_text("Jumlah koperasi yang diperiksa")
    page.get_by_label("IKU saja").uncheck()
    page.get_by_label("Cari kode atau nama").fill("0004")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_test_id("plan-tree")).not_to_contain_text("Persentase koperasi aktif")

    page.get_by_role("link", name="Jumlah koperasi yang diperiksa dan diawasi").click()
    page.get_by_test_id("edit-indicator").click()
    page.locator("#id_t_2026_0").fill("1.048")  # Indonesian thousands
    page.locator("#id_t_2026_4").fill("12")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Indikator disimpan.")).to_be_visible()
    expect(page.get_by_text("tidak sama dengan target tahunan")).to_be_visible()
    expect(page.get_by_test_id("target-table")).to_contain_text("1.048")
    shoot("indicator-after-edit-desktop")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/rencana/?tahun=2026")
    shoot("plan-tree-phone")
