"""With DEBUG off and production settings, `monev check --deploy` reports no warnings; every
model change has its migration."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

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
