"""In Chromium, step 12 signed through the real forms against the local fake of BSrE: the
Kasubag Program's and the Sekretaris' paraf, a wrong passphrase refused, the Kepala Dinas'
signature that ratifies; archived; then the public verification page lists the signatures of
the signed file, of a file sealed only by the agency, and of the signed file with one byte
changed. Screenshots at desktop width and 390 px, through `shoot` like the other browser tests
(the copies in docs/screenshots/wave20/ were taken from them and looked at)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from monev.archive.tests.conftest import archive_flushable  # noqa: F401
from monev.signing.tests.conftest import (  # noqa: F401
    KADIS_NIK,
    KADIS_PASS,
    KASUBAG_NIK,
    KASUBAG_PASS,
    SEKRETARIS_NIK,
    SEKRETARIS_PASS,
    fake_bsre,
    final_submitted,
    seal,
    test_ca,
    trust_roots,
)
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def _paraf(page: Any, url: str, nik: str, passphrase: str) -> None:
    page.goto(url + "#tanda-tangan")
    form = page.get_by_test_id("paraf-form")
    form.get_by_test_id("sign-nik").fill(nik)
    form.get_by_test_id("sign-passphrase").fill(passphrase)
    form.get_by_test_id("paraf-submit").click()


def test_sign_ratify_and_verify_in_the_browser(
    archive_flushable: None,  # noqa: F811
    final_submitted: Any,  # noqa: F811
    fake_bsre: Any,  # noqa: F811
    seal: Any,  # noqa: F811
    live_server: Any,
    page: Any,
    login: Any,
    shoot: Any,
    tmp_path: Path,
    personas: Any,
) -> None:
    from monev.archive import services as archive_services
    from monev.reports import services
    from monev.signing import providers

    report_url = f"{live_server.url}/laporan/{final_submitted.cycle_id}/"
    login("kasubag")
    _paraf(page, report_url, KASUBAG_NIK, "bukan-passphrase-nya")
    expect(page.locator(".alert-danger, .alert-error").first).to_contain_text(
        "Passphrase TTE salah"
    )
    assert "bukan-passphrase-nya" not in page.content()
    _paraf(page, report_url, KASUBAG_NIK, KASUBAG_PASS)
    expect(page.get_by_test_id("signing")).to_contain_text("Paraf Sekretaris")
    login("sekretaris")
    _paraf(page, report_url, SEKRETARIS_NIK, SEKRETARIS_PASS)
    login("kadis")
    page.goto(f"{live_server.url}/laporan/{final_submitted.cycle_id}/sahkan/")
    form = page.get_by_test_id("sign-form")
    form.get_by_test_id("sign-nik").fill(KADIS_NIK)
    form.get_by_test_id("sign-passphrase").fill(KADIS_PASS)
    shoot("tte-ratify-confirm-desktop")
    form.get_by_test_id("confirm-check").check()
    form.get_by_test_id("confirm-sahkan").click()
    expect(page.get_by_test_id("signing")).to_contain_text("Tanda tangan pengesahan")
    assert KADIS_PASS not in page.content()
    # The versions table hands out the signed PDF and says so.
    number = services.latest_version(final_submitted).number
    versions = page.get_by_test_id("versions")
    expect(versions.get_by_test_id(f"versions-pdf-{number}")).to_contain_text("PDF bertanda tangan")
    expect(versions.get_by_test_id(f"versions-pdf-signatures-{number}")).to_contain_text(
        "3 tanda tangan"
    )
    page.locator("#tanda-tangan").scroll_into_view_if_needed()
    shoot("tte-report-signatures-desktop")

    final_submitted.refresh_from_db()
    entry = archive_services.archive_report(actor=personas["kasubag"], report=final_submitted)
    signed = tmp_path / "bertanda-tangan.pdf"
    with entry.file.open("rb") as f:
        signed.write_bytes(f.read())
    # A file sealed only by the agency: the same final document, the seal's signature alone.
    version = final_submitted.final_version
    with version.pdf.open("rb") as f:
        original = f.read()
    from monev.reports.services.signing import _block
    from monev.signing import appearance
    from monev.signing.providers import SignRequest

    name = version.final["signatory"]["name"]
    sealed = providers.Seal(seal).sign(SignRequest(
        pdf=original, field_name="Pengesahan-KepalaDinas", reason="Tanda tangan pengesahan",
        placement=appearance.placement(original, name),
        image_png=appearance.image(_block(version, "segel", version.created_at)),
    ))  # fmt: skip
    sealed_path = tmp_path / "segel-saja.pdf"
    sealed_path.write_bytes(sealed)
    data = bytearray(signed.read_bytes())
    data[len(original) // 2] ^= 0x01
    altered = tmp_path / "diubah.pdf"
    altered.write_bytes(bytes(data))
    assert services.current_pdf(version) == signed.read_bytes()

    page.context.clear_cookies()
    for path, name_, testid in (
        (signed, "tte-verify-signed", "sig-intact"),
        (sealed_path, "tte-verify-sealed-not-archived", "sig-intact"),
        (altered, "tte-verify-altered", "sig-altered"),
    ):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}/verifikasi/")
        page.set_input_files("#berkas", str(path))
        page.get_by_test_id("verify-file").click()
        expect(page.get_by_test_id(testid).first).to_be_visible()
        shoot(f"{name_}-desktop")
        page.set_viewport_size(PHONE)
        shoot(f"{name_}-390")
    expect(page.get_by_test_id("verify-not-genuine")).to_be_visible()
