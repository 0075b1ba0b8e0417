"""In Chromium: SOP steps 4 → 5 → 6 for two Bidang. The Kasubag Program plans two visits, the
Sekretaris approves the plan, the team fills each blangko on a phone (390 × 844, saved field by
field), the leader submits, each Kepala Bidang answers (one disputes a finding), and at step 6
the Kasubag Program accepts one proposed correction and rejects the other."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from monev.monitoring.tests.conftest import prepare_plan_cycle
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan_cycle(sop_cycle: Any, small_plan: Any, personas: Any) -> Any:
    return prepare_plan_cycle(sop_cycle, small_plan, personas)


def _png(width: int = 96, height: int = 72) -> bytes:
    """A real (decodable) PNG: a green field with a lighter band, like a photo of a folder."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\0" + (b"\x2e\x8b\x57" if y % 24 < 16 else b"\xd8\xf0\xe0") * width for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = {"name": "foto-arsip.png", "mimeType": "image/png", "buffer": _png()}


def _plan_visit(page: Any, unit: Any, day: str, personas: Any) -> None:
    # plan-form.js (end of the page) sends the Bidang as soon as it is chosen: pick it once the
    # script listens, or the change can come first (seen under load)
    expect(page.locator("#id_bidang[data-autosubmit-ready]")).to_have_count(1)
    page.locator("#id_bidang").select_option(str(unit.pk))  # the Bidang first (sent at once)
    expect(page.get_by_test_id("plan-unit")).to_have_text(unit.name)
    page.locator("#id_day").fill(day)
    page.locator("#id_start").fill("09:00")
    page.locator("#id_end").fill("11:30")
    page.locator("#id_place").fill(f"Ruang rapat {unit.name}")
    team = [personas["kasubag"].official.pk, personas["staf.program"].official.pk]
    for pk in team:
        page.locator(f'#pilih-tim input[value="{pk}"]').check()
    page.locator("#id_leader").select_option(str(team[0]))
    page.get_by_role("button", name="Simpan kunjungan").click()
    expect(page.get_by_text(f"Kunjungan ke {unit.name} disimpan.")).to_be_visible()


def _fill_blangko(page: Any, code: str, verified: str, proposed: str | None) -> None:
    """Fill every indicator, the required checklist items, one finding, one recommendation."""
    for card in page.get_by_test_id("indicator").all():
        this_code = card.get_attribute("data-code")
        value = (
            verified
            if this_code == code
            else card.locator("input[name=verified_value]").input_value() or "0"
        )
        card.locator("input[name=verified_value]").fill(value)
        if this_code == code and proposed is not None:
            card.locator("select[name=verdict]").select_option("kurang")
            card.locator("input[name=verdict_reason]").fill("Daftar hadir hanya memuat sebagian.")
            card.locator("input[name=proposed_value]").fill(proposed)
        else:
            card.locator("select[name=verdict]").select_option("cukup")
        expect(card.locator(".save-state")).to_contain_text("tersimpan")
    # One answer at a time: each change saves the section at once (htmx). The in-memory
    # SQLite of the live server refuses a second writer instead of waiting for it, so the test
    # lets each save finish (a file database or PostgreSQL waits for the row lock).
    for key in ("1.1", "1.2", "1.3", "2.1"):
        page.locator(f'[data-key="{key}"] input[value=ya]').check()
        page.wait_for_load_state("networkidle")
    page.locator('[data-key="1.5"] select').select_option("Lengkap dan tertata")
    page.wait_for_load_state("networkidle")
    page.locator('[data-key="2.2"] textarea').fill("Pendampingan rutin oleh penyuluh.")
    page.wait_for_load_state("networkidle")
    page.locator('[data-key="2.3"] textarea').fill("Sebagian arsip masih di lapangan.")
    page.wait_for_load_state("networkidle")
    for section in page.get_by_test_id("section").all()[:2]:
        expect(section.locator(".save-state")).to_contain_text("tersimpan")


