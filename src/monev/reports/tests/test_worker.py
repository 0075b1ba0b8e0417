"""A render requested on the page is done by a real `db_worker` process (django-tasks-db):
the job is queued in the database, a separate `python -m django db_worker --batch` process
takes it, renders the version and stores it, and the job reports the version.

The worker process must see the test database. On PostgreSQL it connects to it directly;
SQLite's test database lives in this process's memory, so it is copied to a file (SQLite's
backup API) for the worker and copied back afterwards."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from pypdf import PdfReader

import monev
from monev.reports import services
from monev.reports.choices import JobStatus
from monev.reports.models import RenderJob

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url(tmp_path: Path) -> tuple[str, Path | None]:
    """The URL the worker process uses, and the SQLite copy (None on PostgreSQL)."""
    if connection.vendor == "sqlite":
        if not connection.is_in_memory_db():
            return f"sqlite:///{connection.settings_dict['NAME']}", None
        copy = tmp_path / "worker.sqlite3"
        target = sqlite3.connect(copy)
        connection.connection.backup(target)  # type: ignore[union-attr]
        target.close()
        return f"sqlite:///{copy}", copy
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}", None


def test_a_db_worker_process_renders_the_requested_version(
    small_plan: Any, sop_cycle: Any, personas: Any, settings: Any, tmp_path: Path
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = services.generate_request(actor=personas["kasubag"], cycle=sop_cycle)
    job.refresh_from_db()
    assert job.status == JobStatus.MENUNGGU and job.task_id  # queued in the database
    url, copy = _database_url(tmp_path)
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(monev.__file__).parents[1]),
        "DJANGO_SETTINGS_MODULE": "monev.settings",
        "DATABASE_URL": url,
        "DEBUG": "true",
        "MONEV_VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "MONEV_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    worker = subprocess.run(
        [sys.executable, "-m", "django", "db_worker", "--batch", "--no-reload",
         "--no-startup-delay", "--interval", "0.2"],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert "state=SUCCESSFUL" in worker.stdout + worker.stderr
    if copy is not None:  # bring the worker's writes back into the test database
        source = sqlite3.connect(copy)
        source.backup(connection.connection)  # type: ignore[arg-type]
        source.close()

    job = RenderJob.objects.select_related("version").get(pk=job.pk)
    assert job.status == JobStatus.SELESAI and job.progress == 100 and job.attempts == 1
    version = job.version
    assert version is not None and version.number == 1
    pdf = Path(settings.MEDIA_ROOT, version.pdf.name).read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == version.sha256
    assert "TRIWULAN III TAHUN 2026" in (PdfReader(BytesIO(pdf)).pages[0].extract_text() or "")
