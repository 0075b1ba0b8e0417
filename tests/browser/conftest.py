"""Browser tests: a live server on the test database and Chromium through Playwright."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

SCREENSHOTS = Path(
    os.environ.get("MONEV_SCREENSHOTS", Path(__file__).parents[2] / "var" / "screenshots")
)


HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def login(live_server: Any, page: Any) -> Callable[[str], Any]:
    """Sign in through the real login form as a demo user; return the page."""

    def _login(username: str, password: str = "monev-demo") -> Any:
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(password)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login


@pytest.fixture
def shoot(page: Any) -> Callable[[str], Path]:
    """Save a full-page screenshot under var/screenshots/ (looked at by the developers)."""

    def _shoot(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shoot
