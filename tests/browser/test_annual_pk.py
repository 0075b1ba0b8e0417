"""In Chromium: the Kasubag Program makes the Perjanjian Kinerja 2026 from its page, a
perubahan stage makes "PK perubahan tersedia" appear and a second version follows (the first
kept); the Kepala Dinas signs the latest with the agency seal. Desktop and 390 px, screenshots
under the run's output (the copies in docs/screenshots/pk/ were taken from there)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from monev.signing.tests.conftest import seal, test_ca, trust_roots  # noqa: F401  (fixtures)
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_pk_is_made_revised_after_a_perubahan_and_signed(
    live_server: Any, page: Any, personas: Any, small_plan: Any, seal: Any, login: Any,  # noqa: F811
    shoot: Any,
) -> None:  # fmt: skip
    from monev.annual.tests.test_pk import perubahan

    page.set_viewport_size(DESKTOP)
    login("kasubag")
    page.goto(f"{live_server.url}/tahunan/2026/pk/")
    expect(page.get_by_test_id("pk-empty")).to_be_visible()
    page.get_by_test_id("pk-create").click()
    expect(page.get_by_test_id("pk-head").get_by_test_id("pk-version")).to_have_count(1)
    expect(page.get_by_test_id("pk-unit")).to_contain_text("Murni")
    perubahan(personas, small_plan)
    page.reload()
    expect(page.get_by_test_id("pk-update")).to_contain_text("PK perubahan tersedia")
    page.get_by_test_id("pk-create").click()
    expect(page.get_by_test_id("pk-head").get_by_test_id("pk-version")).to_have_count(2)
    expect(page.get_by_test_id("pk-update")).to_have_count(0)

    login("kadis")
    page.goto(f"{live_server.url}/tahunan/2026/pk/")
    page.get_by_test_id("pk-sign").get_by_role("button").click()
    expect(page.get_by_test_id("pk-signed")).to_have_count(1)
    shoot("pk-page-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    shoot("pk-page-phone")
