"""The browser tests' live server sends each response at once (monev.core.servers.NoDelay)."""

from __future__ import annotations


def test_the_browser_tests_live_server_uses_it() -> None:
    from django.test.testcases import LiveServerThread

    from monev.core.servers import NoDelay
    from tests.browser import conftest  # noqa: F401  (sets the live server's class)

    assert issubclass(LiveServerThread.server_class, NoDelay)
