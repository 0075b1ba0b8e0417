"""In Chromium: two-factor enrolment and sign-in, and pages that the CSP does not break."""

from __future__ import annotations

from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, fill_login

pytestmark = pytest.mark.django_db(transaction=True)


def _watch_console(page: Any) -> list[str]:
    """Collect script errors and the browser's CSP refusals (not failed-status loads)."""
    problems: list[str] = []

    def console(msg: Any) -> None:
        if "Content Security Policy" in msg.text or "Refused" in msg.text:
            problems.append(msg.text)

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_the_kepala_dinas_enrols_and_signs_in_with_a_totp_code(
    live_server: Any, page: Any, personas: Any, settings: Any, shoot: Any
) -> None:
    settings.TWO_FACTOR_REQUIRED_ROLES = ["administrator", "kepala_dinas"]
    problems = _watch_console(page)
    page.set_viewport_size(DESKTOP)
    page.context.clear_cookies()
    fill_login(page, live_server.url, "kadis")
    page.wait_for_url("**/accounts/dua-langkah/**")
    expect(page.get_by_text("wajib memakai verifikasi dua langkah")).to_be_visible()
    expect(page.get_by_test_id("qr-code").locator("svg")).to_be_visible()
    shoot("two-factor-setup-desktop")
    page.set_viewport_size(PHONE)
    shoot("two-factor-setup-phone")
    page.set_viewport_size(DESKTOP)

    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Kode").fill("000000")
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.get_by_text("Kode tidak cocok")).to_be_visible()
    page.get_by_label("Kode").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Aktifkan").click()
    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    shoot("two-factor-codes-desktop")
    page.set_viewport_size(PHONE)
    shoot("two-factor-codes-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Saya sudah menyimpannya").click()
    expect(page.get_by_role("heading", name="Menunggu tindakan saya")).to_be_visible()

    # Next sign-in: the password, then the code of the next time step (the first is used).
    page.context.clear_cookies()
    fill_login(page, live_server.url, "kadis")
    page.wait_for_url("**/accounts/dua-langkah/verifikasi/**")
    shoot("two-factor-verify-desktop")
    page.set_viewport_size(PHONE)
    shoot("two-factor-verify-phone")
    response = page.goto(f"{live_server.url}/monev/siklus/")
    assert "/dua-langkah/verifikasi/" in page.url  # nothing opens before the code
    page.get_by_label("Kode").fill(f"{totp(key, drift=1):06d}")
    page.get_by_role("button", name="Lanjutkan").click()
    page.wait_for_url("**/monev/siklus/")
    assert response is not None
    assert not problems, problems


def test_key_pages_run_under_the_csp_without_a_refusal(
    live_server: Any, page: Any, personas: Any, small_plan: Any, sop_cycle: Any, login: Any
) -> None:
    problems = _watch_console(page)
    page.set_viewport_size(DESKTOP)
    login("kasubag")
    for path in (
        "/",
        "/monev/siklus/",
        f"/monev/siklus/{sop_cycle.pk}/",
        "/hasil/dasbor/",
        f"/hasil/siklus/{sop_cycle.pk}/olah-data/",
        "/rencana/",
        "/hasil/e81/",
        "/accounts/token/",
        "/accounts/dua-langkah/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert "Content-Security-Policy" in response.headers or "content-security-policy" in (
            response.headers
        )
    page.goto(f"{live_server.url}/accounts/token/")
    page.get_by_label("Nama token").fill("Skrip laporan")
    page.get_by_role("button", name="Buat token").click()
    expect(page.get_by_test_id("new-token")).to_be_visible()
    expect(page.get_by_test_id("token-list")).to_contain_text("Skrip laporan")
    assert not problems, problems
    # The watch sees a refusal: an inline script added now is refused by the policy.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.inlineRan = true'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.inlineRan === undefined")
    assert any("Content Security Policy" in p for p in problems), problems
