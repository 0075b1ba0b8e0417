"""In Chromium: the Kasubag Program archives the ratified report (SOP step 13), checks its
integrity and downloads the PDF/A; then, signed out, the public verification page says the
downloaded file is genuine, the same file with one byte changed is not, and an unknown code
is not. Screenshots at desktop width and 390 px."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from monev.archive.tests.conftest import archive_flushable, ratified_report  # noqa: F401
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_archive_then_verify_in_the_browser(
    archive_flushable: None,  # noqa: F811
    ratified_report: Any,  # noqa: F811
    live_server: Any,
    page: Any,
    login: Any,
    shoot: Any,
    sop_cycle: Any,
    tmp_path: Path,
) -> None:
    login("kasubag")
    page.goto(f"{live_server.url}/arsip/siklus/{sop_cycle.pk}/")
    shoot("archive-cycle-step13-desktop")
    page.get_by_test_id("archive-submit").click()
    expect(page.get_by_test_id("archive-metadata")).to_contain_text("000.8.3.3")
    page.get_by_test_id("archive-check").click()
    expect(page.get_by_test_id("check-result")).to_contain_text("Utuh")
    shoot("archive-entry-desktop")
    with page.expect_download() as info:
        page.get_by_test_id("archive-download").click()
    pdf = tmp_path / "arsip.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    page.goto(f"{live_server.url}/arsip/?tahun=2026")
    expect(page.get_by_test_id("archive-table")).to_contain_text("Triwulan III")
    shoot("archive-list-desktop")
    page.set_viewport_size(PHONE)
    shoot("archive-list-390")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/verifikasi/")
    page.set_input_files("#berkas", str(pdf))
    page.get_by_test_id("verify-file").click()
    expect(page.get_by_test_id("verify-genuine")).to_contain_text("Triwulan III")
    shoot("verify-genuine-desktop")
    page.set_viewport_size(PHONE)
    shoot("verify-genuine-390")
    data = bytearray(pdf.read_bytes())
    data[len(data) // 3] ^= 0x01
    changed = tmp_path / "arsip-diubah.pdf"
    changed.write_bytes(bytes(data))
    page.set_input_files("#berkas", str(changed))
    page.get_by_test_id("verify-file").click()
    expect(page.get_by_test_id("verify-not-genuine")).to_be_visible()
    shoot("verify-changed-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.fill("#kode", "ZZZZ-9999")
    page.get_by_test_id("verify-code").click()
    expect(page.get_by_test_id("verify-not-genuine")).to_contain_text("tidak terdaftar")
    shoot("verify-unknown-desktop")
