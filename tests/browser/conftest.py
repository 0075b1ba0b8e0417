"""Browser tests: a live server on the test database and Chromium through Playwright."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

from monev.testing import kept_output

#: The run's output (var/ or MONEV_TEST_OUTPUT), never docs/: a test run leaves the tree clean.
SCREENSHOTS = kept_output("screenshots")


HERE = Path(__file__).parent

# Playwright's `expect` waits 5 s by default: on a loaded machine an upload that the server
# checks before answering can take longer (seen: a phone-size upload test failing while the
# other core ran the rest of the suite). Waiting longer costs nothing when the page is quick.
expect.set_options(timeout=15_000)


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server's threads share the test database's one in-memory SQLite connection
    (Django passes it to them), so two requests at once — the blangko's autosaves fire side by
    side — could meet on it ("cannot open savepoint - SQL statements in progress", a 500 that
    no real server gives: each of its threads has its own connection). Connections stay
    threaded; the application answers one request at a time, its body read in full."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._app_lock = threading.Lock()

    def set_app(self, application: Any) -> None:
        def one_at_a_time(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            with self._app_lock:
                response = application(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    close = getattr(response, "close", None)
                    if close is not None:
                        close()

        super().set_app(one_at_a_time)


LiveServerThread.server_class = _OneRequestAtATime


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
    """Save a full-page screenshot under the run's screenshots/ (looked at by the developers)."""

    def _shoot(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shoot
