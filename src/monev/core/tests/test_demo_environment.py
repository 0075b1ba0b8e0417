"""A newcomer never meets a developer's page (issue #23): under the demo's DEBUG the 404, 403
and 500 are the site's Indonesian pages unless SHOW_DEBUG_PAGES asks for Django's, and the
`monev` commands README names run in the demo's environment without a settings traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django.views import debug

from monev.cli import read_env_file
from monev.core.apps import _site_error_pages_under_debug

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[3]


@pytest.fixture
def site_pages_under_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    """Install the site's pages as the demo's start does (DEBUG on), restored afterwards."""
    monkeypatch.setattr(debug, "technical_404_response", debug.technical_404_response)
    monkeypatch.setattr(debug, "technical_500_response", debug.technical_500_response)
    with override_settings(DEBUG=True, SHOW_DEBUG_PAGES=False):
        _site_error_pages_under_debug()


@override_settings(DEBUG=True)
def test_under_debug_404_and_403_are_the_sites_indonesian_pages(
    site_pages_under_debug: None, personas: Any
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(personas["operator.koperasi"])
    missing = client.get("/tidak-ada/")
    assert missing.status_code == 404
    page = missing.content.decode()
    assert "Halaman tidak ditemukan" in page and 'data-testid="main-nav"' in page
    assert "Django" not in page and "URLconf" not in page
    refused = client.get("/audit/")
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Akses ditolak" in page and "Django" not in page


@override_settings(DEBUG=True, SHOW_DEBUG_PAGES=True)
def test_a_developer_can_ask_for_djangos_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    original = debug.technical_404_response
    monkeypatch.setattr(debug, "technical_404_response", original)
    _site_error_pages_under_debug()
    assert debug.technical_404_response is original
    assert "URLconf" in Client().get("/tidak-ada/").content.decode()


def _monev(args: list[str], var: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {"MONEV_VAR_DIR": str(var), "PYTHONPATH": str(SRC), **extra}
    return subprocess.run(
        [sys.executable, "-m", "monev.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_monev_commands_run_in_the_environment_the_demo_wrote(tmp_path: Path) -> None:
    from monev.demo.management.commands.demo import write_demo_environment

    show = ["shell", "-c", "from django.conf import settings; print('DEBUG', settings.DEBUG)"]
    before = _monev(show, tmp_path)
    assert before.returncode != 0 and "SECRET_KEY must be set" in before.stderr
    with override_settings(DEBUG=True):
        env = {"MONEV_VAR_DIR": str(tmp_path), "TWO_FACTOR_REQUIRED_ROLES": ""}
        with pytest.MonkeyPatch.context() as mp:
            for name, value in env.items():
                mp.setenv(name, value)
            mp.delenv("DATABASE_URL", raising=False)
            mp.delenv("PUBLIC_BASE_URL", raising=False)  # the suite's own, see conftest
            written = write_demo_environment()
    assert written == tmp_path / ".env"
    assert read_env_file(written) == {"DEBUG": "true", "TWO_FACTOR_REQUIRED_ROLES": ""}
    after = _monev(show, tmp_path)
    assert after.returncode == 0, after.stderr
    assert "DEBUG True" in after.stdout
    # A README command, exactly as written, on the demo's (here fresh) database.
    assert _monev(["migrate", "--noinput", "-v", "0"], tmp_path).returncode == 0
    verified = _monev(["audit_verify"], tmp_path)
    assert verified.returncode == 0, verified.stderr
    assert "Traceback" not in verified.stderr
    # The environment still wins over the file; a deployment (DATABASE_URL) ignores it.
    assert "DEBUG False" in _monev(show, tmp_path, DEBUG="false", SECRET_KEY="x" * 50).stdout


def test_the_demo_start_installs_the_site_pages(tmp_path: Path) -> None:
    """The real start (`monev …` with DEBUG on, as `make demo`) installs them; a developer's
    SHOW_DEBUG_PAGES keeps Django's."""
    probe = [
        "shell",
        "-c",
        "from django.views import debug; "
        "print('site', getattr(debug.technical_404_response, '_monev_site_page', False))",
    ]
    assert "site True" in _monev(probe, tmp_path, DEBUG="true").stdout
    assert "site False" in _monev(probe, tmp_path, DEBUG="true", SHOW_DEBUG_PAGES="true").stdout
