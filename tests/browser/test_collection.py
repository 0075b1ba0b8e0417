"""In Chromium: a Bidang fills, saves, attaches evidence and submits its quarterly form; the
Kasubag Program returns it with a note; the Bidang corrects and resubmits; it is accepted and
SOP step 2 completes."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

PDF = {"name": "daftar-hadir.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 hadir"}


def test_a_bidang_form_goes_through_submit_return_and_accept(
    live_server: Any,
    page: Any,
    small_plan: Any,
    sop_cycle: Any,
    login: Any,
    step_done: Any,
    open_form: Any,
    shoot: Any,
) -> None:
    from monev.planning.models import Indicator

    step_done(1)
    iku = Indicator.objects.get(code="IK.S1.1.01")
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    page.set_viewport_size(DESKTOP)

    open_form()
    page.locator(f"#v_{iku.pk}").fill("61,5")
    page.get_by_test_id("save-draft").click()
    expect(page.get_by_text("Draf disimpan.")).to_be_visible()
    expect(page.get_by_test_id("indicator-rows")).to_contain_text("tersimpan: 61,50")
    page.goto(f"{live_server.url}/")  # leave and come back
    open_form(sign_in=False)
    expect(page.locator(f"#v_{iku.pk}")).to_have_value("61,5")
    page.get_by_test_id("submit").click()
    expect(page.get_by_text("1 indikator belum diisi")).to_be_visible()
    page.locator(f"#v_{output.pk}").fill("9")
    page.get_by_label(f"Realisasi anggaran {output.node.code}").fill("Rp 15.250.000")
    page.get_by_label("Faktor pendorong").fill("Dukungan pengurus koperasi")
    page.get_by_test_id("save-draft").click()
    expect(page.get_by_text("Draf disimpan.")).to_be_visible()
    page.locator("#id_evidence_indicator").select_option(str(output.pk))
    page.locator("#id_evidence_file").set_input_files(PDF)
    page.get_by_test_id("evidence-upload").click()
    expect(page.get_by_text("Bukti dukung dilampirkan.")).to_be_visible()
    expect(page.get_by_test_id("indicator-rows")).to_contain_text("daftar-hadir.pdf")
    shoot("collection-form-desktop")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("submission-status")).to_have_text("Diajukan")

    login("kasubag")
    page.get_by_test_id("inbox").get_by_role("link", name="Periksa laporan Bidang Koperasi").click()
    page.locator("#id_return").fill("Angka pemeriksaan belum sesuai daftar hadir.")
    page.get_by_test_id("return").click()
    expect(page.get_by_test_id("submission-status")).to_have_text("Dikembalikan")

    login("operator.koperasi")
    page.get_by_test_id("inbox").get_by_role("link", name="Perbaiki format isian").click()
    expect(page.get_by_test_id("return-note")).to_contain_text("belum sesuai daftar hadir")
    page.locator(f"#v_{output.pk}").fill("11")
    page.get_by_test_id("save-draft").click()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("submission-status")).to_have_text("Diajukan")

    login("kasubag")
    page.goto(f"{live_server.url}/data/siklus/{sop_cycle.pk}/")
    expect(page.get_by_test_id("board")).to_contain_text("Diajukan")
    shoot("collection-board-desktop")
    page.get_by_test_id("board").get_by_role("link", name="Bidang Koperasi").click()
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("submission-status")).to_have_text("Diterima")
    page.goto(f"{live_server.url}/monev/siklus/{sop_cycle.pk}/")
    page.get_by_test_id("complete").click()
    expect(page.get_by_text("Langkah 2 selesai.")).to_be_visible()
    expect(page.get_by_test_id("action-panel")).to_contain_text("3. Mengolah data kinerja Dinas")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/data/siklus/{sop_cycle.pk}/")
    shoot("collection-board-phone")


def test_a_bidang_fills_its_form_offline_in_a_workbook(
    live_server: Any,
    page: Any,
    small_plan: Any,
    sop_cycle: Any,
    login: Any,
    step_done: Any,
    shoot: Any,
) -> None:
    import io

    from openpyxl import load_workbook

    from monev.collection.models import Submission

    step_done(1)
    submission = Submission.objects.get(cycle=sop_cycle, unit__code="BID-KOP")
    page.set_viewport_size(DESKTOP)
    login("operator.koperasi")
    page.goto(f"{live_server.url}/data/laporan/{submission.pk}/")
    with page.expect_download() as download:
        page.get_by_test_id("workbook-download").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = book["Isian"]
    row = next(c.row for c in sheet["A"] if c.value == "IK.S1.1.01")
    sheet[f"G{row}"] = "1.234,5"
    buffer = io.BytesIO()
    book.save(buffer)
    page.locator("#id_workbook_file").set_input_files(
        {"name": "isian.xlsx", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()}
    )
    page.get_by_test_id("workbook-upload").click()
    expect(page.get_by_test_id("upload-changes")).to_contain_text("1.234,5")
    shoot("collection-workbook-preview")
    page.get_by_test_id("upload-apply").click()
    expect(page.get_by_text("Isian dari berkas XLSX disimpan sebagai draf")).to_be_visible()
    expect(page.get_by_test_id("indicator-rows")).to_contain_text("tersimpan: 1.234,50")
