"""In Chromium: the report's review, SOP steps 9 → 12, as its people do it. The Kasubag
Program opens the discussion; a Kepala Bidang comments on a quoted passage; the thread is
answered and resolved; the discussion closes; a revised version is rendered by the
background worker; the Sekretaris returns it once with notes (shown on the version), then
verifies the next; the Kasubag Program sets the nomor naskah and the signature block and
renders the final document; the Kepala Dinas ratifies it. Screenshots at desktop size and at
390 px (a phone)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from monev.archive.tests.conftest import archive_flushable  # noqa: F401  (step 13's entry)
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def _render(page: Any, worker: Any, number: int) -> None:
    page.get_by_test_id("generate").click()
    expect(page.get_by_test_id("report-job")).to_contain_text("Menunggu pekerja")
    worker().join(timeout=180)
    expect(page.get_by_test_id("job-done")).to_contain_text(f"v{number}", timeout=20_000)
    page.reload()


def test_steps_9_to_12_with_comments_one_return_and_ratification(
    live_server: Any,
    page: Any,
    in_review: Any,
    login: Any,
    shoot: Any,
    start_worker: Any,
    archive_flushable: None,  # noqa: F811
) -> None:
    url = f"{live_server.url}/laporan/{in_review.cycle_id}/"
    status = page.get_by_test_id("report-status")
    page.set_viewport_size(DESKTOP)

    # Step 9: the Kasubag Program opens the discussion.
    login("kasubag")
    page.goto(url)
    expect(status).to_have_text("Draf")
    page.get_by_test_id("act-bahas").click()
    expect(status).to_have_text("Dibahas")

    # A Kepala Bidang comments on a passage of «Saran»; he has no verify or ratify button.
    login("kabid.koperasi")
    page.goto(url)
    section = page.get_by_test_id("section-saran")
    quote = " ".join(section.locator(".section-text").inner_text().split()[:5])
    page.get_by_test_id("comment-open-saran").click()
    page.locator("#quote-saran").fill(quote)
    page.locator("#body-saran").fill("Saran ini perlu dibuat lebih konkret. @kasubag")
    page.get_by_test_id("comment-submit-saran").click()
    thread = section.locator(".thread").first
    expect(thread).to_contain_text("Saran ini perlu dibuat lebih konkret.")
    expect(thread).to_contain_text(quote)
    expect(page.get_by_test_id("act-verifikasi")).to_have_count(0)
    expect(page.get_by_test_id("act-sahkan")).to_have_count(0)
    shoot("review-comment-desktop")
    page.set_viewport_size(PHONE)
    thread.scroll_into_view_if_needed()
    shoot("review-comment-phone")
    page.set_viewport_size(DESKTOP)

    # The Kasubag Program is told and answers; the step cannot close while the thread is
    # open (the message stands on the report page, not at the POST address), and the thread
    # is the Kepala Bidang's to resolve, not the Kasubag's.
    login("kasubag")
    page.goto(url)
    expect(page.get_by_test_id("open-threads")).to_contain_text("1 utas terbuka")
    page.get_by_test_id("act-tutup-bahas").click()
    expect(page.locator(".alert-danger, .alert-error").first).to_contain_text(
        "1 utas komentar masih terbuka"
    )
    assert page.url.startswith(url) and page.url.endswith("#tahap")
    thread = page.get_by_test_id("section-saran").locator(".thread").first
    thread.get_by_placeholder("Balas…").fill("Akan ditambahkan jadwal pelatihan per triwulan.")
    thread.get_by_role("button", name="Balas").click()
    thread = page.get_by_test_id("section-saran").locator(".thread").first
    expect(thread.get_by_role("button", name="Selesai")).to_have_count(0)
    expect(thread).to_contain_text("oleh pembuat utas")
    login("kabid.koperasi")
    page.goto(url)
    page.get_by_test_id("section-saran").locator(".thread").first.get_by_role(
        "button", name="Selesai"
    ).click()
    login("kasubag")
    page.goto(url)
    expect(page.get_by_test_id("open-threads")).to_contain_text("Semua utas selesai")
    page.get_by_test_id("act-tutup-bahas").click()
    expect(status).to_have_text("Diperbaiki")

    # Step 10: the section edited in the page, a new version by the worker, submitted.
    saran = page.get_by_test_id("section-saran")
    saran.get_by_role("textbox", name="Saran").fill(
        "Renja 2027 memuat jadwal pelatihan per triwulan sesuai pencairan anggaran."
    )
    saran.get_by_role("button", name="Simpan bagian").click()
    _render(page, start_worker, 2)
    page.locator("#note-ajukan-verifikasi").fill("Saran dilengkapi jadwal pelatihan.")
    page.get_by_test_id("act-ajukan-verifikasi").click()
    expect(page.get_by_test_id("review-panel")).to_contain_text("11.")

    # Step 11: the Sekretaris sees which version she verifies and the Kasubag's note; she
    # returns it once, with notes that stand on version 2.
    login("sekretaris")
    page.goto(url)
    expect(page.get_by_test_id("review-version")).to_contain_text("versi 2")
    expect(page.get_by_test_id("handover-note")).to_contain_text("jadwal pelatihan")
    shoot("review-verify-desktop")
    page.locator("#note-kembalikan-verifikasi").fill("Tabel 3.2 belum memuat predikat Bidang.")
    page.get_by_test_id("act-kembalikan-verifikasi").click()
    review = page.get_by_test_id("review-2-dikembalikan_verifikasi")
    expect(review).to_contain_text("Tabel 3.2 belum memuat predikat Bidang.")
    shoot("review-returned-desktop")

    # Back at step 10 (round 2), on a phone: the note is there; a new version, submitted.
    login("kasubag")
    page.set_viewport_size(PHONE)
    page.goto(url)
    expect(page.get_by_test_id("review-panel")).to_contain_text("putaran 2")
    expect(page.get_by_test_id("review-2-dikembalikan_verifikasi")).to_be_visible()
    shoot("review-returned-phone")
    kesimpulan = page.get_by_test_id("section-kesimpulan")
    kesimpulan.get_by_role("textbox", name="Kesimpulan").fill(
        "Predikat capaian setiap Bidang kini tercantum pada Tabel 3.2."
    )
    kesimpulan.get_by_role("button", name="Simpan bagian").click()
    _render(page, start_worker, 3)
    page.get_by_test_id("act-ajukan-verifikasi").click()
    page.set_viewport_size(DESKTOP)

    login("sekretaris")
    page.goto(url)
    page.get_by_test_id("act-verifikasi").click()
    expect(status).to_have_text("Diverifikasi")

    # Step 12: nomor naskah, date, signature block; the final document; submitted.
    login("kasubag")
    page.goto(url)
    form = page.get_by_test_id("final-form")
    form.get_by_label("Nomor urut").fill("431")
    form.get_by_label("Kedudukan penanda tangan").select_option("plh")
    form.get_by_role("button", name="Simpan nomor dan penanda tangan").click()
    expect(page.get_by_test_id("report-number")).to_contain_text("000.8.3.3/431/DKUKMTK/2026")
    _render(page, start_worker, 4)
    expect(page.get_by_test_id("version-4")).to_contain_text("Dokumen akhir")
    page.get_by_test_id("act-ajukan-pengesahan").click()
    expect(page.get_by_test_id("review-panel")).to_contain_text("Kepala Dinas")

    # The Kepala Dinas ratifies after a confirmation naming the version; it is fixed.
    login("kadis")
    page.goto(url)
    expect(page.get_by_test_id("review-version")).to_contain_text("versi 4")
    page.get_by_test_id("act-sahkan").click()
    confirm = page.get_by_test_id("ratify-confirm")
    expect(confirm).to_contain_text("000.8.3.3/431/DKUKMTK/2026")
    expect(confirm).to_contain_text("Plh. ")
    shoot("review-confirm-desktop")
    page.set_viewport_size(PHONE)
    shoot("review-confirm-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_test_id("confirm-check").check()
    page.get_by_test_id("confirm-sahkan").click()
    expect(status).to_have_text("Disahkan")
    expect(page.get_by_test_id("ratified-badge")).to_be_visible()
    expect(page.get_by_test_id("report-fixed")).to_contain_text("versi 4 tetap")
    expect(page.get_by_test_id("generate")).to_have_count(0)
    shoot("review-ratified-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    shoot("review-ratified-phone")
    page.set_viewport_size(DESKTOP)

    # Step 13: the Kasubag Program archives it; the entry links back to its cycle.
    login("kasubag")
    page.goto(f"{live_server.url}/arsip/siklus/{in_review.cycle_id}/")
    page.get_by_test_id("archive-submit").click()
    expect(page.get_by_test_id("archive-cycle")).to_be_visible()
    shoot("review-archived-desktop")
    page.set_viewport_size(PHONE)
    shoot("review-archived-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_test_id("archive-cycle").click()
    expect(page.locator("body")).to_contain_text("Selesai")

    # The comparison of versions 1 and 3: the edited sections, side by side.
    page.set_viewport_size(DESKTOP)
    page.goto(f"{url}banding/?a=1&b=3")
    expect(page.get_by_test_id("diff-saran")).to_contain_text("Renja 2027")
    expect(page.get_by_test_id("diff-kesimpulan")).to_be_visible()
    shoot("review-compare-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    shoot("review-compare-phone")
