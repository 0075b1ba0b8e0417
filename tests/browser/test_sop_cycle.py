"""In Chromium: a whole monev cycle through its 13 steps by hand, with the right roles, one
return from verification (11) to correction (10), and each role's inbox along the way."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

#: Step 8 by hand too (its report handler is tested in tests/browser/test_report.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("step8_by_hand")]

PDF = {"name": "output.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 output"}

#: Who completes each step (the holder), and who approves where the SOP says so.
HOLDER = {n: "kasubag" for n in range(1, 14)} | {11: "sekretaris"}
APPROVER = {4: "sekretaris", 12: "kadis"}


def _open_from_inbox(page: Any, number: int) -> None:
    inbox = page.get_by_test_id("inbox")
    expect(inbox).to_contain_text(f"Langkah {number}:")
    inbox.get_by_role("link", name=f"Langkah {number}:").first.click()
    expect(page.get_by_test_id("action-panel")).to_contain_text(f"{number}.")


def test_a_cycle_runs_all_thirteen_steps_by_hand(
    live_server: Any, page: Any, personas: Any, sop_definition: Any, login: Any, shoot: Any
) -> None:
    page.set_viewport_size(DESKTOP)
    login("sekretaris")
    expect(page.get_by_test_id("inbox")).to_contain_text("Tidak ada yang menunggu")
    page.get_by_test_id("main-nav").get_by_role("link", name="Siklus monev").click()
    page.get_by_role("link", name="Buka siklus (Mulai)").click()
    page.get_by_label("Tahun").fill("2099")  # a quarter not yet ended: refused, with the date
    page.get_by_label("Triwulan").select_option("1")
    page.get_by_label("Disposisi untuk Kasubag Program").fill(
        "Segera siapkan format isian monev Triwulan III."
    )
    page.get_by_role("button", name="Buka siklus (Mulai)").click()
    expect(page.get_by_text("dapat dibuka mulai Rabu, 1 April 2099")).to_be_visible()
    page.get_by_label("Tahun").fill("2026")
    page.get_by_label("Triwulan").select_option("3")
    page.get_by_role("button", name="Buka siklus (Mulai)").click()
    expect(page.get_by_text("dibuka. Langkah 1 menunggu")).to_be_visible()

    returned = False
    number = 1
    while number <= 13:
        holder = HOLDER[number]
        login(holder)
        _open_from_inbox(page, number)
        if number == 11 and not returned:
            page.locator("#id_return-note").fill("Tabel capaian per Bidang belum lengkap.")
            page.get_by_test_id("return").click()
            expect(page.get_by_text("Dikembalikan ke langkah 10")).to_be_visible()
            shoot("cycle-returned-desktop")
            returned = True
            number = 10
            login("kasubag")
            continue
        page.locator("#id_file").set_input_files(PDF)
        page.get_by_test_id("upload").click()
        expect(page.get_by_text("Dokumen output dilampirkan.")).to_be_visible()
        page.get_by_test_id("complete").click()
        if number in APPROVER:
            expect(
                page.get_by_text(f"Langkah {number} diajukan untuk persetujuan.")
            ).to_be_visible()
            login(holder)  # the holder no longer sees it waiting
            expect(page.get_by_test_id("inbox")).not_to_contain_text(f"Langkah {number}:")
            login(APPROVER[number])
            expect(page.get_by_test_id("inbox")).to_contain_text("Persetujuan")
            _open_from_inbox(page, number)
            page.get_by_test_id("approve").click()
            expect(page.get_by_text(f"Langkah {number} disetujui.")).to_be_visible()
        else:
            expect(page.get_by_text(f"Langkah {number} selesai.")).to_be_visible()
        if number == 9:
            shoot("cycle-step10-desktop")
        number += 1

    expect(page.get_by_test_id("cycle-status")).to_have_text("Selesai")
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("putaran 2")
    expect(page.get_by_test_id("transitions")).to_contain_text("Tabel capaian per Bidang")
    shoot("cycle-finished-desktop")
    page.set_viewport_size(PHONE)
    shoot("cycle-finished-phone")

    for username in ("kasubag", "sekretaris", "kadis", "operator.koperasi"):
        login(username)
        expect(page.get_by_test_id("inbox")).to_contain_text("Tidak ada yang menunggu")
