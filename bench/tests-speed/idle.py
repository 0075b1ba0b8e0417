"""pytest plugin: where a worker's wall time goes, from the kernel's scheduler statistics.

For each test it reads /proc/<pid>/task/<tid>/schedstat (time on a CPU, time waiting for a
CPU) of the pytest process (all its threads) and, on PostgreSQL, of its server backend. What is
left of the wall time is time neither was running nor runnable: blocked on fsync, the socket,
a lock, a subprocess. On a loaded machine "waiting for a CPU" grows; "blocked" does not. A
worker whose blocked share is large leaves a core idle that a second pass could use.

    PYTHONPATH=bench/tests-speed pytest -p idle ...     # prints the totals at the end
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

TOTAL = {"wall": 0.0, "cpu": 0.0, "runq": 0.0, "db_cpu": 0.0, "db_runq": 0.0, "tests": 0}


def _sched(pid: int) -> tuple[float, float]:
    cpu = runq = 0.0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                a, b, _ = (task / "schedstat").read_text().split()
            except (OSError, ValueError):
                continue
            cpu += int(a) / 1e9
            runq += int(b) / 1e9
    except OSError:
        pass
    return cpu, runq


def _backend() -> int | None:
    try:
        from django.db import connection

        if connection.vendor == "postgresql" and connection.connection is not None:
            return int(connection.connection.info.backend_pid)
    except Exception:
        pass
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: Any, nextitem: Any) -> Any:
    wall = time.perf_counter()
    me = _sched(os.getpid())
    pid = _backend()
    db = _sched(pid) if pid else (0.0, 0.0)
    yield
    me2 = _sched(os.getpid())
    pid2 = _backend()
    db2 = _sched(pid2) if pid2 else (0.0, 0.0)
    if pid2 != pid:  # a new connection: count the new backend from zero
        db = (0.0, 0.0)
    TOTAL["wall"] += time.perf_counter() - wall
    TOTAL["cpu"] += me2[0] - me[0]
    TOTAL["runq"] += me2[1] - me[1]
    TOTAL["db_cpu"] += max(0.0, db2[0] - db[0])
    TOTAL["db_runq"] += max(0.0, db2[1] - db[1])
    TOTAL["tests"] += 1


def _vendor() -> str:
    try:
        from django.db import connection

        return str(connection.vendor)
    except Exception:
        return "?"


def pytest_sessionfinish(session: Any) -> None:
    t = TOTAL
    blocked = t["wall"] - t["cpu"] - t["runq"] - t["db_cpu"] - t["db_runq"]
    line = (
        f"idle.py {_vendor()} {os.environ.get('PYTEST_XDIST_WORKER', 'main')}: {t['tests']} tests, "
        f"wall {t['wall']:.1f} s = pytest cpu {t['cpu']:.1f} + runq {t['runq']:.1f}"
        f" + server cpu {t['db_cpu']:.1f} + runq {t['db_runq']:.1f} + blocked {blocked:.1f}"
    )
    print("\n" + line)
    log = os.environ.get("MONEV_IDLE_LOG")
    if log:
        with open(log, "a") as out:
            out.write(line + "\n")
