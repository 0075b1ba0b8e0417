"""In Chromium: the Kasubag Program uploads an edited DOCX at step 10 (one section rewritten
the way Word saves it, one number of Tabel 3.4 changed); the request returns at once, the
page shows the upload's job waiting, then its stage and percentage while the worker renders,
and the new version appears without a reload, its table edit named by table, row and column
(not taken). Screenshots at desktop size and at 390 px (a phone)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def revising(in_review: Any, personas: Any) -> Any:
    """The report in review with its discussion open (step 10's DOCX upload needs it)."""
    from monev.reports import services

    services.discussion_open(actor=personas["kasubag"], report=in_review)
    return in_review


def _edited(report: Any, tmp_path: Path) -> Path:
    from docx import Document as open_docx

    from monev.reports.tests.test_revision import NEW_SARAN, word_edit

    with report.versions.get().docx.open("rb") as f:
        data = word_edit(f.read(), section="saran", text=NEW_SARAN, outside=None)
    document = open_docx(BytesIO(data))
    table = next(  # Tabel 3.4, with deviasi and efisiensi after «Serapan (%)»
        t for t in document.tables if [c.text for c in t.rows[0].cells][4:5] == ["Serapan (%)"]
    )
    table.rows[1].cells[2].paragraphs[0].runs[0].text = "70.000.000"
    path = tmp_path / "laporan-suntingan.docx"
    document.save(str(path))
    return path


def test_an_uploaded_docx_is_read_back_in_the_background_with_progress(
    live_server: Any,
    page: Any,
    revising: Any,
    login: Any,
    shoot: Any,
    held_render: Any,
    tmp_path: Path,
) -> None:
    page.set_viewport_size(DESKTOP)
    login("kasubag")
    page.goto(f"{live_server.url}/laporan/{revising.cycle_id}/")
    page.locator("#docx-file").set_input_files(str(_edited(revising, tmp_path)))
    page.get_by_test_id("upload-docx").click()
    job = page.get_by_test_id("report-job")
    expect(job).to_contain_text("DOCX hasil suntingan sedang diperiksa dan dibuat versinya")
    expect(job).to_contain_text("Menunggu pekerja")
    expect(page.get_by_text("DOCX diterima dan sedang diperiksa.")).to_be_visible()
    page.evaluate("window.notReloaded = true")

    let_go = held_render()
    expect(page.get_by_test_id("job-stage")).to_have_text("Membuat PDF", timeout=10_000)
    expect(page.get_by_test_id("progress")).to_contain_text("20%")
    job.scroll_into_view_if_needed()
    shoot("report-upload-progress-desktop")
    let_go()
    done = page.get_by_test_id("job-done")
    expect(done).to_contain_text("Versi 2 dibuat dari DOCX yang diunggah.", timeout=15_000)
    expect(done).to_contain_text("1 suntingan di luar bagian narasi")
    versions = page.get_by_test_id("versions")
    expect(versions).to_contain_text("Diunggah")
    where = page.get_by_test_id("edit-where")
    expect(where).to_have_text("Tabel 3.4, baris 1 (Bidang Koperasi), kolom 3 «Pagu (Rp)»")
    assert page.evaluate("window.notReloaded") is True
    shoot("report-upload-done-desktop")
    page.set_viewport_size(PHONE)
    page.get_by_test_id("outside-edits-2").scroll_into_view_if_needed()
    shoot("report-upload-done-phone")