def test_steps_four_to_six_for_two_bidang_with_the_blangko_on_a_phone(
    live_server: Any,
    page: Any,
    personas: Any,
    plan_cycle: Any,
    login: Any,
    shoot: Any,
) -> None:
    from monev.monitoring.models import Visit
    from monev.organization.models import Unit

    kop, naker = Unit.objects.get(code="BID-KOP"), Unit.objects.get(code="BID-NAKER")
    cycle_url = f"{live_server.url}/monev/siklus/{plan_cycle.pk}/"

    # Step 4: the plan, at a desktop
    page.set_viewport_size(DESKTOP)
    login("kasubag")
    page.goto(cycle_url)
    page.get_by_test_id("step-page").click()
    _plan_visit(page, kop, "2026-10-12", personas)
    _plan_visit(page, naker, "2026-10-12", personas)  # same team, same time: warned
    expect(page.get_by_text("pada waktu yang sama").first).to_be_visible()
    page.get_by_test_id("plan").locator('tr[data-unit="BID-NAKER"]').get_by_role(
        "link", name="Ubah"
    ).click()
    page.locator("#id_day").fill("2026-10-13")
    page.get_by_role("button", name="Simpan kunjungan").click()
    expect(page.get_by_text("pada waktu yang sama")).to_have_count(0)
    shoot("monev-plan-desktop")
    jadwal = page.request.get(live_server.url + page.get_by_test_id("jadwal").get_attribute("href"))
    assert jadwal.ok and jadwal.body().startswith(b"%PDF")
    page.goto(cycle_url)
    page.get_by_test_id("complete").click()
    login("sekretaris")
    page.goto(cycle_url)
    page.get_by_test_id("approve").click()
    expect(page.get_by_text("Melaksanakan monitoring evaluasi kinerja").first).to_be_visible()
    assert set(Visit.objects.values_list("status", flat=True)) == {"disetujui"}

    # Step 5: the blangko on a phone
    page.set_viewport_size(PHONE)
    login("kasubag")
    visits = {v.unit.code: v for v in Visit.objects.select_related("unit")}
    for code, indicator, verified, proposed in (
        ("BID-KOP", "IK.2.17.03.2.01.0004.01", "10", "10"),
        ("BID-NAKER", "IK.NAKER.01", "45", "45"),
    ):
        page.goto(f"{live_server.url}/kunjungan/{visits[code].pk}/")
        _fill_blangko(page, indicator, verified, proposed)
        page.get_by_test_id("finding-form").locator("textarea").fill(
            "Bukti pemeriksaan dua koperasi tidak ditemukan."
            if code == "BID-KOP"
            else "Data penempatan belum dipisahkan per perusahaan."
        )
        page.get_by_role("button", name="Tambah temuan").click()
        page.wait_for_load_state("networkidle")
        page.get_by_test_id("recommendation-form").locator("select[name=finding]").select_option(
            index=1
        )
        page.get_by_test_id("recommendation-form").locator("textarea").fill(
            "Lengkapi bukti dan arsipkan."
        )
        page.get_by_test_id("recommendation-form").locator("input[type=date]").fill("2026-12-31")
        page.get_by_role("button", name="Tambah rekomendasi").click()
        # Let the add (and any autosave still in flight) finish before the next click: on a
        # loaded machine the submit could otherwise race them.
        expect(page.get_by_text("Lengkapi bukti dan arsipkan.").first).to_be_visible()
        page.wait_for_load_state("networkidle")
        if code == "BID-KOP":
            page.locator("input[name=photo]").set_input_files(PNG)
            page.get_by_role("button", name="Unggah").click()
            expect(page.get_by_test_id("photos").locator("img")).to_have_count(1)
            # its width once it has loaded or failed (0): read at once, a slow load gave 0 too
            loaded = (
                page.get_by_test_id("photos")
                .locator("img")
                .evaluate(
                    "i => i.complete ? i.naturalWidth : new Promise(done => {"
                    " i.addEventListener('load', () => done(i.naturalWidth));"
                    " i.addEventListener('error', () => done(0)); })"
                )
            )
            assert loaded == 96  # the photo is served back and shows
            page.reload()  # nothing typed is lost
            expect(page.locator('[data-key="2.2"] textarea')).to_have_value(
                "Pendampingan rutin oleh penyuluh."
            )
            shoot("monev-blangko-phone")
        page.wait_for_load_state("networkidle")
        page.get_by_test_id("submit").click()
        expect(page.get_by_test_id("status")).to_have_text("Dilaksanakan", timeout=15_000)
    page.goto(cycle_url)
    page.get_by_test_id("complete").click()

    # Kepala Bidang answers: Koperasi disputes its finding, Tenaga Kerja agrees
    login("kabid.koperasi")
    page.goto(f"{live_server.url}/kunjungan/{visits['BID-KOP'].pk}/")
    answer = page.get_by_test_id("answer")
    answer.locator("input[type=checkbox]").first.check()
    answer.locator("input[name^=reason]").first.fill("Bukti ada di arsip UPTD.")
    shoot("monev-answer-phone")
    answer.get_by_role("button", name="Kirim tanggapan").click()
    expect(page.get_by_test_id("status")).to_have_text("Dibantah Bidang")
    login("kabid.naker")
    page.goto(f"{live_server.url}/kunjungan/{visits['BID-NAKER'].pk}/")
    page.get_by_test_id("answer").get_by_role("button", name="Kirim tanggapan").click()
    expect(page.get_by_test_id("status")).to_have_text("Diakui Bidang")
    assert page.goto(f"{live_server.url}/kunjungan/{visits['BID-KOP'].pk}/").status == 404

    # Step 6: compilation, decisions on the two corrections
    page.set_viewport_size(DESKTOP)
    login("kasubag")
    page.goto(cycle_url)
    page.get_by_test_id("step-page").click()
    expect(page.get_by_test_id("blockers")).to_contain_text("belum diputuskan")
    for code, decision in (("IK.2.17.03.2.01.0004.01", "Terima"), ("IK.NAKER.01", "Tolak")):
        box = page.locator(f'[data-testid="correction"][data-code="{code}"]')
        box.locator("input[name=reason]").fill("Diputuskan sesuai bukti dukung.")
        box.get_by_role("button", name=decision).click()
        expect(page.get_by_text("Keputusan koreksi disimpan.")).to_be_visible()
    expect(page.get_by_test_id("ready")).to_be_visible()
    shoot("monev-compilation-desktop")
    page.set_viewport_size(PHONE)
    shoot("monev-compilation-phone")
    page.goto(cycle_url)
    page.get_by_test_id("complete").click()
    expect(page.get_by_text("Mengolah dan menganalisa data").first).to_be_visible()
    berita = page.request.get(
        f"{live_server.url}/kunjungan/{visits['BID-KOP'].pk}/berita-acara.pdf"
    )
    assert berita.ok and berita.body().startswith(b"%PDF")
