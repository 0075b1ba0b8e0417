"""pytest plugin: each test's wall time and CPU time, one JSON line per test.

On a shared machine wall times swing with the load; CPU time does not. A test's CPU time is
the pytest process's own (setup + call + teardown) plus, on PostgreSQL, what its server
backend spent for it (read from /proc; the server runs on the same machine). Chromium's CPU
is not counted (browser tests: read the wall time).

    PYTHONPATH=bench/tests-speed pytest -p cputime ...   # writes $MONEV_CPU_LOG (JSON lines)
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

_TICK = os.sysconf("SC_CLK_TCK")


def _backend_cpu() -> float:
    """CPU seconds of this process's PostgreSQL backend so far (0 elsewhere)."""
    try:
        from django.db import connection

        if connection.vendor != "postgresql" or connection.connection is None:
            return 0.0
        pid = connection.connection.info.backend_pid
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except Exception:
        return 0.0


def _vendor() -> str:
    """Which database the run uses (both runs may share one log, side by side)."""
    try:
        from django.db import connection

        return str(connection.vendor)
    except Exception:
        return "?"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: Any, nextitem: Any) -> Any:
    started = time.time()
    wall, cpu, backend = time.perf_counter(), time.process_time(), _backend_cpu()
    yield
    log = os.environ.get("MONEV_CPU_LOG")
    if not log:
        return
    backend_after = _backend_cpu()
    row = {
        "id": item.nodeid,
        "wall": round(time.perf_counter() - wall, 4),
        "cpu": round(time.process_time() - cpu, 4),
        "db": round(max(0.0, backend_after - backend), 4) if backend_after else 0.0,
        "worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
        "vendor": _vendor(),
        "start": round(started, 3),  # for a timeline (idle cores at the end of a run)
    }
    with open(log, "a") as out:
        out.write(json.dumps(row) + "\n")
