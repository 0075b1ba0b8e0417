"""The profile page's «Saluran notifikasi» in Chromium at 390 px and 1366 px (issue #23):
linking Telegram shows the one-time code and the bot's deep link; choosing WhatsApp without a
number is refused with a message; screenshots looked at."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SIZES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("size", list(SIZES))
def test_the_profile_channel_section(
    size: str, live_server: Any, page: Any, personas: Any, settings: Any, login: Any, shoot: Any
) -> None:
    settings.MONEV_TELEGRAM_BOT_TOKEN = "123:ABC"
    settings.MONEV_TELEGRAM_BOT_USERNAME = "monev_contoh_bot"
    settings.MONEV_WHATSAPP_GATEWAY_URL = "http://127.0.0.1:9/kirim"
    page.set_viewport_size(SIZES[size])
    login("kabid.koperasi")
    page.goto(f"{live_server.url}/accounts/profil/")
    section = page.get_by_test_id("channels")
    expect(section.get_by_role("heading", name="Saluran notifikasi")).to_be_visible()

    section.get_by_test_id("telegram-connect").click()
    code = page.get_by_test_id("telegram-code")
    expect(code).to_contain_text("/start ")
    link = page.get_by_test_id("telegram-link")
    assert link.get_attribute("href", timeout=2000).startswith(
        "https://t.me/monev_contoh_bot?start="
    )

    page.get_by_role("checkbox", name="WhatsApp").check()
    page.get_by_role("button", name="Simpan saluran").click()
    expect(page.get_by_test_id("channel-whatsapp")).to_contain_text("Isi nomor WhatsApp")
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(f"profile-channels-{size}")

    page.get_by_label("Nomor WhatsApp").fill("0812 3456 7890")
    page.get_by_role("button", name="Simpan saluran").click()
    expect(page.get_by_text("Saluran notifikasi disimpan.")).to_be_visible()
    expect(page.get_by_label("Nomor WhatsApp")).to_have_value("6281234567890")
