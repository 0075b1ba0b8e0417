"""In Chromium: the Kasubag Program generates the quarter's report; the page shows the job
waiting, then its stage and percentage while the worker renders the PDF, and the new version
appears without a reload once a real django-tasks database worker (run in a thread on the
live server's shared in-memory database, as a subprocess cannot see it) has rendered it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_report_is_generated_in_the_background_and_appears_without_reload(
    live_server: Any,
    page: Any,
    personas: Any,
    small_plan: Any,
    sop_cycle: Any,
    login: Any,
    shoot: Any,
    start_worker: Any,
    held_render: Any,
) -> None:
    page.set_viewport_size(DESKTOP)
    login("kasubag")
    page.goto(f"{live_server.url}/laporan/{sop_cycle.pk}/")
    versions = page.get_by_test_id("versions")
    expect(versions).to_contain_text("Belum ada versi laporan.")
    page.evaluate("window.notReloaded = true")

    page.get_by_test_id("generate").click()
    job = page.get_by_test_id("report-job")
    expect(job).to_contain_text("Laporan sedang dibuat: Menunggu pekerja")
    expect(page.get_by_test_id("progress")).to_be_visible()
    shoot("report-progress-desktop")

    # Hold the worker inside the PDF render to see the running stage and its percentage.
    let_go = held_render()
    expect(job).to_contain_text("Laporan sedang dibuat: Membuat PDF", timeout=10_000)
    expect(page.get_by_test_id("progress")).to_have_attribute("aria-valuenow", "20")
    expect(page.get_by_test_id("progress")).to_contain_text("20%")
    shoot("report-progress-rendering-desktop")
    let_go()
    expect(page.get_by_test_id("job-done")).to_contain_text("v1", timeout=15_000)
    expect(versions).to_contain_text("v1")
    expect(versions).to_contain_text("Dibuat sistem")
    assert page.evaluate("window.notReloaded") is True
    shoot("report-done-desktop")
    link = page.get_by_test_id("job-done").get_by_role("link", name="PDF")
    pdf = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    page.set_viewport_size(PHONE)
    page.reload()  # the narrative sections appear once the report exists
    expect(page.get_by_test_id("section-saran")).to_be_visible()
    # A section edited first: a render with nothing changed makes no new version.
    saran = page.get_by_test_id("section-saran")
    saran.get_by_role("textbox", name="Saran").fill("Saran yang disunting di ponsel.")
    saran.get_by_role("button", name="Simpan bagian").click()
    page.get_by_test_id("generate").click()
    expect(job).to_contain_text("Menunggu pekerja")
    shoot("report-progress-phone")
    page.evaluate("window.notReloaded = true")
    start_worker().join(timeout=120)
    expect(page.get_by_test_id("job-done")).to_contain_text("v2", timeout=15_000)
    expect(versions.locator("tbody tr")).to_have_count(2)
    assert page.evaluate("window.notReloaded") is True
    shoot("report-done-phone")
    # Asked again with nothing changed: no version, and the page says so.
    page.get_by_test_id("generate").click()
    expect(page.locator(".alert-danger").first).to_contain_text("Tidak ada perubahan sejak versi 2")
    expect(versions.locator("tbody tr")).to_have_count(2)
    shoot("report-unchanged-phone")
