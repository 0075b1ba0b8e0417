"""The 403 and 404 pages in a real browser, on a desktop and a 390 px phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def test_the_403_and_404_pages_sit_in_the_layout_with_a_way_home(
    personas: Any, live_server: Any, page: Any, login: Any, shoot: Any
) -> None:
    login("operator.koperasi")
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        response = page.goto(f"{live_server.url}/audit/")
        assert response is not None and response.status == 403
        expect(page.get_by_role("heading", name="Akses ditolak")).to_be_visible()
        shoot(f"error-403-{label}")
        response = page.goto(f"{live_server.url}/tidak-ada/")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", name="Halaman tidak ditemukan")).to_be_visible()
        shoot(f"error-404-{label}")
    page.get_by_test_id("error-home").click()
    page.wait_for_url(f"{live_server.url}/")
