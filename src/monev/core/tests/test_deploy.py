"""With DEBUG off and production settings, `monev check --deploy` reports no warnings; every
model change has its migration."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from typing import Any

import pytest


def test_check_deploy_is_clean_with_debug_off(tmp_path: object) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "monev.balangankab.go.id",
        "SECURE_SSL_REDIRECT": "true",
        "MONEV_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/deploy.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "-m", "monev.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout  # nothing hidden either


@pytest.mark.django_db
def test_the_models_and_their_migrations_agree() -> None:
    """No model change is left without its migration (a choice added to a role, say)."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as missing:
        raise AssertionError(f"Migrasi belum dibuat:\n{out.getvalue()}") from missing


def test_collectstatic_builds_the_manifest_so_hashed_names_switch_on(
    tmp_path: Any, settings: Any
) -> None:
    """Issue 21, item 12: with DEBUG off, `collectstatic` runs with the manifest storage (it
    used to be chosen only when a manifest already existed, so none was ever written)."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    assert not settings.DEBUG
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    assert backend == "monev.core.staticfiles.CollectedStaticStorage"
    assert staticfiles_storage.url("monev/app.css") == "/static/monev/app.css"  # not collected
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": backend}}
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "static" / "staticfiles.json").exists()
    settings.STORAGES = {**settings.STORAGES}  # a fresh storage reads the manifest
    url = staticfiles_storage.url("monev/app.css")
    assert url.startswith("/static/monev/app.") and url != "/static/monev/app.css"
    assert (tmp_path / "static" / url.removeprefix("/static/")).exists()
