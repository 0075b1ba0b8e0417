"""Browser tests: a live server on the test database and Chromium through Playwright."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

from monev.core.servers import NoDelay
from monev.testing import kept_output

#: The run's output (var/ or MONEV_TEST_OUTPUT), never docs/: a test run leaves the tree clean.
SCREENSHOTS = kept_output("screenshots")
#: Screenshots are for the developers to look at (STYLE): taken on a developer's `make test`,
#: not in CI (`CI=true`), where nobody can look and each full page costs ~0.3 s of Chromium
#: (~150 a run). MONEV_TEST_SCREENSHOTS=1 or 0 decides either way.
TAKE_SCREENSHOTS = (
    os.environ.get("MONEV_TEST_SCREENSHOTS", "0" if os.environ.get("CI") else "1") == "1"
)

#: The two widths every page is looked at: a laptop and a phone (390 px).
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SIZES = {"phone": PHONE, "desktop": DESKTOP}


HERE = Path(__file__).parent

# Playwright's `expect` waits 5 s by default: on a loaded machine an upload that the server
# checks before answering can take longer (seen: a phone-size upload test failing while the
# other core ran the rest of the suite). Waiting longer costs nothing when the page is quick.
expect.set_options(timeout=15_000)


class _OneRequestAtATime(NoDelay, ThreadedWSGIServer):
    """The live server's threads share the test database's one in-memory SQLite connection
    (Django passes it to them), so two requests at once — the blangko's autosaves fire side by
    side — could meet on it ("cannot open savepoint - SQL statements in progress", a 500 that
    no real server gives: each of its threads has its own connection). Connections stay
    threaded; the application answers one request at a time, its body read in full. Each
    response is sent at once (`NoDelay`: not ~40 ms late on a connection kept alive)."""

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


def fill_login(page: Any, url: str, username: str, password: str = "monev-demo") -> None:
    """Open the login form of the server at `url` and send it (what follows is the caller's:
    the home page, the second factor, a refusal)."""
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


@pytest.fixture
def login(live_server: Any, page: Any) -> Callable[[str], Any]:
    """Sign in through the real login form as a demo user; return the page."""

    def _login(username: str, password: str = "monev-demo") -> Any:
        page.context.clear_cookies()
        fill_login(page, live_server.url, username, password)
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login


@pytest.fixture
def open_form(page: Any, login: Any) -> Callable[..., Any]:
    """Sign in as the Bidang Koperasi's operator (unless `sign_in` is false: the one signed in
    already, on the home page) and open its format isian from the inbox; return the page once
    the form has loaded (a measurement before the navigation ends reads no document)."""

    def _open_form(*, sign_in: bool = True) -> Any:
        if sign_in:
            login("operator.koperasi")
        page.get_by_test_id("inbox").get_by_role(
            "link", name="Isi format isian Bidang Koperasi"
        ).click()
        expect(page.get_by_test_id("submission-status")).to_be_visible()
        return page

    return _open_form


@pytest.fixture
def step_done(personas: Any, sop_cycle: Any) -> Callable[..., None]:
    """Complete step `number` of the quarter's cycle as its holder, the Kasubag Program, through
    the service (`override_reason` and the like go to it as they are)."""
    from monev.sop import services

    def _step_done(number: int, **options: Any) -> None:
        services.step_complete(
            actor=personas["kasubag"], run=sop_cycle.runs.get(number=number), **options
        )

    return _step_done


@pytest.fixture
def in_review(small_plan: Any, sop_cycle: Any, personas: Any) -> Any:
    """The quarter's report at step 9 (review), its first version rendered."""
    from monev.reports import services
    from monev.reports.tests.conftest import place_at

    place_at(sop_cycle, 8)
    report = services.report_freeze(actor=personas["kasubag"], cycle=sop_cycle)
    services.version_render(actor=personas["kasubag"], report=report)
    place_at(sop_cycle, 9)
    return report


@pytest.fixture
def start_worker(live_server: Any) -> Iterator[Callable[[], threading.Thread]]:
    """Start django-tasks-db's own worker loop for one task in a thread that uses the live
    server's connection (the in-memory test database is shared that way only)."""
    from django.db import connections
    from django_tasks_db.management.commands.db_worker import Worker

    shared = connections["default"]
    shared.inc_thread_sharing()
    started: list[tuple[threading.Thread, Worker]] = []

    def run(worker: Worker) -> None:
        connections["default"] = shared
        worker.run()

    def start() -> threading.Thread:
        worker = Worker(
            queue_names=["default"], interval=0.2, batch=False, backend_name="default",
            startup_delay=False, max_tasks=1, worker_id=f"browser-{len(started)}",
            excluded_queue_names=[],
        )  # fmt: skip
        thread = threading.Thread(target=run, args=(worker,), daemon=True)
        thread.start()
        started.append((thread, worker))
        return thread

    yield start
    for thread, worker in started:
        worker.running = False
        thread.join(timeout=60)
    shared.dec_thread_sharing()


@pytest.fixture
def held_render(monkeypatch: Any, start_worker: Any) -> Callable[[], Callable[[], None]]:
    """Start a worker and hold it inside the PDF render, to see the job's running stage and its
    percentage; return the function that lets it go on, waits for it to end and puts the
    render back."""
    from monev.reports import render_pdf

    def hold() -> Callable[[], None]:
        inside, release = threading.Event(), threading.Event()
        original = render_pdf.render

        def held(*args: Any, **kwargs: Any) -> bytes:
            inside.set()
            release.wait(timeout=60)
            return original(*args, **kwargs)

        monkeypatch.setattr(render_pdf, "render", held)
        worker = start_worker()
        assert inside.wait(timeout=60)

        def let_go() -> None:
            release.set()
            worker.join(timeout=120)
            monkeypatch.setattr(render_pdf, "render", original)

        return let_go

    return hold


def keep_viewport(page: Any, filename: str) -> None:
    """Save a screenshot of what the viewport shows (as `shoot`, only when screenshots are
    taken)."""
    if TAKE_SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / filename))


@pytest.fixture
def shoot(page: Any) -> Callable[[str], Path]:
    """Save a full-page screenshot under the run's screenshots/ (looked at by the developers)."""

    def _shoot(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        if TAKE_SCREENSHOTS:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(path), full_page=True)
        return path

    return _shoot
